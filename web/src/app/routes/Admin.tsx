import { lazy, Suspense } from "react";
import { RequireSignIn } from "../../components/RequireSignIn";
import { Spinner } from "../../components/ui";

// The console's code is fetched only once the caller is known to be an admin: anyone else who opens /admin
// downloads this gate, never the console.
const AdminArea = lazy(() => import("../../features/admin/components/AdminArea").then((m) => ({ default: m.AdminArea })));

/** The operator console (admins only; the API reads the role fresh on every call). */
export default function AdminPage() {
  return (
    <RequireSignIn role="admin">
      <Suspense fallback={<Spinner label="Loading the operator console" />}>
        <AdminArea />
      </Suspense>
    </RequireSignIn>
  );
}

import { RequireSignIn } from "../../components/RequireSignIn";
import { AdminArea } from "../../features/admin/components/AdminArea";

/** The operator console (admins only; the API reads the role fresh on every call). */
export default function AdminPage() {
  return (
    <RequireSignIn role="admin">
      <AdminArea />
    </RequireSignIn>
  );
}

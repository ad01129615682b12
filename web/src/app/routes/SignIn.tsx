import type { ClerkAuth } from "../../auth/clerk";
import type { DevAuth } from "../../auth/dev";
import { ClerkSignIn } from "../../features/auth/components/ClerkSignIn";
import { DevSignIn } from "../../features/auth/components/DevSignIn";
import { useApp } from "../../lib/app-context";

export default function SignInPage() {
  const { auth } = useApp();
  return (
    <section className="page">
      <h1>Sign in</h1>
      {auth.mode === "dev" ? <DevSignIn auth={auth as DevAuth} /> : <ClerkSignIn auth={auth as ClerkAuth} />}
    </section>
  );
}

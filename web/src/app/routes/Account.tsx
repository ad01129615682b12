import { RequireSignIn } from "../../components/RequireSignIn";
import { AccountForm } from "../../features/account/components/AccountForm";
import { EmailSettings } from "../../features/notifications/components/EmailSettings";
import { useApp } from "../../lib/app-context";

export default function AccountPage() {
  return (
    <RequireSignIn>
      <Account />
    </RequireSignIn>
  );
}

function Account() {
  const { me } = useApp();
  return (
    <section className="page stack">
      <h1>Account</h1>
      <p>
        Signed in as <strong>{me?.display_name || me?.user_id}</strong> ({me?.role})
      </p>
      <AccountForm />
      <EmailSettings />
    </section>
  );
}

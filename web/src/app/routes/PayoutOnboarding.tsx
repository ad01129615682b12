/** Where Stripe's hosted onboarding sends a reader back: `?done=1` (finished, or left for later) goes to the
 * console, `?refresh=1` (the link expired or was used) asks for a fresh link and goes on to Stripe. */
import { useEffect, useRef } from "react";
import { Link, Navigate, useSearchParams } from "react-router-dom";
import { RequireSignIn } from "../../components/RequireSignIn";
import { ErrorNote, Spinner } from "../../components/ui";
import { paths } from "../../config/paths";
import { usePayoutOnboarding } from "../../features/payouts/api/create-onboarding-link";

export default function PayoutOnboardingPage() {
  return (
    <RequireSignIn role="reader">
      <PayoutOnboarding />
    </RequireSignIn>
  );
}

function PayoutOnboarding() {
  const [params] = useSearchParams();
  const again = params.has("refresh");
  const asked = useRef(false);
  const onboarding = usePayoutOnboarding();
  const { mutate } = onboarding;
  useEffect(() => {
    if (!again || asked.current) return;
    asked.current = true;
    mutate();
  }, [again, mutate]);
  if (!again) return <Navigate to={paths.console.to()} replace />;
  return (
    <section className="page stack">
      <h1>Payout setup</h1>
      {onboarding.error ? (
        <>
          <ErrorNote error={onboarding.error} onRetry={() => onboarding.mutate()} />
          <Link to={paths.console.to()}>Back to the console</Link>
        </>
      ) : (
        <Spinner label="Getting a fresh Stripe link" />
      )}
    </section>
  );
}

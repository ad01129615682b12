/** Where Stripe's hosted onboarding sends a reader back: `?done=1` (finished, or left for later) goes to the
 * console, `?refresh=1` (the link expired or was used) asks for a fresh link and goes on to Stripe. */
import { useCallback, useEffect, useRef } from "react";
import { Link, Navigate, useSearchParams } from "react-router-dom";
import { useApp } from "../app/context";
import { RequireSignIn } from "../components/RequireSignIn";
import { ErrorNote, Spinner, useAction } from "../components/ui";
import { goToPayoutOnboarding } from "../payments/onboarding";

export default function PayoutOnboardingPage() {
  return (
    <RequireSignIn role="reader">
      <PayoutOnboarding />
    </RequireSignIn>
  );
}

function PayoutOnboarding() {
  const [params] = useSearchParams();
  const { api } = useApp();
  const again = params.has("refresh");
  const asked = useRef(false);
  const { run, error } = useAction(useCallback(() => goToPayoutOnboarding(api), [api]));
  useEffect(() => {
    if (!again || asked.current) return;
    asked.current = true;
    void run();
  }, [again, run]);
  if (!again) return <Navigate to="/console" replace />;
  return (
    <section className="page stack">
      <h1>Payout setup</h1>
      {error ? (
        <>
          <ErrorNote error={error} onRetry={() => void run()} />
          <Link to="/console">Back to the console</Link>
        </>
      ) : (
        <Spinner label="Getting a fresh Stripe link" />
      )}
    </section>
  );
}

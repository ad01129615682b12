import { BusyButton, ErrorNote } from "../../../components/ui";
import { payoutAccountOf } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { usePayoutOnboarding } from "../api/create-onboarding-link";

/** The reader's payout account state and the way to Stripe's onboarding. */
export function PayoutAccount() {
  const { me, refreshMe } = useApp();
  const account = payoutAccountOf(me);
  const onboard = usePayoutOnboarding();
  return (
    <>
      <h3>Payout account</h3>
      <p data-testid="payout-status">
        {!account
          ? "No payout account yet. Set one up with Stripe to receive your earnings."
          : account.payouts_enabled
            ? "Payouts are enabled."
            : account.details_submitted
              ? "Stripe is reviewing your details; payouts start once it approves them."
              : "Finish your Stripe onboarding to receive payouts."}
      </p>
      <ErrorNote error={onboard.error} />
      <div className="row">
        {me && !account?.payouts_enabled && (
          <BusyButton type="button" busy={onboard.isPending} busyLabel="Opening Stripe" onClick={() => onboard.mutate()}>
            Set up payouts
          </BusyButton>
        )}
        <button type="button" className="secondary" onClick={() => void refreshMe()}>
          Refresh payout status
        </button>
      </div>
    </>
  );
}

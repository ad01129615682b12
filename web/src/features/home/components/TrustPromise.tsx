import { Link } from "react-router-dom";
import { paths } from "../../../config/paths";

/** Why a first-time client can trust a reading here: reviews only from paid readings, the satisfaction
 * policy (the stage's SatisfactionPolicy parameter, through config.json), control over spending. */
export function TrustPromise({ policy }: { policy: string | null }) {
  return (
    <section className="stack" aria-labelledby="trust-title">
      <h2 id="trust-title">Readings you can trust</h2>
      <ul className="grid compact plain">
        <li className="card stack tight">
          <h3>Verified reviews</h3>
          <p className="small">
            Only a client who paid for a reading here can review it; those reviews carry a ✓ Verified reading mark, and a
            reader&apos;s rating is worked out from stored reviews alone.
          </p>
        </li>
        <li className="card stack tight" data-testid="satisfaction-policy">
          <h3>Our satisfaction promise</h3>
          <p className="small">{policy ?? "Not what you hoped for? Tell us about the reading from its summary page."}</p>
        </li>
        <li className="card stack tight">
          <h3>You stay in control</h3>
          <p className="small">
            A prepaid balance, never a subscription: you see every minute, gift and order in your{" "}
            <Link to={paths.wallet.to()}>wallet</Link>.
          </p>
        </li>
      </ul>
    </section>
  );
}

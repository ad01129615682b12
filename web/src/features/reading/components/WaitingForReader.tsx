import type { SessionDetails } from "../../../api/types";
import { BusyButton, ErrorNote, Spinner } from "../../../components/ui";
import { money } from "../../../lib/format";

/** The client's view of a request the reader has not answered yet (or just accepted). */
export function WaitingForReader(props: {
  session: SessionDetails;
  accepted: boolean;
  cancelling: boolean;
  error: unknown;
  onCancel: () => void;
}) {
  const { session, accepted } = props;
  return (
    <section className="page stack" aria-live="polite">
      <h1>{accepted ? "The reader accepted" : "Waiting for the reader"}</h1>
      <Spinner label={accepted ? "Connecting you" : "Asking the reader to accept your request"} />
      <p className="muted">
        {session.type} reading at {money(session.rate_cents)}/min
        {session.free_minutes > 0 ? `, first ${session.free_minutes} minutes free` : ""}.
      </p>
      <BusyButton type="button" className="secondary" busy={props.cancelling} busyLabel="Cancelling" onClick={props.onCancel}>
        Cancel request
      </BusyButton>
      <ErrorNote error={props.error} />
    </section>
  );
}

import type { SessionDetails } from "../../../api/types";
import { BusyButton, ErrorNote, Spinner } from "../../../components/ui";
import { money } from "../../../lib/format";
import { useNow } from "../hooks/use-now";
import { clock, secondsLeft } from "../lib/refusals";

/** The client's view of a request the reader has not answered yet (or just accepted), counting down to the
 * request's real expiry (`expires_at`). */
export function WaitingForReader(props: {
  session: SessionDetails;
  accepted: boolean;
  cancelling: boolean;
  error: unknown;
  onCancel: () => void;
}) {
  const { session, accepted } = props;
  const left = secondsLeft(session.expires_at, useNow());
  return (
    <section className="page stack" aria-live="polite">
      <h1>{accepted ? `${session.reader_name} accepted` : `Waiting for ${session.reader_name}`}</h1>
      <Spinner label={accepted ? "Connecting you" : "Asking the reader to accept your request"} />
      {left !== null && (
        <p role="timer" aria-label="Time left to answer" data-testid="request-countdown">
          {accepted ? "Joining closes in " : "The reader has "}
          <strong>{clock(left)}</strong>
          {accepted ? "." : " to answer. You are not charged while you wait."}
        </p>
      )}
      <p className="muted">
        {session.type.charAt(0).toUpperCase() + session.type.slice(1)} reading at {money(session.rate_cents)}/min
        {session.free_minutes > 0 ? `, first ${session.free_minutes} minutes free` : ""}
        {session.limit_cents !== null ? `, spending limit ${money(session.limit_cents)}` : ""}.
      </p>
      <BusyButton type="button" className="secondary" busy={props.cancelling} busyLabel="Cancelling" onClick={props.onCancel}>
        Cancel request
      </BusyButton>
      <ErrorNote error={props.error} />
    </section>
  );
}

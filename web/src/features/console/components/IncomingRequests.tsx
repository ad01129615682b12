import { useNavigate } from "react-router-dom";
import type { Session } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { perMinute } from "../../../lib/format";
import { useAcceptRequest, useDeclineRequest } from "../api/answer-request";
import { useIncomingRequests } from "../hooks/use-incoming-requests";

export function IncomingRequests({ waiting }: { waiting: Session[] | undefined }) {
  const navigate = useNavigate();
  const { live, now, drop } = useIncomingRequests(waiting);
  const accept = useAcceptRequest();
  const decline = useDeclineRequest();
  const onAccept = (sessionId: string) =>
    accept.mutate(sessionId, {
      onSuccess: () => {
        drop(sessionId);
        navigate(paths.reading.to(sessionId));
      },
    });
  return (
    <div className="card stack" aria-live="assertive">
      <h2>Incoming requests</h2>
      {live.length === 0 && <p className="muted">No requests right now. Stay online to receive them.</p>}
      <ul className="stack" aria-label="Incoming requests" style={{ listStyle: "none", padding: 0 }}>
        {live.map((request) => (
          <li key={request.session_id} className="notice stack" data-session-id={request.session_id}>
            <p role="alert">
              <strong>{request.client_name}</strong> asks for a <strong>{request.type}</strong> reading at{" "}
              {perMinute(request.rate_cents)}
              {request.free_minutes > 0 ? ` (${request.free_minutes} free intro minutes)` : ""}.
              {request.expires_at !== null && (
                <span className="muted small"> {Math.max(0, Math.round((request.expires_at - now) / 1000))} s left</span>
              )}
            </p>
            <div className="row">
              <BusyButton type="button" busy={accept.isPending} busyLabel="Accepting" onClick={() => onAccept(request.session_id)}>
                Accept
              </BusyButton>
              <BusyButton
                type="button"
                className="secondary"
                busy={decline.isPending}
                onClick={() => decline.mutate(request.session_id, { onSuccess: () => drop(request.session_id) })}
              >
                Decline
              </BusyButton>
            </div>
          </li>
        ))}
      </ul>
      <ErrorNote error={accept.error ?? decline.error} />
    </div>
  );
}

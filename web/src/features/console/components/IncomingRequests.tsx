import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { perMinute } from "../../../lib/format";
import { useAcceptRequest, useDeclineRequest } from "../api/answer-request";
import { useAnswerFromLink } from "../hooks/use-answer-from-link";
import { useIncomingRequests } from "../hooks/use-incoming-requests";
import { EnableSound } from "./EnableSound";

/** The reasons a reader may give for a decline (the API's fixed list), in the words the client reads. */
export const DECLINE_REASONS: { value: string; label: string }[] = [
  { value: "on_a_break", label: "I'm on a break" },
  { value: "busy_soon", label: "I have to leave soon" },
  { value: "not_my_specialty", label: "Not my specialty" },
  { value: "connection_problems", label: "Connection problems" },
  { value: "other", label: "Another reason" },
];

export function IncomingRequests() {
  const navigate = useNavigate();
  const { live, now, drop, error } = useIncomingRequests();
  const accept = useAcceptRequest();
  const decline = useDeclineRequest();
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const fromLink = useAnswerFromLink();
  const onAccept = (sessionId: string) =>
    accept.mutate(sessionId, {
      onSuccess: () => {
        drop(sessionId);
        navigate(paths.reading.to(sessionId));
      },
      onError: () => drop(sessionId), // closed meanwhile: the error says what became of it
    });
  return (
    <div className="card stack" aria-live="assertive">
      <h2>Incoming requests</h2>
      <EnableSound />
      {fromLink && (
        <p role="status" data-testid="answer-from-link" className={fromLink.tone === "closed" ? "error" : fromLink.tone === "done" ? "success" : "muted"}>
          {fromLink.text}
        </p>
      )}
      {live.length === 0 && <p className="muted">No requests right now. Stay online to receive them.</p>}
      <ul className="stack" aria-label="Incoming requests" style={{ listStyle: "none", padding: 0 }}>
        {live.map((request) => (
          <li key={request.session_id} className="notice stack" data-session-id={request.session_id}>
            <p role="alert">
              <strong>{request.client.display_name}</strong> asks for a <strong>{request.type}</strong> reading at{" "}
              {perMinute(request.rate_cents)}
              {request.free_minutes > 0 ? ` (${request.free_minutes} free intro minutes)` : ""}.
              <span className="muted small"> {Math.max(0, Math.round((Date.parse(request.expires_at) - now) / 1000))} s left</span>
            </p>
            <div className="row">
              <BusyButton type="button" busy={accept.isPending} busyLabel="Accepting" onClick={() => onAccept(request.session_id)}>
                Accept
              </BusyButton>
              <label className="small">
                Reason to decline{" "}
                <select
                  value={reasons[request.session_id] ?? ""}
                  onChange={(e) => setReasons((all) => ({ ...all, [request.session_id]: e.target.value }))}
                >
                  <option value="">None given</option>
                  {DECLINE_REASONS.map((r) => (
                    <option key={r.value} value={r.value}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </label>
              <BusyButton
                type="button"
                className="secondary"
                busy={decline.isPending}
                onClick={() =>
                  decline.mutate(
                    { sessionId: request.session_id, reason: reasons[request.session_id] || undefined },
                    { onSuccess: () => drop(request.session_id) },
                  )
                }
              >
                Decline
              </BusyButton>
            </div>
          </li>
        ))}
      </ul>
      <ErrorNote error={accept.error ?? decline.error ?? error} />
    </div>
  );
}

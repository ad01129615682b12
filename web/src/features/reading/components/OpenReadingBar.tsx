import { useState } from "react";
import { Link, useMatch } from "react-router-dom";
import { ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useApp } from "../../../lib/app-context";
import { useEndReading } from "../api/end-reading";

const WORDS: Record<string, string> = {
  requested: "waiting for an answer",
  accepted: "accepted, join the room",
  active: "in progress",
};

/** On every page while the signed-in person has a reading requested, accepted or active (`open_reading` of
 * `GET /api/me`, kept fresh by socket events): the way back to it, and a way to end it, with a confirmation.
 * Hidden inside the reading's own room, which has its own End button. */
export function OpenReadingBar() {
  const { me } = useApp();
  const open = me?.open_reading ?? null;
  const inRoom = useMatch(paths.reading.pattern)?.params.sessionId === open?.session_id;
  if (!open || inRoom) return null;
  return <Bar key={open.session_id} sessionId={open.session_id} name={open.other_party.display_name} status={open.status} />;
}

function Bar({ sessionId, name, status }: { sessionId: string; name: string; status: string }) {
  const { refreshMe } = useApp();
  const end = useEndReading(sessionId);
  const [confirming, setConfirming] = useState(false);
  const ending = status === "requested" ? "Withdraw" : "End";
  return (
    <div className="open-reading-bar" role="region" aria-label="Your reading">
      <span>
        Reading with <strong>{name}</strong> {WORDS[status] ?? status}
      </span>
      {confirming ? (
        <span className="row" role="group" aria-label={`${ending} this reading?`}>
          <span>{ending} this reading?</span>
          <button
            type="button"
            className="danger"
            disabled={end.isPending}
            onClick={() => end.mutate(undefined, { onSuccess: () => void refreshMe() })}
          >
            Yes, {ending.toLowerCase()} it
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      ) : (
        <span className="row">
          <Link className="button" to={paths.reading.to(sessionId)}>
            Return
          </Link>
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            {ending}
          </button>
        </span>
      )}
      <ErrorNote error={end.error} />
    </div>
  );
}

import type { ReaderStatus } from "../../../api/types";
import { BusyButton, ErrorNote, Spinner, StatusBadge } from "../../../components/ui";
import { useApp } from "../../../lib/app-context";
import { useSetStatus } from "../api/set-status";

/** The reader's status and the Go online / Go offline buttons. `status` is undefined until the profile
 * has loaded. */
export function Availability({ status, error }: { status: ReaderStatus | undefined; error: unknown }) {
  const { socketState } = useApp();
  const setStatus = useSetStatus();
  return (
    <section className="card stack" aria-label="Availability">
      <div className="row">
        <h2>Your status</h2>
        {status ? <StatusBadge status={status} /> : <Spinner label="Checking your status" />}
      </div>
      {socketState !== "open" && <p className="muted small">Connecting to live updates…</p>}
      <div className="row">
        <BusyButton type="button" busy={setStatus.isPending} disabled={status !== "offline"} onClick={() => setStatus.mutate("online")}>
          Go online
        </BusyButton>
        <BusyButton
          type="button"
          className="secondary"
          busy={setStatus.isPending}
          disabled={status !== "online"}
          onClick={() => setStatus.mutate("offline")}
        >
          Go offline
        </BusyButton>
      </div>
      <ErrorNote error={setStatus.error ?? error} />
    </section>
  );
}

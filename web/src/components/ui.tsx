import { useCallback, useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { needsFunds, plainMessage } from "../api/errors";
import { paths } from "../config/paths";

export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div className="error" role="alert">
      <p>{plainMessage(error)}</p>
      {needsFunds(error) && (
        <p>
          <Link to={paths.wallet.to()}>Add funds</Link>
        </p>
      )}
      {onRetry && (
        <button type="button" className="secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Spinner({ label = "Loading" }: { label?: string }) {
  return (
    <p className="spinner" role="status" aria-live="polite">
      <span aria-hidden="true" className="spin" /> {label}…
    </p>
  );
}

/** Runs an action with a busy flag and its error (for buttons and forms). */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await action(...args);
      } catch (caught) {
        setError(caught);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error, setError };
}

export function BusyButton({
  busy,
  children,
  busyLabel,
  ...rest
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { busy: boolean; busyLabel?: string; children: ReactNode }) {
  return (
    <button {...rest} disabled={busy || rest.disabled} aria-busy={busy}>
      {busy ? `${busyLabel ?? "Working"}…` : children}
    </button>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const label = status === "online" ? "Online" : status === "busy" ? "In a reading" : "Offline";
  return <span className={`badge badge-${status}`}>{label}</span>;
}

/** Stars drawn to the nearest half (4.5 shows four and a half), with the number beside them. */
export function Stars({ value }: { value: number | null | undefined }) {
  if (value == null) return <span className="muted">No ratings yet</span>;
  const halves = Math.round(value * 2);
  const full = Math.floor(halves / 2);
  const half = halves % 2 === 1;
  return (
    <span aria-label={`Rated ${value.toFixed(1)} out of 5`}>
      <span aria-hidden="true" className="stars">
        {"★".repeat(full)}
        {half && <span className="half-star">★</span>}
        {"☆".repeat(5 - full - (half ? 1 : 0))}
      </span>{" "}
      {value.toFixed(1)}
    </span>
  );
}

import { useState } from "react";
import { BusyButton, ErrorNote } from "../../../components/ui";

/** A button that asks for the admin's reason first (every console action is logged with why). */
export function ReasonAction({
  label,
  busy,
  error,
  onConfirm,
  danger,
}: {
  label: string;
  busy: boolean;
  error: unknown;
  onConfirm: (reason: string) => void;
  danger?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  if (!open)
    return (
      <button type="button" className={danger ? "danger" : "secondary"} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  const id = `reason-${label.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <form
      className="stack card"
      onSubmit={(e) => {
        e.preventDefault();
        onConfirm(reason);
      }}
    >
      <div className="field">
        <label htmlFor={id}>Reason ({label.toLowerCase()})</label>
        <input id={id} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <div className="row">
        <BusyButton type="submit" busy={busy} className={danger ? "danger" : ""}>
          Confirm: {label.toLowerCase()}
        </BusyButton>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}

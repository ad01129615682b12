import { useState } from "react";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { useApp } from "../../../lib/app-context";
import { useUpdateMe } from "../api/update-me";

/** Asked once, at the first sign-in (`needs_display_name` of `GET /api/me`): the name readers see on
 * requests and everyone sees on reviews. "Not now" hides it for this visit only. */
export function ChooseDisplayName() {
  const { me } = useApp();
  const update = useUpdateMe();
  const [name, setName] = useState("");
  const [later, setLater] = useState(false);
  if (!me?.needs_display_name || later) return null;
  return (
    <form
      className="card stack choose-name"
      aria-label="Choose your display name"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) update.mutate(name.trim());
      }}
    >
      <div className="field">
        <label htmlFor="first-display-name">
          Choose the name readers see on your requests and everyone sees on your reviews
        </label>
        <input id="first-display-name" maxLength={40} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="row">
        <BusyButton type="submit" busy={update.isPending} busyLabel="Saving" disabled={!name.trim()}>
          Save name
        </BusyButton>
        <button type="button" className="secondary" onClick={() => setLater(true)}>
          Not now
        </button>
      </div>
      <ErrorNote error={update.error} />
    </form>
  );
}

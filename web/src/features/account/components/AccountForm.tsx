import { useEffect, useState } from "react";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { useApp } from "../../../lib/app-context";
import { useUpdateMe } from "../api/update-me";

/** The display name readers see when the person asks for a reading. */
export function AccountForm() {
  const { me } = useApp();
  const [name, setName] = useState(me?.display_name ?? "");
  useEffect(() => setName(me?.display_name ?? ""), [me?.display_name]);
  const save = useUpdateMe();
  return (
    <form
      className="card stack"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(name.trim());
      }}
    >
      <div className="field">
        <label htmlFor="display-name">Display name (readers see it when you ask for a reading)</label>
        <input id="display-name" required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <ErrorNote error={save.error} />
      {save.isSuccess && (
        <p className="success" role="status">
          Saved.
        </p>
      )}
      <BusyButton type="submit" busy={save.isPending} busyLabel="Saving">
        Save
      </BusyButton>
    </form>
  );
}

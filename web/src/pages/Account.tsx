import { useEffect, useState } from "react";
import { ok } from "../api/client";
import { useApp } from "../app/context";
import { RequireSignIn } from "../components/RequireSignIn";
import { BusyButton, ErrorNote, useAction } from "../components/ui";

export default function AccountPage() {
  return (
    <RequireSignIn>
      <Account />
    </RequireSignIn>
  );
}

function Account() {
  const { me, api, refreshMe } = useApp();
  const [name, setName] = useState(me?.display_name ?? "");
  const [saved, setSaved] = useState(false);
  useEffect(() => setName(me?.display_name ?? ""), [me?.display_name]);
  const save = useAction(async () => {
    await ok(api.PUT("/api/me", { body: { display_name: name.trim() } }));
    setSaved(true);
    await refreshMe();
  });
  return (
    <section className="page stack">
      <h1>Account</h1>
      <p>
        Signed in as <strong>{me?.display_name || me?.user_id}</strong> ({me?.role})
      </p>
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          void save.run();
        }}
      >
        <div className="field">
          <label htmlFor="display-name">Display name (readers see it when you ask for a reading)</label>
          <input id="display-name" required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <ErrorNote error={save.error} />
        {saved && (
          <p className="success" role="status">
            Saved.
          </p>
        )}
        <BusyButton type="submit" busy={save.busy} busyLabel="Saving">
          Save
        </BusyButton>
      </form>
    </section>
  );
}

import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import type { Role } from "../../../api/types";
import type { DevAuth } from "../../../auth/dev";
import type { DevUser } from "../../../auth/types";
import { BusyButton, ErrorNote, Spinner, useAction } from "../../../components/ui";
import { paths, safeNext } from "../../../config/paths";
import { useDevUsers } from "../api/get-dev-users";

/** Local development only: pick a demo person (and role); the dev issuer mints the token. */
export function DevSignIn({ auth }: { auth: DevAuth }) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const users = useDevUsers(auth);
  const [userId, setUserId] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const signIn = useAction(async (id: string, listed?: Role) => {
    const as = role || listed;
    await auth.signIn(id, as);
    navigate(safeNext(params.get("next")) ?? (as === "reader" ? paths.console.to() : paths.home.to()));
  });

  return (
    <div className="stack">
      <p className="notice">
        Local development: pick a demo person. This page and its token endpoint exist only in the local cloud.
      </p>
      <div className="field" style={{ maxWidth: 320 }}>
        <label htmlFor="dev-role">Role</label>
        <select id="dev-role" value={role} onChange={(e) => setRole(e.target.value as Role | "")}>
          <option value="">As listed</option>
          <option value="client">client</option>
          <option value="reader">reader</option>
          <option value="admin">admin</option>
        </select>
      </div>
      <ErrorNote error={users.error ?? signIn.error} />
      {users.isPending && <Spinner label="Loading demo users" />}
      <ul className="grid" aria-label="Demo users">
        {users.data?.map((user: DevUser) => (
          <li key={user.user_id} className="card">
            <p>
              <strong>{user.display_name}</strong> <span className="muted">({user.role})</span>
            </p>
            <BusyButton
              type="button"
              busy={signIn.busy}
              data-user-id={user.user_id}
              onClick={() => void signIn.run(user.user_id, user.role)}
            >
              Sign in as {user.display_name}
            </BusyButton>
          </li>
        ))}
      </ul>
      <form
        className="card"
        aria-label="Sign in as someone else"
        onSubmit={(e) => {
          e.preventDefault();
          if (userId.trim()) void signIn.run(userId.trim(), "client");
        }}
      >
        <h2>Someone else</h2>
        <div className="field">
          <label htmlFor="dev-user-id">User id</label>
          <input id="dev-user-id" value={userId} onChange={(e) => setUserId(e.target.value)} pattern="[A-Za-z0-9_\-]{1,64}" />
        </div>
        <BusyButton type="submit" busy={signIn.busy}>
          Sign in
        </BusyButton>
      </form>
    </div>
  );
}

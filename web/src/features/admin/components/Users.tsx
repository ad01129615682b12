import { useState } from "react";
import { Link } from "react-router-dom";
import { ErrorNote, Spinner } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useFindUsers } from "../api/find-users";

export function Users() {
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const found = useFindUsers(q);
  return (
    <div className="stack">
      <form
        className="row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(text.trim());
        }}
      >
        <label htmlFor="user-search" className="sr-only">
          Find a user
        </label>
        <input id="user-search" placeholder="Id, email or name" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      <ErrorNote error={found.error} />
      {found.isPending && <Spinner label="Searching" />}
      {found.data && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th>User</th><th>Name</th><th>Email</th><th>Role</th><th>Status</th></tr>
            </thead>
            <tbody>
              {found.data.items.map((u) => (
                <tr key={u.user_id}>
                  <td><Link to={paths.admin.to(`users/${encodeURIComponent(u.user_id)}`)}>{u.user_id}</Link></td>
                  <td>{u.display_name ?? "—"}</td>
                  <td>{u.email ?? "—"}</td>
                  <td>{u.role}</td>
                  <td>{u.blocked ? <span className="badge badge-blocked">Blocked</span> : "Active"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {found.data.items.length === 0 && <p className="muted">No user matches.</p>}
        </div>
      )}
    </div>
  );
}

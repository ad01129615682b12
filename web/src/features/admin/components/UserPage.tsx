import { useState } from "react";
import { useParams } from "react-router-dom";
import { BusyButton, ErrorNote, Spinner } from "../../../components/ui";
import { money, when } from "../../../lib/format";
import { useBlockUser } from "../api/block-user";
import { useAdminUser } from "../api/get-user";
import { useSetRole } from "../api/set-role";
import { ActionRows } from "./ActionLog";
import { ReasonAction } from "./Reason";

export function UserPage() {
  const userId = decodeURIComponent(useParams().userId ?? "");
  const user = useAdminUser(userId);
  const block = useBlockUser(userId);
  const setRole = useSetRole(userId);
  const [role, setRoleChoice] = useState<"client" | "reader" | "admin">("client");
  const [roleReason, setRoleReason] = useState("");
  if (user.isPending) return <Spinner />;
  if (user.error) return <ErrorNote error={user.error} />;
  const u = user.data;
  return (
    <div className="stack" data-testid="admin-user">
      <h2>{u.display_name ?? u.user_id}</h2>
      <p className="muted">{u.user_id} · {u.email ?? "no email"} · {u.role} · joined {when(u.created_at)}</p>
      {u.block ? (
        <p className="error" role="status" data-testid="user-blocked">Blocked {when(u.block.blocked_at)}: {u.block.reason}</p>
      ) : (
        <p data-testid="user-active">Active</p>
      )}
      {u.role !== "admin" && (
        <ReasonAction
          key={u.blocked ? "unblock" : "block"}
          label={u.blocked ? "Unblock" : "Block"}
          danger={!u.blocked}
          busy={block.isPending}
          error={block.error}
          onConfirm={(reason) => block.mutate({ block: !u.blocked, reason })}
        />
      )}
      <div className="card">
        <h3>Money</h3>
        <p>
          Balance <strong data-testid="user-balance">{money(u.money.balance_cents)}</strong> · Debt {money(u.money.owed_cents)} · Held {money(u.money.held_cents)}
          {u.money.earnings && <> · Pending earnings {money(u.money.earnings.pending_cents)} · Paid out {money(u.money.earnings.paid_out_cents)}</>}
        </p>
      </div>
      <form
        className="row card"
        onSubmit={(e) => {
          e.preventDefault();
          setRole.mutate({ role, reason: roleReason });
        }}
      >
        <label htmlFor="role">Role</label>
        <select id="role" value={role} onChange={(e) => setRoleChoice(e.target.value as typeof role)}>
          <option value="client">client</option>
          <option value="reader">reader</option>
          <option value="admin">admin</option>
        </select>
        <label htmlFor="role-reason">Reason</label>
        <input id="role-reason" required value={roleReason} onChange={(e) => setRoleReason(e.target.value)} />
        <BusyButton type="submit" busy={setRole.isPending}>Change role</BusyButton>
        <ErrorNote error={setRole.error} />
      </form>
      <Table title="Ledger" rows={u.ledger.map((e) => [when(e.created_at), e.type, money(e.amount_cents), e.id])} head={["When", "Type", "Amount", "Movement"]} />
      <Table title="Readings" rows={u.readings.map((r) => [when(r.created_at), r.type, r.status, `${r.paid_minutes} paid min`, money(r.total_cents)])} head={["When", "Type", "Status", "Minutes", "Total"]} />
      <Table title="Orders" rows={u.orders.map((o) => [when(o.created_at), o.product_name, String(o.quantity), money(o.total_cents), o.status])} head={["When", "Product", "Qty", "Total", "Status"]} />
      {u.role === "reader" && (
        <Table title="Payouts" rows={u.payouts.map((p) => [p.payout_date, money(p.amount_cents), p.last_error ? `${p.status} · ${p.last_error}` : p.status, p.transfer_id ?? "—"])} head={["Day", "Amount", "Status", "Transfer"]} />
      )}
      <Table title="Disputes" rows={u.disputes.map((d) => [when(d.opened_at), d.reason, d.status, money(d.refund_cents)])} head={["Opened", "Reason", "Status", "Refunded"]} />
      <div className="card">
        <h3>Actions</h3>
        <ActionRows items={u.actions} />
      </div>
    </div>
  );
}

function Table({ title, head, rows }: { title: string; head: string[]; rows: string[][] }) {
  return (
    <div className="card table-wrap">
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table>
          <thead><tr>{head.map((h) => <th key={h}>{h}</th>)}</tr></thead>
          <tbody>{rows.map((row, i) => <tr key={i}>{row.map((cell, j) => <td key={j}>{cell}</td>)}</tr>)}</tbody>
        </table>
      )}
    </div>
  );
}

import { Link } from "react-router-dom";
import { paths } from "../../../config/paths";
import { useApp } from "../../../lib/app-context";
import { money } from "../../../lib/format";
import { useBalance } from "../api/get-balance";

/** The client's balance in the header, kept current by the same cache the wallet uses (socket events
 * `balance-updated`, `balance-low`, `reading-minute` update it). */
export function HeaderBalance() {
  const { me } = useApp();
  const balance = useBalance(me?.role === "client");
  if (me?.role !== "client" || !balance.data) return null;
  return (
    <Link to={paths.wallet.to()} className="header-balance" aria-label={`Your balance: ${money(balance.data.balance_cents)}`}>
      {money(balance.data.balance_cents)}
    </Link>
  );
}

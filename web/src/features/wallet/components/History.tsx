import { Link } from "react-router-dom";
import type { HistoryLine } from "../../../api/types";
import { Pager } from "../../../components/paging";
import { ErrorNote, Spinner } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { money, when } from "../../../lib/format";
import { useHistory } from "../api/get-history";

const PAGE = 10;

/** The client's money in words: "Chat with Jasper Reyes · 11 min · -$32.89", linking to the reading. */
export function History() {
  const history = useHistory(PAGE);
  return (
    <div className="card stack">
      <h2>History</h2>
      <ErrorNote error={history.error} />
      {history.loading && !history.data && <Spinner label="Loading your history" />}
      {history.data && history.data.items.length === 0 && <p className="muted">Nothing yet: your top-ups and readings show here.</p>}
      {history.data && history.data.items.length > 0 && (
        <ul className="history" aria-label="History, newest first">
          {history.data.items.map((line) => (
            <li key={line.id} data-testid="history-line" data-type={line.type}>
              <span className="history-what">{words(line)}</span>
              <span className="muted small">{when(line.created_at)}</span>
            </li>
          ))}
        </ul>
      )}
      <Pager paged={history} />
    </div>
  );
}

function words(line: HistoryLine) {
  const text = [line.title, line.detail, money(line.amount_cents)].filter(Boolean).join(" · ");
  if (line.session_id) return <Link to={paths.reading.to(line.session_id)}>{text}</Link>;
  if (line.order_id) return <Link to={paths.orders.to()}>{text}</Link>;
  return <span>{text}</span>;
}

import { Link } from "react-router-dom";
import type { Stream, StreamTotals } from "../../../api/types";
import { paths } from "../../../config/paths";
import { money } from "../../../lib/format";

/** The stream and ending carry the money totals; the `stream-ended` event does not. */
function hasTotals(stream: Stream | StreamTotals): stream is StreamTotals {
  return "gifts_cents" in stream;
}

export function StreamEnded({ totals, owner }: { totals: Stream | StreamTotals; owner: boolean }) {
  return (
    <div className="card" role="status">
      <h2>This stream has ended</h2>
      {owner && (
        <p data-testid="stream-totals">
          Gifts {money(hasTotals(totals) ? totals.gifts_cents : 0)} · your share {money(hasTotals(totals) ? totals.reader_share_cents : 0)} ·{" "}
          {totals.gift_count} gifts
        </p>
      )}
      <Link to={paths.streams.to()}>Back to live streams</Link>
    </div>
  );
}

import { useId, useState } from "react";
import { useNavigate } from "react-router-dom";
import type { Reader, ReadingType } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { parseDollars, perMinute } from "../../../lib/format";
import { useStartReading } from "../api/start-reading";

const TYPES: { type: ReadingType; label: string; short: string }[] = [
  { type: "chat", label: "Start chat", short: "Chat" },
  { type: "voice", label: "Start voice", short: "Call" },
  { type: "video", label: "Start video", short: "Video" },
];

/** The three "Start ..." buttons of a reader's profile with an optional spending limit (`compact`: only
 * "Chat", "Call", "Video" on a card, each named for the reader); a started request opens the reading page. */
export function StartReading({ reader, canStart, compact = false }: { reader: Reader; canStart: boolean; compact?: boolean }) {
  const navigate = useNavigate();
  const start = useStartReading(reader.reader_id);
  const limitId = useId();
  const [limit, setLimit] = useState("");
  const limitCents = limit.trim() === "" ? null : parseDollars(limit);
  const limitInvalid = limit.trim() !== "" && (limitCents === null || limitCents <= 0);
  const rates: Record<ReadingType, number> = {
    chat: reader.rates.chat_cents,
    voice: reader.rates.voice_cents,
    video: reader.rates.video_cents,
  };
  return (
    <>
      {!compact && (
        <div className="field">
        <label htmlFor={limitId}>Spending limit for this reading, in dollars (optional)</label>
        <input
          id={limitId}
          inputMode="decimal"
          placeholder="No limit"
          value={limit}
          aria-invalid={limitInvalid}
          onChange={(e) => setLimit(e.target.value)}
        />
        {limitInvalid && <p className="muted small">Enter dollars, like 20 or 12.50.</p>}
        </div>
      )}
      <div className="row">
        {TYPES.map(({ type, label, short }) => (
          <BusyButton
            key={type}
            type="button"
            className={compact ? "secondary small-button" : undefined}
            aria-label={compact ? `${short} with ${reader.display_name} · ${perMinute(rates[type])}` : undefined}
            busy={start.isPending}
            busyLabel="Asking the reader"
            disabled={!canStart || reader.status !== "online" || limitInvalid}
            onClick={() =>
              start.mutate(
                { type, limitCents },
                { onSuccess: (started) => navigate(paths.reading.to(started.session.session_id)) },
              )
            }
          >
            {compact ? short : `${label} · ${perMinute(rates[type])}`}
          </BusyButton>
        ))}
      </div>
      {!compact && reader.status !== "online" && <p className="muted">{reader.display_name} is not available right now.</p>}
      <ErrorNote error={start.error} />
    </>
  );
}

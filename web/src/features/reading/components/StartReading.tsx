import { useNavigate } from "react-router-dom";
import type { Reader, ReadingType } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { perMinute } from "../../../lib/format";
import { useStartReading } from "../api/start-reading";

const TYPES: { type: ReadingType; label: string }[] = [
  { type: "chat", label: "Start chat" },
  { type: "voice", label: "Start voice" },
  { type: "video", label: "Start video" },
];

/** The three "Start ..." buttons of a reader's profile; a started request opens the reading page. */
export function StartReading({ reader, canStart }: { reader: Reader; canStart: boolean }) {
  const navigate = useNavigate();
  const start = useStartReading(reader.reader_id);
  const rates: Record<ReadingType, number> = {
    chat: reader.rates.chat_cents,
    voice: reader.rates.voice_cents,
    video: reader.rates.video_cents,
  };
  return (
    <>
      <div className="row">
        {TYPES.map(({ type, label }) => (
          <BusyButton
            key={type}
            type="button"
            busy={start.isPending}
            busyLabel="Asking the reader"
            disabled={!canStart || reader.status !== "online"}
            onClick={() => start.mutate(type, { onSuccess: (started) => navigate(paths.reading.to(started.session.session_id)) })}
          >
            {label} · {perMinute(rates[type])}
          </BusyButton>
        ))}
      </div>
      {reader.status !== "online" && <p className="muted">{reader.display_name} is not available right now.</p>}
      <ErrorNote error={start.error} />
    </>
  );
}

import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import type { Stream, StreamTotals } from "../../api/types";
import { ErrorNote, Spinner } from "../../components/ui";
import { paths } from "../../config/paths";
import { useEndStream } from "../../features/streams/api/end-stream";
import { useStream } from "../../features/streams/api/get-stream";
import { GiftFeed } from "../../features/streams/components/GiftFeed";
import { GiftPanel } from "../../features/streams/components/GiftPanel";
import { StreamChat } from "../../features/streams/components/StreamChat";
import { StreamEnded } from "../../features/streams/components/StreamEnded";
import { StreamStage } from "../../features/streams/components/StreamStage";
import { useStreamAudience } from "../../features/streams/hooks/use-stream-audience";
import { useApp } from "../../lib/app-context";
import { money } from "../../lib/format";

export default function StreamPage() {
  const { streamId = "" } = useParams();
  const { me } = useApp();
  const stream = useStream(streamId); // kept current by gift, stream-viewers and stream-ended events
  const [ended, setEnded] = useState<StreamTotals | null>(null);
  const end = useEndStream(streamId);
  const live = stream.data?.status === "live" && !ended;
  const owner = Boolean(me && stream.data && me.user_id === stream.data.reader_id);
  const audience = useStreamAudience(streamId, live);

  if (!stream.data)
    return (
      <section className="page">
        {stream.error ? <ErrorNote error={stream.error} /> : <Spinner label="Opening the stream" />}
      </section>
    );
  const s = stream.data;
  // The stream carries its gift totals once ended; `ended` (the end's answer) covers the moment before.
  const totals: Stream | StreamTotals | null = s.status === "ended" ? s : ended;
  return (
    <section className="page stack">
      <div className="stream-head">
        <div>
          <h1>{s.title || `${s.reader_name} is live`}</h1>
          <p>
            {s.reader_name} · <span data-testid="viewer-count">{s.viewer_count}</span> watching ·{" "}
            <span data-testid="gift-count">{s.gift_count}</span> gifts
            {"gifts_cents" in s && <> · {money(s.gifts_cents)} in gifts</>}
          </p>
        </div>
        {!owner && (
          <Link className="button" to={paths.reader.to(s.reader_id)}>
            Book a private reading
          </Link>
        )}
      </div>
      {!me && live && (
        <p className="notice">
          You are watching a preview. <Link to={paths.signIn.to(paths.stream.to(streamId))}>Sign in</Link> to chat
          and send gifts.
        </p>
      )}
      {totals ? (
        <StreamEnded totals={totals} owner={owner} />
      ) : (
        <div className="room">
          <div className="stack">
            <StreamStage
              stream={s}
              grant={audience.grant}
              owner={owner}
              joinError={audience.error}
              ending={{ busy: end.isPending, error: end.error, end: () => end.mutate(undefined, { onSuccess: setEnded }) }}
            />
            {!owner && <GiftPanel streamId={streamId} />}
          </div>
          <div className="stack">
            <StreamChat streamId={streamId} owner={owner} live={live} />
            <GiftFeed streamId={streamId} />
          </div>
        </div>
      )}
    </section>
  );
}

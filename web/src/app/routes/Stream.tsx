import { useState } from "react";
import { useParams } from "react-router-dom";
import type { Stream, StreamTotals } from "../../api/types";
import { ErrorNote, Spinner } from "../../components/ui";
import { useEndStream } from "../../features/streams/api/end-stream";
import { useStream } from "../../features/streams/api/get-stream";
import { GiftFeed } from "../../features/streams/components/GiftFeed";
import { GiftPanel } from "../../features/streams/components/GiftPanel";
import { StreamEnded } from "../../features/streams/components/StreamEnded";
import { StreamStage } from "../../features/streams/components/StreamStage";
import { useGiftFeed } from "../../features/streams/hooks/use-gift-feed";
import { useStreamAudience } from "../../features/streams/hooks/use-stream-audience";
import { useApp } from "../../lib/app-context";

export default function StreamPage() {
  const { streamId = "" } = useParams();
  const { me } = useApp();
  const stream = useStream(streamId); // kept current by gift, stream-viewers and stream-ended events
  const [ended, setEnded] = useState<StreamTotals | null>(null);
  const end = useEndStream(streamId);
  const live = stream.data?.status === "live" && !ended;
  const owner = Boolean(me && stream.data && me.user_id === stream.data.reader_id);
  const audience = useStreamAudience(streamId, live);
  const gifts = useGiftFeed(streamId);

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
      <h1>{s.title || `${s.reader_name} is live`}</h1>
      <p>
        {s.reader_name} · <span data-testid="viewer-count">{s.viewer_count}</span> watching ·{" "}
        <span data-testid="gift-count">{s.gift_count}</span> gifts
      </p>
      {totals ? (
        <StreamEnded totals={totals} owner={owner} />
      ) : (
        <div className="room">
          <StreamStage
            stream={s}
            grant={audience.grant}
            owner={owner}
            joinError={audience.error}
            ending={{ busy: end.isPending, error: end.error, end: () => end.mutate(undefined, { onSuccess: setEnded }) }}
          />
          <div className="stack">
            {!owner && <GiftPanel streamId={streamId} onSent={(sent) => gifts.addSent(sent, me?.user_id ?? "you")} />}
            <GiftFeed feed={gifts.feed} />
          </div>
        </div>
      )}
    </section>
  );
}

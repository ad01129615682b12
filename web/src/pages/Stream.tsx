import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { idempotencyKey, ok } from "../api/client";
import type { Stream, StreamGrant, StreamTotals } from "../api/types";
import { useApp } from "../app/context";
import { BusyButton, ErrorNote, Spinner, useAction, useLoad } from "../components/ui";
import { money } from "../format";
import type { LiveVideo } from "../video/agora";

interface FeedItem {
  gift_id: string;
  gift: string;
  amount_cents: number;
  from: string;
}

const POLL_MS = 3000;

export default function StreamPage() {
  const { streamId = "" } = useParams();
  const { api, me, socket, config } = useApp();
  const stream = useLoad(() => ok(api.GET("/api/streams/{id}", { params: { path: { id: streamId } } })), [streamId]);
  const catalog = useLoad(() => ok(api.GET("/api/streams/gifts")), []);
  const [grant, setGrant] = useState<StreamGrant | null>(null);
  const [joinError, setJoinError] = useState<unknown>(null);
  const [feed, setFeed] = useState<FeedItem[]>([]);
  const [ended, setEnded] = useState<Stream | StreamTotals | null>(null);
  const [videoState, setVideoState] = useState("not started");
  const videoNode = useRef<HTMLDivElement>(null);
  const live = stream.data?.status === "live" && !ended;
  const owner = Boolean(me && stream.data && me.user_id === stream.data.reader_id);

  // Signed in: get our token (a viewer is counted once) and join the audience over the WebSocket.
  useEffect(() => {
    if (!me || !live) return;
    let cancelled = false;
    ok(api.POST("/api/streams/{id}/join", { params: { path: { id: streamId } } }))
      .then((g) => !cancelled && setGrant(g))
      .catch((e) => !cancelled && setJoinError(e));
    const join = () => socket.send({ action: "join-stream", stream_id: streamId });
    const offOpen = socket.onOpen(() => join());
    if (socket.state === "open") join();
    return () => {
      cancelled = true;
      offOpen();
      socket.send({ action: "leave-stream", stream_id: streamId });
      if (!owner) void api.POST("/api/streams/{id}/leave", { params: { path: { id: streamId } } }).catch(() => undefined);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me?.user_id, live, streamId]);

  useEffect(() => {
    const offs = [
      socket.on("gift", (e) => {
        if (e.stream_id !== streamId) return;
        setFeed((all) =>
          all.some((f) => f.gift_id === e.gift_id)
            ? all
            : [{ gift_id: e.gift_id, gift: e.gift, amount_cents: e.amount_cents, from: e.from_user_id }, ...all].slice(0, 50),
        );
        void stream.reload();
      }),
      socket.on("stream-ended", (e) => {
        if (e.stream.stream_id === streamId) void stream.reload().then(() => setEnded((prev) => prev ?? e.stream));
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [socket, streamId, stream]);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void stream.reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [live, stream]);

  // Live video: Agora in AWS; locally the page shows the channel and token state instead.
  useEffect(() => {
    if (!grant || config.video.mode !== "agora" || !videoNode.current) return;
    let video: LiveVideo | null = null;
    let stopped = false;
    setVideoState("connecting");
    const appId = config.video.appId;
    import("../video/agora")
      .then(({ joinAgora }) => joinAgora(appId, grant.agora, owner, videoNode.current as HTMLDivElement))
      .then((v) => {
        video = v;
        if (stopped) void v.leave();
        else setVideoState("live");
      })
      .catch((e) => setVideoState(`video failed: ${e instanceof Error ? e.message : String(e)}`));
    return () => {
      stopped = true;
      void video?.leave();
    };
  }, [grant, config.video, owner]);

  const gift = useAction(async (name: string) => {
    const sent = await ok(
      api.POST("/api/streams/{id}/gift", {
        params: { path: { id: streamId } },
        body: { gift: name },
        headers: { "Idempotency-Key": idempotencyKey() },
      }),
    );
    setFeed((all) =>
      all.some((f) => f.gift_id === sent.gift_id)
        ? all
        : [{ gift_id: sent.gift_id, gift: sent.gift, amount_cents: sent.amount_cents, from: me?.user_id ?? "you" }, ...all],
    );
    return sent;
  });
  const end = useAction(async () => {
    const result = await ok(api.POST("/api/streams/{id}/end", { params: { path: { id: streamId } } }));
    setEnded(result);
    await stream.reload();
  });

  if (!stream.data)
    return (
      <section className="page">
        {stream.error ? <ErrorNote error={stream.error} /> : <Spinner label="Opening the stream" />}
      </section>
    );
  const s = stream.data;
  // The stream carries its gift totals, so a reload of an ended stream shows them; `ended` covers the moment
  // between ending (or the `stream-ended` event) and the reload.
  const totals = s.status === "ended" ? s : ended;
  return (
    <section className="page stack">
      <h1>{s.title || `${s.reader_name} is live`}</h1>
      <p>
        {s.reader_name} · <span data-testid="viewer-count">{s.viewer_count}</span> watching ·{" "}
        <span data-testid="gift-count">{s.gift_count}</span> gifts
      </p>
      {totals ? (
        <div className="card" role="status">
          <h2>This stream has ended</h2>
          {owner && (
            <p data-testid="stream-totals">
              Gifts {money(hasTotals(totals) ? totals.gifts_cents : 0)} · your share{" "}
              {money(hasTotals(totals) ? totals.reader_share_cents : 0)} · {totals.gift_count} gifts
            </p>
          )}
          <Link to="/live">Back to live streams</Link>
        </div>
      ) : (
        <div className="room">
          <div className="card stack">
            <div ref={videoNode} className="videos" style={{ minHeight: config.video.mode === "agora" ? 240 : 0 }} />
            {config.video.mode === "local" && (
              <dl className="small" aria-label="Live video (local mode)">
                <dt>Video</dt>
                <dd>Local mode: Agora is not used; channel and token are shown instead.</dd>
                <dt>Channel</dt>
                <dd data-testid="agora-channel">{grant?.agora.channel ?? s.channel}</dd>
                <dt>Token</dt>
                <dd data-testid="agora-token-state">
                  {grant ? `${grant.agora.role} token, expires ${new Date(grant.agora.expires_at * 1000).toLocaleTimeString()}` : me ? "requesting…" : "sign in to watch"}
                </dd>
              </dl>
            )}
            {config.video.mode === "agora" && <p className="small muted">Video: {videoState}</p>}
            <ErrorNote error={joinError} />
            {owner && (
              <BusyButton type="button" className="danger" busy={end.busy} busyLabel="Ending" onClick={() => void end.run()}>
                End stream
              </BusyButton>
            )}
            <ErrorNote error={end.error} />
          </div>
          <div className="stack">
            {!owner && (
              <div className="card stack">
                <h2>Send a gift</h2>
                {!me && (
                  <p>
                    <Link to={`/sign-in?next=/live/${streamId}`}>Sign in</Link> to send gifts.
                  </p>
                )}
                <div className="row">
                  {catalog.data?.items.map((g) => (
                    <BusyButton
                      key={g.gift}
                      type="button"
                      className="secondary"
                      busy={gift.busy}
                      disabled={!me}
                      onClick={() => void gift.run(g.gift)}
                    >
                      {g.gift} · {money(g.price_cents)}
                    </BusyButton>
                  ))}
                </div>
                <ErrorNote error={gift.error} />
              </div>
            )}
            <div className="card">
              <h2>Gifts</h2>
              <ul className="gift-feed" aria-label="Gift feed" aria-live="polite">
                {feed.length === 0 && <li className="muted">No gifts yet.</li>}
                {feed.map((f) => (
                  <li key={f.gift_id}>
                    {f.from === me?.user_id ? "You" : "A viewer"} sent a <strong>{f.gift}</strong> ({money(f.amount_cents)})
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

/** The stream and ending carry the money totals; the `stream-ended` event does not. */
function hasTotals(stream: Stream | StreamTotals): stream is StreamTotals {
  return "gifts_cents" in stream;
}

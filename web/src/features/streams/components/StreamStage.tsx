import type { Stream, StreamGrant } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { useApp } from "../../../lib/app-context";
import { useLiveVideo } from "../hooks/use-live-video";

/** The video (Agora in AWS; locally the channel and token state) and, for the owner, "End stream". */
export function StreamStage(props: {
  stream: Stream;
  grant: StreamGrant | null;
  owner: boolean;
  joinError: unknown;
  ending: { busy: boolean; error: unknown; end: () => void };
}) {
  const { me, config } = useApp();
  const { stream, grant, owner, ending } = props;
  const video = useLiveVideo(grant, owner);
  return (
    <div className="card stack">
      <div ref={video.node} className="videos" style={{ minHeight: config.video.mode === "agora" ? 240 : 0 }} />
      {config.video.mode === "local" && (
        <dl className="small" aria-label="Live video (local mode)">
          <dt>Video</dt>
          <dd>Local mode: Agora is not used; channel and token are shown instead.</dd>
          <dt>Channel</dt>
          <dd data-testid="agora-channel">{grant?.agora.channel ?? stream.channel}</dd>
          <dt>Token</dt>
          <dd data-testid="agora-token-state">
            {grant
              ? `${me ? "" : "preview: "}${grant.agora.role} token, expires ${new Date(grant.agora.expires_at * 1000).toLocaleTimeString()}`
              : "requesting…"}
          </dd>
        </dl>
      )}
      {config.video.mode === "agora" && <p className="small muted">Video: {video.state}</p>}
      <ErrorNote error={props.joinError} />
      {owner && (
        <BusyButton type="button" className="danger" busy={ending.busy} busyLabel="Ending" onClick={ending.end}>
          End stream
        </BusyButton>
      )}
      <ErrorNote error={ending.error} />
    </div>
  );
}

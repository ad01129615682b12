import { useEffect, useRef, useState } from "react";

function Player({ stream, muted, kind, label, className }: {
  stream: MediaStream | null;
  muted: boolean;
  kind: "voice" | "video";
  label: string;
  className?: string;
}) {
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || !stream) return;
    element.srcObject = stream;
    element.play().then(
      () => setBlocked(false),
      () => setBlocked(true),
    );
  }, [stream]);
  const play = () => void ref.current?.play().then(() => setBlocked(false));
  return (
    <>
      {kind === "video" ? (
        <video ref={ref} className={className} autoPlay playsInline muted={muted} aria-label={label} data-testid={label} />
      ) : (
        <audio ref={ref} autoPlay muted={muted} aria-label={label} data-testid={label} />
      )}
      {blocked && !muted && (
        <button type="button" onClick={play}>
          Play {label}
        </button>
      )}
    </>
  );
}

export function Media({
  kind,
  local,
  remote,
  state,
}: {
  kind: "voice" | "video";
  local: MediaStream | null;
  remote: MediaStream | null;
  state: string;
}) {
  return (
    <section className="card stack" aria-label={kind === "video" ? "Video" : "Voice"}>
      <div className="videos">
        {kind === "video" ? (
          <>
            <Player stream={remote} muted={false} kind="video" label="remote video" />
            <Player stream={local} muted kind="video" label="local video" className="local" />
          </>
        ) : (
          <>
            <p>Voice reading {remote ? "connected" : ""}</p>
            <Player stream={remote} muted={false} kind="voice" label="remote audio" />
          </>
        )}
      </div>
      <p className="small muted" role="status">
        Call: {state}
      </p>
    </section>
  );
}

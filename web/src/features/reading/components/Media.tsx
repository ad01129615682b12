import { useEffect, useRef, useState } from "react";
import { useMediaControls } from "../hooks/use-media-controls";

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

/** The call of a voice or video reading: the other person's picture (or sound) large, one's own small, and
 * the switches: mute, camera off (video), full screen (video). */
export function Media({
  kind,
  local,
  remote,
  state,
  names,
}: {
  kind: "voice" | "video";
  local: MediaStream | null;
  remote: MediaStream | null;
  state: string;
  names: { me: string; other: string };
}) {
  const screen = useRef<HTMLDivElement>(null);
  const controls = useMediaControls(local, screen);
  return (
    <section className="card stack" aria-label={kind === "video" ? "Video" : "Voice"}>
      <div className={controls.fullScreen ? "videos full" : "videos"} ref={screen}>
        {kind === "video" ? (
          <div className="stage">
            <Player stream={remote} muted={false} kind="video" label="remote video" />
            <Player stream={local} muted kind="video" label="local video" className="local" />
            {controls.cameraOff && (
              <span className="camera-off-note" role="status">
                Your camera is off
              </span>
            )}
          </div>
        ) : (
          <>
            <p>
              Voice reading with {names.other} {remote ? "connected" : ""}
            </p>
            <Player stream={remote} muted={false} kind="voice" label="remote audio" />
          </>
        )}
        <div className="row call-controls" role="group" aria-label="Call controls">
          <button type="button" className="secondary" aria-pressed={controls.muted} onClick={controls.toggleMute}>
            {controls.muted ? "Unmute" : "Mute"}
          </button>
          {kind === "video" && (
            <button type="button" className="secondary" aria-pressed={controls.cameraOff} onClick={controls.toggleCamera}>
              {controls.cameraOff ? "Camera on" : "Camera off"}
            </button>
          )}
          {kind === "video" && controls.canFullScreen && (
            <button type="button" className="secondary" aria-pressed={controls.fullScreen} onClick={controls.toggleFullScreen}>
              {controls.fullScreen ? "Exit full screen" : "Full screen"}
            </button>
          )}
        </div>
      </div>
      <p className="small muted" role="status">
        Call: {state}
        {controls.muted ? " · your microphone is muted" : ""}
      </p>
    </section>
  );
}

import { useEffect, useState, type RefObject } from "react";

/** The room's own media switches: the microphone and the camera turn the local tracks off and on (the call
 * keeps them, so the other side gets silence or black frames at once, with no new offer); full screen is the
 * browser's, on the element given. */
export function useMediaControls(local: MediaStream | null, screen: RefObject<HTMLElement | null>) {
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const [fullScreen, setFullScreen] = useState(false);

  useEffect(() => {
    for (const track of local?.getAudioTracks() ?? []) track.enabled = !muted;
  }, [local, muted]);
  useEffect(() => {
    for (const track of local?.getVideoTracks() ?? []) track.enabled = !cameraOff;
  }, [local, cameraOff]);
  useEffect(() => {
    const changed = () => setFullScreen(document.fullscreenElement !== null && document.fullscreenElement === screen.current);
    document.addEventListener("fullscreenchange", changed);
    return () => document.removeEventListener("fullscreenchange", changed);
  }, [screen]);

  const toggleFullScreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void screen.current?.requestFullscreen?.().catch(() => undefined);
  };
  return {
    muted,
    cameraOff,
    fullScreen,
    canFullScreen: typeof document !== "undefined" && document.fullscreenEnabled,
    toggleMute: () => setMuted((m) => !m),
    toggleCamera: () => setCameraOff((c) => !c),
    toggleFullScreen,
  };
}

import { useEffect, useState } from "react";
import { enableSound, onSoundChange, soundBlocked } from "../../../lib/chime";

const SETTLE_MS = 400; // a new context the browser allows to play starts "suspended" for a moment

/** After a reload the browser keeps the request chime silent until the reader clicks on the page: ask once,
 * with one button; any click on the page turns sound on too (and the prompt goes). */
export function EnableSound() {
  const [blocked, setBlocked] = useState(false);
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    soundBlocked(); // the chime's audio is made now, at load: made before any click, the browser holds it
    const check = () => setBlocked(soundBlocked());
    const timer = window.setTimeout(check, SETTLE_MS);
    const stop = onSoundChange(check);
    const wake = () => void enableSound(); // the first click anywhere is the gesture the browser waits for
    document.addEventListener("pointerdown", wake, { once: true });
    document.addEventListener("keydown", wake, { once: true });
    return () => {
      window.clearTimeout(timer);
      stop();
      document.removeEventListener("pointerdown", wake);
      document.removeEventListener("keydown", wake);
    };
  }, []);
  if (enabled && !blocked) return <p className="success small" role="status">Sound is on: new requests chime.</p>;
  if (!blocked) return null;
  return (
    <div className="notice row" data-testid="enable-sound">
      <p>Your browser keeps the request chime silent until you click on this page.</p>
      <button type="button" onClick={() => void enableSound().then((on) => { setEnabled(on); setBlocked(!on); })}>
        Click to enable sound
      </button>
    </div>
  );
}

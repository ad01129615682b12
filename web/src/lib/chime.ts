/** A short two-note chime for an incoming request (Web Audio; silent when the browser refuses sound).
 * Chromium keeps an AudioContext made before the page's first click suspended ("autoplay" policy): after
 * a reload the chime stays silent until the person clicks, so the console asks once (`soundBlocked`,
 * `enableSound`). */
let context: AudioContext | null = null;

function audio(): AudioContext | null {
  try {
    context ??= new AudioContext();
    return context;
  } catch {
    return null; // no audio available
  }
}

/** True while the browser keeps the chime silent until a click on the page. */
export function soundBlocked(): boolean {
  return audio()?.state === "suspended";
}

/** Calls `listener` whenever sound goes on or off (a click anywhere on the page may turn it on). */
export function onSoundChange(listener: () => void): () => void {
  const sound = audio();
  sound?.addEventListener("statechange", listener);
  return () => sound?.removeEventListener("statechange", listener);
}

/** Resumes sound; call it from a click (the gesture the browser waits for). True when sound is on. */
export async function enableSound(): Promise<boolean> {
  const sound = audio();
  if (!sound) return false;
  try {
    await sound.resume();
  } catch {
    return false;
  }
  return sound.state === "running";
}

export function chime(): void {
  const sound = audio();
  if (!sound) return;
  try {
    if (sound.state === "suspended") void sound.resume().catch(() => undefined);
    const now = sound.currentTime;
    for (const [i, frequency] of [880, 1320].entries()) {
      const oscillator = sound.createOscillator();
      const gain = sound.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.2, now + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.3);
      oscillator.connect(gain).connect(sound.destination);
      oscillator.start(now + i * 0.18);
      oscillator.stop(now + i * 0.18 + 0.32);
    }
  } catch {
    /* no audio available */
  }
}

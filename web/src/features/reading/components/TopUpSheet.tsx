import { useEffect, useRef, type ReactNode } from "react";

/** The in-room top-up as a compact sheet: on a phone it rises from the bottom over the room (meter and End stay
 * where they are, above it), scrolls inside itself and closes with "Not now" or Escape. */
export function TopUpSheet({ open, onClose, children }: { open: boolean; onClose: () => void; children: ReactNode }) {
  const sheet = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    sheet.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open, onClose]);
  if (!open) return null;
  return (
    <div className="sheet" role="dialog" aria-label="Top up" aria-modal="false" ref={sheet} tabIndex={-1}>
      <button type="button" className="secondary small-button sheet-close" onClick={onClose}>
        Not now
      </button>
      {children}
    </div>
  );
}

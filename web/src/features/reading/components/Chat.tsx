import { useEffect, useRef, useState } from "react";

export interface ChatLine {
  key: string;
  from: "client" | "reader";
  text: string;
  pending?: boolean;
}

export function Chat({
  lines,
  me,
  onSend,
  disabled,
}: {
  lines: ChatLine[];
  me: "client" | "reader";
  onSend: (text: string) => boolean;
  disabled: boolean;
}) {
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const log = useRef<HTMLOListElement>(null);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [lines.length]);

  return (
    <section className="card stack" aria-label="Chat">
      <h2>Chat</h2>
      <ol className="chat-log" ref={log} aria-live="polite" aria-label="Chat transcript" tabIndex={0}>
        {lines.map((line) => (
          <li key={line.key} className={line.from === me ? "mine" : ""} data-from={line.from}>
            <strong>{line.from === me ? "You" : line.from === "reader" ? "Reader" : "Client"}:</strong> {line.text}
            {line.pending && <span className="muted small"> (sending)</span>}
          </li>
        ))}
      </ol>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const value = text.trim();
          if (!value) return;
          if (onSend(value)) {
            setText("");
            setError("");
          } else setError("Not connected; reconnecting. Please try again in a moment.");
        }}
      >
        <label htmlFor="chat-input" className="sr-only">
          Message
        </label>
        <input
          id="chat-input"
          value={text}
          maxLength={2000}
          onChange={(e) => setText(e.target.value)}
          disabled={disabled}
          placeholder="Type a message"
          style={{ flex: 1 }}
        />
        <button type="submit" disabled={disabled}>
          Send
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

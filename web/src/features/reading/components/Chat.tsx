import { useEffect, useRef, useState } from "react";
import { ChatLines, type ChatLine, type Names } from "./ChatLines";

export type { ChatLine } from "./ChatLines";

export function Chat({
  lines,
  me,
  names,
  onSend,
  disabled,
}: {
  lines: ChatLine[];
  me: "client" | "reader";
  names: Names;
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
      <ChatLines lines={lines} me={me} names={names} label="Chat transcript" listRef={log} />
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

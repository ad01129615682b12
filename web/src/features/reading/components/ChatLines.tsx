import type { Ref } from "react";

export interface ChatLine {
  key: string;
  from: "client" | "reader";
  text: string;
  sentAt: string; // ISO time the server stored it (the sender's own clock while it is still sending)
  pending?: boolean;
}

export type Names = Record<"client" | "reader", string>;

export function timeOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** Chat lines as the room and the transcript show them: the sender's display name ("(you)" on one's own) and
 * the time it was sent. */
export function ChatLines({
  lines,
  me,
  names,
  label,
  listRef,
}: {
  lines: ChatLine[];
  me: "client" | "reader";
  names: Names;
  label: string;
  listRef?: Ref<HTMLOListElement>;
}) {
  return (
    <ol className="chat-log" ref={listRef} aria-live="polite" aria-label={label} tabIndex={0}>
      {lines.map((line) => (
        <li key={line.key} className={line.from === me ? "mine" : ""} data-from={line.from}>
          <span className="chat-meta">
            <strong>
              {names[line.from]}
              {line.from === me ? " (you)" : ""}
            </strong>{" "}
            <time className="muted small" dateTime={line.sentAt}>
              {timeOf(line.sentAt)}
            </time>
          </span>{" "}
          <span className="chat-text">{line.text}</span>
          {line.pending && <span className="muted small"> (sending)</span>}
        </li>
      ))}
    </ol>
  );
}

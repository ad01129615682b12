import { useState } from "react";
import { Link } from "react-router-dom";
import { ApiError } from "../../../api/errors";
import type { ChatMessage } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useApp } from "../../../lib/app-context";
import { useSocketEvent } from "../../../ws/use-socket-event";
import { useMutedViewers, useRemoveChatMessage, useSendChat, useSetMuted, useStreamChat } from "../api/stream-chat";

const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** The stream's chat: everyone reads it (signed out too); signed-in people write; the stream's reader
 * removes messages and mutes viewers. */
export function StreamChat({ streamId, owner, live }: { streamId: string; owner: boolean; live: boolean }) {
  const { me } = useApp();
  const chat = useStreamChat(streamId);
  const send = useSendChat(streamId);
  const remove = useRemoveChatMessage(streamId);
  const mute = useSetMuted(streamId);
  const mutes = useMutedViewers(streamId, owner); // the reader's page: who is muted, after a reload too
  const [text, setText] = useState("");
  const [mutedNow, setMutedNow] = useState<boolean | null>(null); // this viewer, as the events tell
  useSocketEvent("stream-chat-muted", (e) => {
    if (e.stream_id === streamId && e.user_id === me?.user_id) setMutedNow(e.muted);
  });
  const refusedAsMuted = send.error instanceof ApiError && send.error.code === "muted";
  const iAmMuted = Boolean(me && (mutedNow ?? refusedAsMuted));
  const mutedIds = mutes.data?.user_ids ?? [];
  const maxChars = chat.data?.max_chars ?? 300;
  const items = chat.data?.items ?? [];

  return (
    <section className="card stack" aria-labelledby="stream-chat-heading">
      <h2 id="stream-chat-heading">Chat</h2>
      <ol className="chat-list" aria-label="Stream chat" aria-live="polite">
        {chat.isSuccess && items.length === 0 && <li className="muted">No messages yet.</li>}
        {items.map((m) => (
          <ChatLine
            key={m.message_id}
            message={m}
            mine={m.user_id === me?.user_id}
            moderate={owner && m.user_id !== me?.user_id}
            muted={mutedIds.includes(m.user_id)}
            onRemove={() => remove.mutate(m.message_id)}
            onMute={(muted) => mute.mutate({ userId: m.user_id, muted })}
          />
        ))}
      </ol>
      <ErrorNote error={chat.error} />
      {!me && (
        <p className="small muted">
          <Link to={paths.signIn.to(paths.stream.to(streamId))}>Sign in</Link> to join the chat.
        </p>
      )}
      {me && live && iAmMuted && (
        <p className="notice" role="status">
          The reader has muted you in this chat.
        </p>
      )}
      {me && live && !iAmMuted && (
        <form
          className="chat-form"
          aria-label="Send a chat message"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) send.mutate(text.trim(), { onSuccess: () => setText("") });
          }}
        >
          <label htmlFor="stream-chat-text" className="sr-only">
            Message
          </label>
          <input
            id="stream-chat-text"
            placeholder="Say something kind"
            maxLength={maxChars}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <BusyButton type="submit" busy={send.isPending} busyLabel="Sending" disabled={!text.trim()}>
            Send
          </BusyButton>
        </form>
      )}
      {!refusedAsMuted && <ErrorNote error={send.error} />}
      <ErrorNote error={remove.error ?? mute.error} />
    </section>
  );
}

function ChatLine(props: {
  message: ChatMessage;
  mine: boolean;
  moderate: boolean;
  muted: boolean;
  onRemove: () => void;
  onMute: (muted: boolean) => void;
}) {
  const { message: m, mine, moderate, muted } = props;
  return (
    <li className="chat-line">
      <p className="chat-meta">
        <strong>{m.display_name}</strong>
        {mine && <span className="muted"> (you)</span>}
        {m.role === "reader" && <span className="badge chat-reader">Reader</span>}{" "}
        <time className="small muted" dateTime={m.sent_at}>
          {clock(m.sent_at)}
        </time>
      </p>
      <p className="chat-text">{m.text}</p>
      {moderate && (
        <p className="row chat-tools">
          <button type="button" className="link" aria-label={`Remove ${m.display_name}'s message`} onClick={props.onRemove}>
            Remove
          </button>
          {m.role !== "reader" &&
            (muted ? (
              <>
                <span className="small muted">Muted</span>
                <button type="button" className="link" aria-label={`Unmute ${m.display_name}`} onClick={() => props.onMute(false)}>
                  Unmute
                </button>
              </>
            ) : (
              <button type="button" className="link" aria-label={`Mute ${m.display_name}`} onClick={() => props.onMute(true)}>
                Mute
              </button>
            ))}
        </p>
      )}
    </li>
  );
}

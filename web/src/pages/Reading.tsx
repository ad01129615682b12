import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ok } from "../api/client";
import type { SessionDetails, SessionSummary } from "../api/types";
import { useApp } from "../app/context";
import { AddFunds } from "../components/AddFunds";
import { RequireSignIn } from "../components/RequireSignIn";
import { BusyButton, ErrorNote, Spinner, useAction } from "../components/ui";
import { money } from "../format";
import { Chat, type ChatLine } from "../reading/Chat";
import { iceServersFor } from "../reading/ice";
import { Media } from "../reading/Media";
import { Meter } from "../reading/Meter";
import { Call, type CallState } from "../reading/rtc";
import { Summary } from "../reading/Summary";

const POLL_MS = 2000;
const OFFER_DEBOUNCE_MS = 250;

export default function ReadingPage() {
  return (
    <RequireSignIn>
      <Reading />
    </RequireSignIn>
  );
}

function Reading() {
  const { sessionId = "" } = useParams();
  const { api, me, socket, socketState } = useApp();
  const [session, setSession] = useState<SessionDetails | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [balance, setBalance] = useState<number | null>(null);
  const [lines, setLines] = useState<ChatLine[]>([]);
  const [accepted, setAccepted] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const [lowBanner, setLowBanner] = useState(false);
  const [summary, setSummary] = useState<SessionSummary | null>(null);
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [remote, setRemote] = useState<MediaStream | null>(null);
  const [callState, setCallState] = useState<CallState>("idle");
  const [mediaError, setMediaError] = useState<unknown>(null);
  const call = useRef<Call | null>(null);
  const offerTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pendingChat = useRef<string[]>([]);

  const role: "client" | "reader" | null = !session || !me ? null : me.user_id === session.reader_id ? "reader" : "client";
  const kind = session?.type;
  const open = session?.status === "requested" || session?.status === "accepted" || session?.status === "active";

  const refresh = useCallback(async () => {
    try {
      const details = await ok(api.GET("/api/sessions/{id}", { params: { path: { id: sessionId } } }));
      setSession(details);
      setLoadError(null);
      setLines((current) => {
        if (current.length > 0) return current;
        return details.transcript.map((t) => ({
          key: `t${t.message_id}`,
          from: t.from === "reader" ? "reader" : "client",
          text: t.text,
        }));
      });
      if (me?.user_id === details.client_id) {
        const wallet = await ok(api.GET("/api/payments/balance"));
        setBalance(wallet.balance_cents);
      }
    } catch (error) {
      setLoadError(error);
    }
  }, [api, sessionId, me]);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [open, refresh]);

  // The call object for voice and video readings.
  useEffect(() => {
    if (!open || !kind || kind === "chat" || call.current) return;
    call.current = new Call({
      sessionId,
      kind,
      iceServers: () =>
        ok(api.GET("/api/sessions/{id}/ice-servers", { params: { path: { id: sessionId } } })).then(
          (body) => iceServersFor(sessionId, body.ice_servers),
          () => iceServersFor(sessionId), // the client still has the ones of sessions/start
        ),
      send: (message) => socket.send(message),
      onLocal: setLocal,
      onRemote: (stream) => setRemote(stream),
      onState: setCallState,
    });
    if (role === "reader" || role === "client") call.current.media().catch(setMediaError);
  }, [open, kind, sessionId, socket, role, api]);

  useEffect(
    () => () => {
      call.current?.close();
      call.current = null;
    },
    [],
  );

  const scheduleOffer = useCallback(() => {
    if (offerTimer.current) clearTimeout(offerTimer.current);
    offerTimer.current = setTimeout(() => {
      call.current?.offer().catch(setMediaError);
    }, OFFER_DEBOUNCE_MS);
  }, []);

  // Join the room (again after every reconnect) and listen to the reading's events.
  useEffect(() => {
    if (!role || !open) return;
    const join = () => socket.send({ action: "join-reading", session_id: sessionId });
    const mine = <T extends { session_id?: string }>(handler: (e: T) => void) => (e: T) => {
      if (e.session_id === sessionId) handler(e);
    };
    const offs = [
      socket.onOpen(() => join()),
      socket.on(
        "user-joined",
        mine((e) => {
          if (role === "client" && (e.role === "reader" || e.peer_present)) scheduleOffer();
          if (e.status === "active") void refresh();
        }),
      ),
      socket.on("reading-accepted", mine(() => setAccepted(true))),
      socket.on("reading-declined", mine((e) => setRefused(e.reason ? `The reader declined: ${e.reason}` : "The reader declined this request. You were not charged."))),
      socket.on("reading-expired", mine(() => setRefused("The reader did not answer in time. You were not charged."))),
      socket.on("offer", mine((e) => role === "reader" && void call.current?.answer(e.sdp).catch(setMediaError))),
      socket.on("answer", mine((e) => void call.current?.accept(e.sdp).catch(setMediaError))),
      socket.on("ice-candidate", mine((e) => void call.current?.candidate(e.candidate))),
      socket.on(
        "chat-message",
        mine((e) => setLines((all) => [...all, { key: `m${e.message_id}`, from: e.from, text: e.text }])),
      ),
      socket.on(
        "chat-ack",
        mine((e) => {
          const text = pendingChat.current.shift();
          setLines((all) => {
            const index = all.findIndex((l) => l.pending);
            if (index < 0) return text ? [...all, { key: `m${e.message_id}`, from: role, text }] : all;
            const copy = [...all];
            copy[index] = { ...(copy[index] as ChatLine), key: `m${e.message_id}`, pending: false };
            return copy;
          });
        }),
      ),
      socket.on(
        "balance-low",
        mine((e) => {
          setBalance(e.balance_cents);
          setLowBanner(true);
        }),
      ),
      socket.on(
        "session-ended",
        mine((e) => {
          setSummary(e.summary);
          call.current?.close();
          call.current = null;
          void refresh();
        }),
      ),
    ];
    if (socket.state === "open") join();
    return () => offs.forEach((off) => off());
  }, [role, open, socket, sessionId, scheduleOffer, refresh]);

  const end = useAction(async () => {
    setSummary(await ok(api.POST("/api/sessions/end/{id}", { params: { path: { id: sessionId } } })));
    call.current?.close();
    call.current = null;
    await refresh();
  });

  const sendChat = (text: string) => {
    const sent = socket.send({ action: "chat-message", session_id: sessionId, text });
    if (sent) {
      pendingChat.current.push(text);
      setLines((all) => [...all, { key: `p${Date.now()}${all.length}`, from: role ?? "client", text, pending: true }]);
    }
    return sent;
  };

  if (!session)
    return (
      <section className="page">
        {loadError ? <ErrorNote error={loadError} onRetry={() => void refresh()} /> : <Spinner label="Opening the reading" />}
      </section>
    );

  const ended = !open || summary !== null;
  if (ended && role)
    return <Summary session={session} summary={summary} role={role} lines={lines} onChanged={() => void refresh()} />;

  if (session.status === "requested" && !refused && role === "client")
    return (
      <section className="page stack" aria-live="polite">
        <h1>{accepted ? "The reader accepted" : "Waiting for the reader"}</h1>
        <Spinner label={accepted ? "Connecting you" : "Asking the reader to accept your request"} />
        <p className="muted">
          {session.type} reading at {money(session.rate_cents)}/min
          {session.free_minutes > 0 ? `, first ${session.free_minutes} minutes free` : ""}.
        </p>
        <BusyButton type="button" className="secondary" busy={end.busy} busyLabel="Cancelling" onClick={() => void end.run()}>
          Cancel request
        </BusyButton>
        <ErrorNote error={end.error} />
      </section>
    );

  if (refused)
    return (
      <section className="page stack">
        <h1>No reading this time</h1>
        <p role="alert">{refused}</p>
        <Link className="button" to={`/readers/${session.reader_id}`}>
          Back to the reader
        </Link>
      </section>
    );

  return (
    <section className="page stack">
      <h1>
        {session.type === "chat" ? "Chat" : session.type === "voice" ? "Voice" : "Video"} reading
        {session.status === "requested" ? " (connecting)" : ""}
      </h1>
      {socketState !== "open" && (
        <p className="notice" role="status">
          Connection lost; reconnecting… Billing pauses while you are away.
        </p>
      )}
      {role === "client" && lowBanner && (
        <div className="notice stack" role="alert" aria-label="Low balance">
          <p>
            <strong>Your balance is running low.</strong> Top up now to keep the reading going.
          </p>
          <AddFunds
            compact
            onFunded={(cents) => {
              setBalance(cents);
              setLowBanner(false);
            }}
          />
        </div>
      )}
      <div className="room">
        <div className="stack">
          {kind && kind !== "chat" && <Media kind={kind} local={local} remote={remote} state={callState} />}
          <ErrorNote error={mediaError} />
          <Chat lines={lines} me={role ?? "client"} onSend={sendChat} disabled={session.status !== "active" && kind === "chat"} />
        </div>
        <div className="stack">
          <Meter
            input={{
              minutes: session.minutes,
              free_minutes: session.free_minutes,
              rate_cents: session.rate_cents,
              total_cents: session.total_cents,
              started_at: session.started_at,
              balance_cents: role === "client" ? balance : null,
            }}
          />
          <BusyButton type="button" className="danger" busy={end.busy} busyLabel="Ending" onClick={() => void end.run()}>
            End reading
          </BusyButton>
          <ErrorNote error={end.error} />
        </div>
      </div>
    </section>
  );
}

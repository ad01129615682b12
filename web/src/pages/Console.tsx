import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { ok } from "../api/client";
import { earningsOf, payoutAccountOf, type Balance, type Reader, type ReadingType } from "../api/types";
import { useApp } from "../app/context";
import { RequireSignIn } from "../components/RequireSignIn";
import { BusyButton, ErrorNote, Spinner, Stars, StatusBadge, useAction, useLoad } from "../components/ui";
import { money, perMinute, when } from "../format";
import { goToPayoutOnboarding } from "../payments/onboarding";
import { chime } from "../reading/chime";

interface Incoming {
  session_id: string;
  client_name: string;
  type: ReadingType;
  rate_cents: number;
  free_minutes: number;
  expires_at: number | null;
}

export default function ConsolePage() {
  return (
    <RequireSignIn role="reader">
      <Console />
    </RequireSignIn>
  );
}

function toEpochMs(value: string | number | null | undefined): number | null {
  if (value == null) return null;
  if (typeof value === "number") return value < 1e12 ? value * 1000 : value;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

function Console() {
  const { api, me, socket, socketState, refreshMe } = useApp();
  const navigate = useNavigate();
  const readerId = me?.user_id ?? "";
  const profile = useLoad(() => ok(api.GET("/api/readers/{id}", { params: { path: { id: readerId } } })), [readerId]);
  const balance = useLoad(() => ok(api.GET("/api/payments/balance")), []);
  const readings = useLoad(() => ok(api.GET("/api/sessions", { params: { query: { limit: 10 } } })), []);
  const [incoming, setIncoming] = useState<Incoming[]>([]);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  // Requests that were already waiting when the console opened (after a reload, say).
  useEffect(() => {
    const waiting = (readings.data?.items ?? []).filter((s) => s.status === "requested");
    if (waiting.length === 0) return;
    setIncoming((all) => [
      ...all,
      ...waiting
        .filter((s) => !all.some((i) => i.session_id === s.session_id))
        .map((s) => ({
          session_id: s.session_id,
          client_name: "A client",
          type: s.type,
          rate_cents: s.rate_cents,
          free_minutes: s.free_minutes,
          expires_at: null,
        })),
    ]);
  }, [readings.data]);

  useEffect(() => {
    const offs = [
      socket.on("reading-requested", (e) => {
        chime();
        setIncoming((all) => [
          ...all.filter((i) => i.session_id !== e.session_id),
          {
            session_id: e.session_id,
            client_name: e.client.display_name || "A client",
            type: e.type,
            rate_cents: e.rate_cents,
            free_minutes: e.free_minutes,
            expires_at: toEpochMs(e.expires_at),
          },
        ]);
      }),
      socket.on("reading-expired", (e) => setIncoming((all) => all.filter((i) => i.session_id !== e.session_id))),
      socket.on("session-ended", (e) => setIncoming((all) => all.filter((i) => i.session_id !== e.session_id))),
    ];
    return () => offs.forEach((off) => off());
  }, [socket]);

  const setStatus = useAction(async (status: "online" | "offline") => {
    await ok(api.PUT("/api/readers/status", { body: { status } }));
    await profile.reload();
  });

  const accept = useAction(async (sessionId: string) => {
    if (!socket.send({ action: "accept-reading", session_id: sessionId }))
      await ok(api.POST("/api/sessions/{id}/accept", { params: { path: { id: sessionId } } }));
    setIncoming((all) => all.filter((i) => i.session_id !== sessionId));
    navigate(`/readings/${sessionId}`);
  });
  const decline = useAction(async (sessionId: string) => {
    if (!socket.send({ action: "decline-reading", session_id: sessionId }))
      await ok(api.POST("/api/sessions/{id}/decline", { params: { path: { id: sessionId } }, body: {} }));
    setIncoming((all) => all.filter((i) => i.session_id !== sessionId));
  });

  const status = profile.data?.status; // undefined until the profile has loaded
  const live = incoming.filter((i) => i.expires_at === null || i.expires_at > now);
  return (
    <section className="page stack">
      <h1>Reader console</h1>
      <section className="card stack" aria-label="Availability">
        <div className="row">
          <h2>Your status</h2>
          {status ? <StatusBadge status={status} /> : <Spinner label="Checking your status" />}
        </div>
        {socketState !== "open" && <p className="muted small">Connecting to live updates…</p>}
        <div className="row">
          <BusyButton
            type="button"
            busy={setStatus.busy}
            disabled={status !== "offline"}
            onClick={() => void setStatus.run("online")}
          >
            Go online
          </BusyButton>
          <BusyButton
            type="button"
            className="secondary"
            busy={setStatus.busy}
            disabled={status !== "online"}
            onClick={() => void setStatus.run("offline")}
          >
            Go offline
          </BusyButton>
        </div>
        <ErrorNote error={setStatus.error ?? profile.error} />
      </section>

      <div className="card stack" aria-live="assertive">
        <h2>Incoming requests</h2>
        {live.length === 0 && <p className="muted">No requests right now. Stay online to receive them.</p>}
        <ul className="stack" aria-label="Incoming requests" style={{ listStyle: "none", padding: 0 }}>
          {live.map((request) => (
            <li key={request.session_id} className="notice stack" data-session-id={request.session_id}>
              <p role="alert">
                <strong>{request.client_name}</strong> asks for a <strong>{request.type}</strong> reading at{" "}
                {perMinute(request.rate_cents)}
                {request.free_minutes > 0 ? ` (${request.free_minutes} free intro minutes)` : ""}.
                {request.expires_at !== null && (
                  <span className="muted small"> {Math.max(0, Math.round((request.expires_at - now) / 1000))} s left</span>
                )}
              </p>
              <div className="row">
                <BusyButton type="button" busy={accept.busy} busyLabel="Accepting" onClick={() => void accept.run(request.session_id)}>
                  Accept
                </BusyButton>
                <BusyButton
                  type="button"
                  className="secondary"
                  busy={decline.busy}
                  onClick={() => void decline.run(request.session_id)}
                >
                  Decline
                </BusyButton>
              </div>
            </li>
          ))}
        </ul>
        <ErrorNote error={accept.error ?? decline.error} />
      </div>

      <Earnings balance={balance.data} loading={balance.loading} error={balance.error} me={me} onRefresh={() => void refreshMe()} />

      <div className="card">
        <h2>My readings</h2>
        <ErrorNote error={readings.error} />
        {readings.data?.items.length === 0 && <p className="muted">No readings yet.</p>}
        <ul>
          {readings.data?.items.map((s) => (
            <li key={s.session_id}>
              <Link to={`/readings/${s.session_id}`}>
                {s.type} · {s.status} · {when(s.created_at)}
              </Link>{" "}
              {s.total_cents > 0 && <span className="muted">({money(s.reader_share_cents)} to you)</span>}
            </li>
          ))}
        </ul>
        <Link to="/readings">All my readings</Link>
      </div>

      <ReviewsToReply readerId={readerId} />
      <ProfileForm profile={profile.data} onSaved={() => void profile.reload()} />
    </section>
  );
}

function Earnings({
  balance,
  loading,
  error,
  me,
  onRefresh,
}: {
  balance: Balance | null;
  loading: boolean;
  error: unknown;
  me: ReturnType<typeof useApp>["me"];
  onRefresh: () => void;
}) {
  const { api } = useApp();
  const account = payoutAccountOf(me);
  const earnings = earningsOf(balance);
  const onboard = useAction(useCallback(() => goToPayoutOnboarding(api), [api]));
  return (
    <div className="card stack">
      <h2>Earnings</h2>
      <ErrorNote error={error} />
      {loading && !balance && <Spinner label="Loading earnings" />}
      {earnings && (
        <p>
          Pending <strong data-testid="earnings-pending">{money(earnings.pending_cents)}</strong> · Paid out{" "}
          <strong>{money(earnings.paid_out_cents)}</strong>
          {earnings.owed_back_cents > 0 && <> · Owed back {money(earnings.owed_back_cents)}</>}
        </p>
      )}
      <p className="small muted">Payouts run daily once you are owed at least $15.00.</p>
      <h3>Payout account</h3>
      <p data-testid="payout-status">
        {!account
          ? "No payout account yet. Set one up with Stripe to receive your earnings."
          : account.payouts_enabled
            ? "Payouts are enabled."
            : account.details_submitted
              ? "Stripe is reviewing your details; payouts start once it approves them."
              : "Finish your Stripe onboarding to receive payouts."}
      </p>
      <ErrorNote error={onboard.error} />
      <div className="row">
        {me && !account?.payouts_enabled && (
          <BusyButton type="button" busy={onboard.busy} busyLabel="Opening Stripe" onClick={() => void onboard.run()}>
            Set up payouts
          </BusyButton>
        )}
        <button type="button" className="secondary" onClick={onRefresh}>
          Refresh payout status
        </button>
      </div>
    </div>
  );
}

function ReviewsToReply({ readerId }: { readerId: string }) {
  const { api } = useApp();
  const reviews = useLoad(
    () => ok(api.GET("/api/readers/{id}/reviews", { params: { path: { id: readerId }, query: { limit: 20 } } })),
    [readerId],
  );
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const reply = useAction(
    useCallback(
      async (sessionId: string, text: string) => {
        await ok(api.POST("/api/sessions/{id}/review/reply", { params: { path: { id: sessionId } }, body: { text } }));
        await reviews.reload();
      },
      [api, reviews],
    ),
  );
  return (
    <div className="card stack">
      <h2>Reviews</h2>
      <ErrorNote error={reviews.error ?? reply.error} />
      {reviews.data?.items.length === 0 && <p className="muted">No reviews yet.</p>}
      <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
        {reviews.data?.items.map((r) => {
          const existing = r.reply;
          return (
            <li key={r.session_id} className="stack">
              <p>
                <Stars value={r.rating} /> {r.client_display_name || "Anonymous"}: {r.text}
              </p>
              {existing ? (
                <p className="small">Your reply: {existing}</p>
              ) : (
                <form
                  className="row"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const text = (drafts[r.session_id] ?? "").trim();
                    if (text) void reply.run(r.session_id, text);
                  }}
                >
                  <label htmlFor={`reply-${r.session_id}`} className="sr-only">
                    Reply to this review
                  </label>
                  <input
                    id={`reply-${r.session_id}`}
                    placeholder="Reply once, publicly"
                    value={drafts[r.session_id] ?? ""}
                    maxLength={1000}
                    onChange={(e) => setDrafts((d) => ({ ...d, [r.session_id]: e.target.value }))}
                    style={{ flex: 1 }}
                  />
                  <BusyButton type="submit" className="secondary" busy={reply.busy}>
                    Reply
                  </BusyButton>
                </form>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ProfileForm({ profile, onSaved }: { profile: Reader | null; onSaved: () => void }) {
  const { api } = useApp();
  const [form, setForm] = useState<{ name: string; bio: string; specialties: string; chat: string; voice: string; video: string } | null>(null);
  useEffect(() => {
    if (profile && !form)
      setForm({
        name: profile.display_name,
        bio: profile.bio,
        specialties: profile.specialties.join(", "),
        chat: String(profile.rates.chat_cents),
        voice: String(profile.rates.voice_cents),
        video: String(profile.rates.video_cents),
      });
  }, [profile, form]);
  const save = useAction(async () => {
    if (!form) return;
    await ok(
      api.PUT("/api/readers/profile", {
        body: {
          display_name: form.name,
          bio: form.bio,
          specialties: form.specialties
            .split(",")
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean),
          avatar_url: profile?.avatar_url ?? null,
          rates: { chat_cents: Number(form.chat), voice_cents: Number(form.voice), video_cents: Number(form.video) },
        },
      }),
    );
    onSaved();
  });
  if (!form) return null;
  const field = (key: keyof typeof form, label: string, type = "text") => (
    <div className="field">
      <label htmlFor={`profile-${key}`}>{label}</label>
      <input id={`profile-${key}`} type={type} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </div>
  );
  return (
    <form
      className="card stack"
      aria-label="Your profile"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <h2>Your profile</h2>
      {field("name", "Display name")}
      <div className="field">
        <label htmlFor="profile-bio">Bio</label>
        <textarea id="profile-bio" rows={3} value={form.bio} onChange={(e) => setForm({ ...form, bio: e.target.value })} />
      </div>
      {field("specialties", "Specialties (comma separated)")}
      <div className="inline-fields">
        {field("chat", "Chat, cents per minute", "number")}
        {field("voice", "Voice, cents per minute", "number")}
        {field("video", "Video, cents per minute", "number")}
      </div>
      <ErrorNote error={save.error} />
      <BusyButton type="submit" busy={save.busy} busyLabel="Saving">
        Save profile
      </BusyButton>
    </form>
  );
}

import { useState } from "react";
import { BusyButton, ErrorNote, Spinner, StatusBadge } from "../../../components/ui";
import { parseDollars, perMinute } from "../../../lib/format";
import { useCreateReader } from "../api/create-reader";
import { useAdminReaders } from "../api/get-readers";
import { useSetRates } from "../api/set-rates";
import { useSuspendReader } from "../api/suspend-reader";
import { ReasonAction } from "./Reason";

export function Readers() {
  const readers = useAdminReaders();
  const suspend = useSuspendReader();
  return (
    <div className="stack">
      <CreateReader />
      <ErrorNote error={readers.error} />
      {readers.isPending && <Spinner />}
      {readers.data?.items.map((r) => (
        <div key={r.reader_id} className="card stack" data-testid={`admin-reader-${r.reader_id}`}>
          <h3>
            {r.display_name} <StatusBadge status={r.status} />{" "}
            {r.suspension && <span className="badge badge-blocked">Suspended</span>}
          </h3>
          <p className="small muted">
            {r.reader_id} · {perMinute(r.rates.chat_cents)} chat · {perMinute(r.rates.voice_cents)} voice · {perMinute(r.rates.video_cents)} video
            {r.suspension && <> · suspended: {r.suspension.reason}</>}
          </p>
          <ReasonAction
            key={r.suspension ? "reinstate" : "suspend"}
            label={r.suspension ? "Reinstate" : "Suspend"}
            danger={!r.suspension}
            busy={suspend.isPending}
            error={suspend.variables?.readerId === r.reader_id ? suspend.error : null}
            onConfirm={(reason) => suspend.mutate({ readerId: r.reader_id, suspend: !r.suspension, reason })}
          />
          <Rates readerId={r.reader_id} />
        </div>
      ))}
    </div>
  );
}

function Rates({ readerId }: { readerId: string }) {
  const setRates = useSetRates();
  const [text, setText] = useState({ chat: "", voice: "", video: "" });
  const [reason, setReason] = useState("");
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        const chat = parseDollars(text.chat);
        const voice = parseDollars(text.voice);
        const video = parseDollars(text.video);
        if (chat === null || voice === null || video === null) return;
        setRates.mutate({ readerId, rates: { chat_cents: chat, voice_cents: voice, video_cents: video }, reason });
      }}
    >
      {(["chat", "voice", "video"] as const).map((kind) => (
        <label key={kind}>
          {kind} $/min <input size={6} required value={text[kind]} onChange={(e) => setText({ ...text, [kind]: e.target.value })} />
        </label>
      ))}
      <label>
        Reason <input required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <BusyButton type="submit" className="secondary" busy={setRates.isPending}>Set rates</BusyButton>
      <ErrorNote error={setRates.error} />
    </form>
  );
}

function CreateReader() {
  const create = useCreateReader();
  const [userId, setUserId] = useState("");
  const [name, setName] = useState("");
  return (
    <form
      className="row card"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ user_id: userId.trim(), display_name: name.trim() });
      }}
    >
      <label>
        User id <input required value={userId} onChange={(e) => setUserId(e.target.value)} />
      </label>
      <label>
        Display name <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <BusyButton type="submit" busy={create.isPending}>Make reader</BusyButton>
      {create.data && <a href={create.data.onboarding_url}>Payout onboarding link</a>}
      <ErrorNote error={create.error} />
    </form>
  );
}

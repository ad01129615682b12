import { useEffect, useState } from "react";
import type { Reader } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { parseDollars } from "../../../lib/format";
import { useUpdateProfile } from "../api/update-profile";

const RATE_KINDS = ["chat", "voice", "video"] as const;

/** The reader's public profile and rates, as a form. */
export function ProfileForm({ profile }: { profile: Reader | undefined }) {
  const [form, setForm] = useState<{ name: string; bio: string; specialties: string; chat: string; voice: string; video: string } | null>(null);
  useEffect(() => {
    if (profile && !form)
      setForm({
        name: profile.display_name,
        bio: profile.bio,
        specialties: profile.specialties.join(", "),
        chat: (profile.rates.chat_cents / 100).toFixed(2),
        voice: (profile.rates.voice_cents / 100).toFixed(2),
        video: (profile.rates.video_cents / 100).toFixed(2),
      });
  }, [profile, form]);
  const save = useUpdateProfile();
  const rateCents = (text: string) => {
    const cents = parseDollars(text);
    return cents !== null && cents > 0 ? cents : null;
  };
  const ratesInvalid = form !== null && RATE_KINDS.some((kind) => rateCents(form[kind]) === null);
  const submit = () => {
    if (!form || ratesInvalid) return;
    save.mutate({
      display_name: form.name,
      bio: form.bio,
      specialties: form.specialties
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
      // fields this form does not edit are sent as they are (a PUT replaces the profile); the photo is
      // uploaded, never sent
      languages: profile?.languages ?? [],
      years_experience: profile?.years_experience ?? null,
      rates: { chat_cents: rateCents(form.chat) ?? 0, voice_cents: rateCents(form.voice) ?? 0, video_cents: rateCents(form.video) ?? 0 },
    });
  };
  if (!form) return null;
  const field = (key: keyof typeof form, label: string, inputMode?: "decimal") => (
    <div className="field">
      <label htmlFor={`profile-${key}`}>{label}</label>
      <input
        id={`profile-${key}`}
        inputMode={inputMode}
        aria-invalid={inputMode ? rateCents(form[key]) === null : undefined}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </div>
  );
  return (
    <form
      className="card stack"
      aria-label="Your profile"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
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
        {field("chat", "Chat, dollars per minute", "decimal")}
        {field("voice", "Voice, dollars per minute", "decimal")}
        {field("video", "Video, dollars per minute", "decimal")}
      </div>
      {ratesInvalid && <p className="muted small">Enter each rate in dollars, like 1.99.</p>}
      <ErrorNote error={save.error} />
      <BusyButton type="submit" busy={save.isPending} busyLabel="Saving" disabled={ratesInvalid}>
        Save profile
      </BusyButton>
    </form>
  );
}

import { useEffect, useState } from "react";
import type { Reader } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { useUpdateProfile } from "../api/update-profile";

/** The reader's public profile and rates, as a form. */
export function ProfileForm({ profile }: { profile: Reader | undefined }) {
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
  const save = useUpdateProfile();
  const submit = () => {
    if (!form) return;
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
      rates: { chat_cents: Number(form.chat), voice_cents: Number(form.voice), video_cents: Number(form.video) },
    });
  };
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
        {field("chat", "Chat, cents per minute", "number")}
        {field("voice", "Voice, cents per minute", "number")}
        {field("video", "Video, cents per minute", "number")}
      </div>
      <ErrorNote error={save.error} />
      <BusyButton type="submit" busy={save.isPending} busyLabel="Saving">
        Save profile
      </BusyButton>
    </form>
  );
}

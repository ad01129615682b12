/** Why a request did not become a reading, in the words the client reads: the reader's reason for a decline
 * (the API's fixed list, `DeclineInput.reason`) or an expiry. Never a code on the screen. */
const DECLINED: Readonly<Record<string, string>> = {
  on_a_break: "The reader is taking a break right now.",
  busy_soon: "The reader has to leave soon and cannot start a reading now.",
  not_my_specialty: "The reader says this is not their specialty.",
  connection_problems: "The reader has connection problems right now.",
  other: "The reader cannot take this reading right now.",
};

export function declinedText(reason: string | null | undefined): string {
  const why = reason ? (DECLINED[reason] ?? "The reader cannot take this reading right now.") : "The reader declined this request.";
  return `${why} You were not charged.`;
}

export const EXPIRED_TEXT = "The reader did not answer in time. You were not charged.";

/** Seconds until `expiresAt` (ISO), never below zero; null without an expiry. */
export function secondsLeft(expiresAt: string | null | undefined, now: number): number | null {
  if (!expiresAt) return null;
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000));
}

/** A countdown as a person reads it: "0:45", "1:05". */
export function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

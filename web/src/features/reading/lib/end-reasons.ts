type Role = "client" | "reader";

/** Why a reading ended, in words for the one reading the summary: the `end_reason` values the API sets
 * (`ended_by_<role>`, the billing loop's, the reconciler's, a declined or expired request). */
const REASONS: Readonly<Record<string, (role: Role) => string>> = {
  ended_by_client: (role) => (role === "client" ? "You ended it." : "The client ended it."),
  ended_by_reader: (role) => (role === "reader" ? "You ended it." : "The reader ended it."),
  ended_by_admin: () => "SoulSeer support ended it.",
  insufficient_funds: () => "The balance ran out.",
  disconnected: () => "The connection was lost for too long.",
  max_duration: () => "It reached the longest a reading can last.",
  limit_reached: (role) =>
    role === "client" ? "It reached the spending limit you set." : "It reached the client's spending limit.",
  not_answered: () => "The reader did not answer.",
  not_joined: () => "Nobody joined the room in time.",
  declined: () => "The reader declined.",
  reader_unavailable: () => "The reader became unavailable.",
  billing_error: () => "Billing could not go on, so the reading was stopped.",
};

export const KNOWN_END_REASONS: readonly string[] = Object.keys(REASONS);

export function endReasonText(reason: string, role: Role): string {
  return REASONS[reason]?.(role) ?? `${reason.replace(/_/g, " ")}.`;
}

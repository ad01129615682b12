import type { components } from "../../../api/schema";

export type ReadingStatus = components["schemas"]["ReadingStatus"];

const OPEN: ReadonlySet<ReadingStatus> = new Set(["requested", "accepted", "active"]);

/** A reading is open (its room can be used) while it is requested, accepted or active. */
export function isOpen(status: ReadingStatus): boolean {
  return OPEN.has(status);
}

const STATUS_WORDS: Record<ReadingStatus, string> = {
  requested: "Waiting for an answer",
  accepted: "Accepted",
  active: "In progress",
  ended: "Ended",
  cancelled: "Did not start",
};

const TYPE_WORDS: Record<string, string> = { chat: "Chat", voice: "Call", video: "Video" };

/** A reading's status as people say it. */
export function statusWords(status: ReadingStatus): string {
  return STATUS_WORDS[status];
}

/** "Chat reading", "Call reading", "Video reading". */
export function readingKind(type: string): string {
  return `${TYPE_WORDS[type] ?? type} reading`;
}

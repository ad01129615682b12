import type { components } from "../../../api/schema";

export type ReadingStatus = components["schemas"]["ReadingStatus"];

const OPEN: ReadonlySet<ReadingStatus> = new Set(["requested", "accepted", "active"]);

/** A reading is open (its room can be used) while it is requested, accepted or active. */
export function isOpen(status: ReadingStatus): boolean {
  return OPEN.has(status);
}

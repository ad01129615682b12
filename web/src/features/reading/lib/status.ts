import type { SessionDetails } from "../../../api/types";

/** A reading is open (its room can be used) while it is requested, accepted or active. */
export function isOpen(status: SessionDetails["status"]): boolean {
  return status === "requested" || status === "accepted" || status === "active";
}

import { describe, expect, it } from "vitest";
import { endReasonText, KNOWN_END_REASONS } from "../src/features/reading/lib/end-reasons";

const LAYER_SOURCES = import.meta.glob<string>("../../layers/soulseer/readings/*.py", { query: "?raw", import: "default", eager: true });

describe("why a reading ended", () => {
  it("has words for every end reason the API sets, from each side", () => {
    const sources = Object.values(LAYER_SOURCES).join("\n");
    const reasons = new Set([...sources.matchAll(/end_reading\([^,()]+, "([a-z_]+)"/g)].map((m) => m[1] as string));
    expect(reasons.size).toBeGreaterThan(5);
    for (const reason of reasons) expect(KNOWN_END_REASONS).toContain(reason);
    for (const who of ["client", "reader", "admin"]) expect(KNOWN_END_REASONS).toContain(`ended_by_${who}`);
    expect(endReasonText("ended_by_client", "client")).toBe("You ended it.");
    expect(endReasonText("ended_by_client", "reader")).toBe("The client ended it.");
    expect(endReasonText("something_new", "reader")).toBe("something new.");
  });
});

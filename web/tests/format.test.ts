import { describe, expect, it } from "vitest";
import { count, money, parseDollars } from "../src/lib/format";

describe("money in people's words", () => {
  it("says a count with its noun in the right number", () => {
    expect(count(1, "review")).toBe("1 review");
    expect(count(0, "review")).toBe("0 reviews");
    expect(count(12, "reading")).toBe("12 readings");
  });

  it("writes cents as dollars and reads dollars back as cents", () => {
    expect(money(3289)).toBe("$32.89");
    expect(money(-299)).toBe("-$2.99");
    expect(parseDollars("12.50")).toBe(1250);
    expect(parseDollars("abc")).toBeNull();
  });
});

describe("a reading in people's words", () => {
  it("names the kind and the status", async () => {
    const { readingKind, statusWords } = await import("../src/features/reading/lib/status");
    expect(readingKind("voice")).toBe("Call reading");
    expect(statusWords("cancelled")).toBe("Did not start");
    expect(statusWords("active")).toBe("In progress");
  });
});

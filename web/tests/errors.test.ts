import { describe, expect, it } from "vitest";
import { ApiError, needsFunds, PLAIN, plainMessage, toApiError } from "../src/api/errors";

const LAYER_SOURCES = import.meta.glob<string>("../../layers/soulseer/**/*.py", { query: "?raw", import: "default", eager: true });

/** Every error code the API can send: `code="..."` at a raise or `code = "..."` on an error class, or a
 * member of the `ErrorCode` catalogue (`NAME = "code", status, "message"`, on one line or in parentheses). */
function apiCodes(): Set<string> {
  const found = new Set<string>();
  for (const source of Object.values(LAYER_SOURCES))
    for (const match of source.matchAll(/\bcode\s*=\s*"([a-z_]+)"|=\s*\(?\s*"([a-z_]+)",\s*[1-5]\d\d\b/g)) found.add((match[1] ?? match[2]) as string);
  return found;
}

describe("error mapping", () => {
  it("reads the API's error shape", () => {
    const error = toApiError(409, { error: { code: "out_of_stock", message: "This product is sold out.", details: { left: 0 } } });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("out_of_stock");
    expect(error.details).toEqual({ left: 0 });
    expect(plainMessage(error)).toBe("This product is sold out.");
  });

  it("uses plain words when the body has no message or is not the error shape", () => {
    expect(plainMessage(toApiError(409, { error: { code: "out_of_stock" } }))).toBe("Sorry, this product is out of stock.");
    expect(plainMessage(toApiError(429, "slow down"))).toMatch(/too quickly/);
    expect(plainMessage(toApiError(404, undefined))).toMatch(/could not find/);
  });

  it("never shows a server error's text", () => {
    const error = toApiError(502, { error: { code: "internal", message: "KeyError: '_route_args'" } });
    expect(plainMessage(error)).toBe("Something went wrong on our side. Please try again in a moment.");
  });

  it("names the field of a validation error", () => {
    const error = toApiError(400, {
      error: {
        code: "validation_failed",
        message: "The request is not valid.",
        details: [{ location: ["body", "amount_cents"], message: "Input should be a valid integer" }],
      },
    });
    expect(plainMessage(error)).toBe("Please check amount cents: Input should be a valid integer.");
  });

  it("says when SoulSeer cannot be reached", () => {
    expect(plainMessage(new TypeError("Failed to fetch"))).toMatch(/could not reach/);
  });

  it("knows which errors need an Add funds action", () => {
    expect(needsFunds(toApiError(402, { error: { code: "insufficient_funds", message: "Top up." } }))).toBe(true);
    expect(needsFunds(toApiError(409, { error: { code: "out_of_stock", message: "x" } }))).toBe(false);
    expect(needsFunds(new Error("x"))).toBe(false);
  });

  it("has plain words only for codes the API really sends", () => {
    expect(Object.keys(LAYER_SOURCES).length).toBeGreaterThan(20);
    const sent = apiCodes();
    expect(sent.has("insufficient_funds")).toBe(true);
    expect(Object.keys(PLAIN).filter((code) => !sent.has(code))).toEqual([]);
  });
});

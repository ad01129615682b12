import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import type { SessionDetails } from "../src/api/types";
import { Summary } from "../src/features/reading/components/Summary";
import { clock, declinedText, secondsLeft } from "../src/features/reading/lib/refusals";
import { AppContext, type AppState } from "../src/lib/app-context";

afterEach(cleanup);

const ended: SessionDetails = {
  session_id: "ses_1", room_id: "ses_1", client_id: "c1", reader_id: "r1", type: "chat", status: "ended",
  client_name: "Robin", reader_name: "Luna Okafor",
  rate_cents: 149, free_minutes: 2, limit_cents: 300, minutes: 4, paid_minutes: 2, total_cents: 298, reader_share_cents: 208,
  end_reason: "limit_reached", rating: null, created_at: "2030-01-01T10:00:00+00:00",
  started_at: "2030-01-01T10:00:05+00:00", ended_at: new Date().toISOString(), expires_at: null, review: null, report: null,
  transcript: [
    { message_id: 0, from: "client", text: "Hello", sent_at: "2030-01-01T10:00:10+00:00" },
    { message_id: 1, from: "reader", text: "Welcome", sent_at: "2030-01-01T10:00:20+00:00" },
  ],
};

function renderSummary(session: SessionDetails, role: "client" | "reader") {
  const me = { user_id: role === "client" ? "c1" : "r1", display_name: "Robin" };
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MemoryRouter>
      <QueryClientProvider client={new QueryClient()}>
        <AppContext.Provider value={{ api: {}, me } as unknown as AppState}>{children}</AppContext.Provider>
      </QueryClientProvider>
    </MemoryRouter>
  );
  const lines = session.transcript.map((t) => ({ key: `t${t.message_id}`, from: t.from as "client" | "reader", text: t.text, sentAt: t.sent_at }));
  return render(<Summary session={session} role={role} lines={lines} balanceCents={702} />, { wrapper });
}

describe("the reading's summary", () => {
  it("names the reader, the date, free and paid minutes, the total and the balance left", () => {
    renderSummary(ended, "client");
    const facts = screen.getByTestId("reading-summary");
    expect(within(facts).getByTestId("summary-with").textContent).toBe("Luna Okafor");
    expect(within(facts).getByTestId("summary-date").textContent).toBe(new Date("2030-01-01T10:00:05+00:00").toLocaleString());
    expect(within(facts).getByTestId("summary-free-minutes").textContent).toBe("2");
    expect(within(facts).getByTestId("summary-paid-minutes").textContent).toBe("2");
    expect(within(facts).getByTestId("summary-total").textContent).toBe("$2.98");
    expect(within(facts).getByTestId("summary-balance").textContent).toBe("$7.02");
    expect(within(facts).getByTestId("summary-end-reason").textContent).toBe("It reached the spending limit you set.");
  });

  it("shows the transcript with each sender's name and the time", () => {
    renderSummary(ended, "reader");
    const lines = within(screen.getByRole("list", { name: "Transcript" })).getAllByRole("listitem");
    expect(lines[0]?.textContent).toContain("Robin");
    expect(lines[0]?.textContent).toContain("Hello");
    expect(lines[1]?.textContent).toContain("Luna Okafor (you)");
    expect(lines[1]?.querySelector("time")?.getAttribute("dateTime")).toBe("2030-01-01T10:00:20+00:00");
    expect(screen.getByTestId("summary-with").textContent).toBe("Robin"); // the reader sees the client's name
    expect(screen.queryByTestId("summary-balance")).toBeNull();
  });

  it("offers the client's display name or Anonymous for the review", () => {
    renderSummary(ended, "client");
    const form = screen.getByRole("form", { name: "Your review" });
    expect(within(form).getByRole("radio", { name: "Robin" })).toHaveProperty("checked", true);
    expect(within(form).getByRole("radio", { name: "Anonymous" })).toHaveProperty("checked", false);
  });
});

describe("a request's countdown and refusal words", () => {
  it("counts down to expires_at and never below zero", () => {
    const now = Date.parse("2030-01-01T10:00:00Z");
    expect(secondsLeft("2030-01-01T10:01:05Z", now)).toBe(65);
    expect(clock(65)).toBe("1:05");
    expect(secondsLeft("2030-01-01T09:59:00Z", now)).toBe(0);
    expect(secondsLeft(null, now)).toBeNull();
  });

  it("says a decline reason in words, never its code", () => {
    expect(declinedText("not_my_specialty")).toBe("The reader says this is not their specialty. You were not charged.");
    expect(declinedText(null)).toBe("The reader declined this request. You were not charged.");
    expect(declinedText("something_new")).not.toContain("something_new");
  });
});

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import type { SessionDetails } from "../src/api/types";
import { Summary } from "../src/features/reading/components/Summary";
import { AppContext, type AppState } from "../src/lib/app-context";

afterEach(cleanup);

function reading(report: SessionDetails["report"]): SessionDetails {
  return {
    session_id: "ses_1", room_id: "ses_1", client_id: "c1", reader_id: "r1", type: "chat", status: "ended",
    client_name: "Robin", reader_name: "Luna Okafor",
    rate_cents: 100, free_minutes: 0, limit_cents: null, minutes: 5, paid_minutes: 5, total_cents: 500, reader_share_cents: 350,
    end_reason: "ended_by_client", rating: 4, created_at: "2030-01-01T00:00:00+00:00",
    started_at: "2030-01-01T00:00:00+00:00", ended_at: new Date().toISOString(), transcript: [], review: "ok",
    report,
  } as SessionDetails;
}

function renderSummary(session: SessionDetails, role: "client" | "reader") {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MemoryRouter>
      <QueryClientProvider client={new QueryClient()}>
        <AppContext.Provider value={{ api: {} } as unknown as AppState}>{children}</AppContext.Provider>
      </QueryClientProvider>
    </MemoryRouter>
  );
  return render(<Summary session={session} role={role} lines={[]} balanceCents={1234} />, { wrapper });
}

describe("the client's report on the reading's summary", () => {
  it("shows a partial refund and the team's note instead of the report form", () => {
    const refunded = { status: "refunded", reason: "Rude", refund_cents: 200, note: "Sorry about that.",
      opened_at: "2030-01-01T01:00:00+00:00", resolved_at: "2030-01-01T02:00:00+00:00" } as const;
    renderSummary(reading(refunded), "client");
    expect(screen.getByTestId("report-outcome").textContent).toContain("Refunded $2.00 to your balance: Sorry about that.");
    expect(screen.queryByRole("button", { name: "Report a problem" })).toBeNull();
  });

  it("says an open report is being looked at, and a rejection with its note", () => {
    const open = { status: "open", reason: "Rude", refund_cents: 0, note: null, opened_at: "2030-01-01T01:00:00+00:00", resolved_at: null } as const;
    renderSummary(reading(open), "client");
    expect(screen.getByTestId("report-outcome").textContent).toContain("Our team is looking into it.");
    cleanup();
    renderSummary(reading({ ...open, status: "rejected", note: "The reading was complete." }), "client");
    expect(screen.getByTestId("report-outcome").textContent).toContain("Not refunded: The reading was complete.");
  });

  it("offers the report form when there is none", () => {
    renderSummary(reading(null), "client");
    expect(screen.queryByTestId("report-outcome")).toBeNull();
    expect(screen.getByRole("button", { name: "Report a problem" })).toBeTruthy();
  });
});

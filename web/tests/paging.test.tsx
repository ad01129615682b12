import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Page } from "../src/api/types";
import { Pager, usePaged } from "../src/components/paging";

const pages: Record<string, Page<string>> = {
  first: { items: ["c", "b"], next_cursor: "k1" },
  k1: { items: ["a"], next_cursor: null },
};

function List({ asked }: { asked: (string | undefined)[] }) {
  const paged = usePaged(
    (cursor) => ["letters", cursor ?? null],
    async (cursor) => {
      asked.push(cursor);
      return pages[cursor ?? "first"] as Page<string>;
    },
  );
  return (
    <div>
      <p data-testid="items">{paged.data?.items.join(",")}</p>
      <Pager paged={paged} />
    </div>
  );
}

afterEach(cleanup);

describe("usePaged and Pager", () => {
  it("walks older with the next cursor and back newer, disabling what is not there", async () => {
    const asked: (string | undefined)[] = [];
    render(
      <QueryClientProvider client={new QueryClient()}>
        <List asked={asked} />
      </QueryClientProvider>,
    );
    const newer = screen.getByRole("button", { name: "Newer" });
    const older = screen.getByRole("button", { name: "Older" });
    expect(await screen.findByText("c,b")).toBeTruthy();
    expect((newer as HTMLButtonElement).disabled).toBe(true);
    expect((older as HTMLButtonElement).disabled).toBe(false);

    await act(async () => fireEvent.click(older));
    expect(await screen.findByText("a")).toBeTruthy();
    expect((older as HTMLButtonElement).disabled).toBe(true);
    expect((newer as HTMLButtonElement).disabled).toBe(false);

    await act(async () => fireEvent.click(newer));
    expect(await screen.findByText("c,b")).toBeTruthy();
    expect(asked).toEqual([undefined, "k1", undefined]);
  });
});

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { idempotencyKey, ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

const CREDIT_WAIT_MS = 15_000;
const CREDIT_CHECK_MS = 500;

/** `POST /api/payments/add-balance` (a PaymentIntent for the amount) and the wait for Stripe's webhook to
 * credit it: the balance is read until it has grown by the amount. */
export function useAddBalance() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  const balanceNow = useCallback(async () => (await ok(api.GET("/api/payments/balance"))).balance_cents, [api]);
  const createIntent = useCallback(
    (cents: number) =>
      ok(api.POST("/api/payments/add-balance", { body: { amount_cents: cents }, headers: { "Idempotency-Key": idempotencyKey() } })),
    [api],
  );
  const waitForCredit = useCallback(
    async (before: number, cents: number): Promise<number> => {
      const deadline = Date.now() + CREDIT_WAIT_MS;
      while (Date.now() < deadline) {
        const balance = await balanceNow();
        if (balance >= before + cents) {
          await queryClient.invalidateQueries({ queryKey: keys.balance });
          await queryClient.invalidateQueries({ queryKey: keys.transactions.all });
          return balance;
        }
        await new Promise((r) => setTimeout(r, CREDIT_CHECK_MS));
      }
      throw new Error("Your payment went through; the balance will update in a moment.");
    },
    [balanceNow, queryClient],
  );
  return { balanceNow, createIntent, waitForCredit };
}

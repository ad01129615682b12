import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { idempotencyKey, ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

const CREDIT_WAIT_MS = 20_000;
const SOCKET_WAIT_MS = 5_000;

export interface CreditWait {
  /** The balance once the webhook has credited this intent (the `balance-updated` event for it). */
  credited: Promise<number>;
  cancel: () => void;
}

/** `POST /api/payments/add-balance` (a PaymentIntent for the amount), and the wait for its credit: the
 * `balance-updated` event naming this intent, pushed once the webhook's transaction has committed (never a
 * comparison of balances: a reading minute may be charged meanwhile). Start waiting before confirming. */
export function useAddBalance() {
  const { api, socket } = useApp();
  const queryClient = useQueryClient();
  const createIntent = useCallback(
    (cents: number, saveCard = false) =>
      ok(
        api.POST("/api/payments/add-balance", {
          body: { amount_cents: cents, save_card: saveCard },
          headers: { "Idempotency-Key": idempotencyKey() },
        }),
      ),
    [api],
  );
  const waitForCredit = useCallback(
    (paymentIntentId: string): CreditWait => {
      let cancel = () => undefined as void;
      const credited = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          void queryClient.invalidateQueries({ queryKey: keys.balance }); // it may have come while we were away
          reject(new Error("Your payment went through; the balance will update in a moment."));
        }, CREDIT_WAIT_MS);
        const off = socket.on("balance-updated", (event) => {
          if (event.payment_intent_id !== paymentIntentId) return;
          off();
          clearTimeout(timer);
          resolve(event.balance_cents);
        });
        cancel = () => {
          off();
          clearTimeout(timer);
        };
      });
      return { credited, cancel };
    },
    [socket, queryClient],
  );
  /** The credit is pushed to the connections open when it commits: pay only once this one is open (or
   * after a few seconds without it; the wait then ends with "will update in a moment"). */
  const socketReady = useCallback(
    () =>
      new Promise<void>((resolve) => {
        if (socket.state === "open") return resolve();
        const timer = setTimeout(done, SOCKET_WAIT_MS);
        const off = socket.onOpen(done);
        function done() {
          clearTimeout(timer);
          off();
          resolve();
        }
      }),
    [socket],
  );
  /** `POST /api/payments/one-tap`: the saved card charged at once (the webhook then credits it). */
  const payWithSavedCard = useCallback(
    (cents: number) =>
      ok(api.POST("/api/payments/one-tap", { body: { amount_cents: cents }, headers: { "Idempotency-Key": idempotencyKey() } })),
    [api],
  );
  return { createIntent, payWithSavedCard, waitForCredit, socketReady };
}

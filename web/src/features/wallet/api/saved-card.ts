import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import type { SavedCards } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/payments/saved-card`: the card a top-up saved and the automatic top-up (a client's only).
 * `balance-updated` and `auto-topup-failed` refresh it. */
export function useSavedCard(enabled = true) {
  const { api } = useApp();
  return useQuery({ queryKey: keys.savedCard, queryFn: () => ok(api.GET("/api/payments/saved-card")), enabled });
}

/** `DELETE /api/payments/saved-card`: forget the card (the automatic top-up goes with it). */
export function useForgetCard() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => ok(api.DELETE("/api/payments/saved-card")),
    onSuccess: (cards: SavedCards) => queryClient.setQueryData(keys.savedCard, cards),
  });
}

/** `PUT /api/payments/auto-topup`: on with an amount and the balance that triggers it, or off (nulls). */
export function useSetAutoTopup() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { amount_cents: number | null; threshold_cents: number | null }) =>
      ok(api.PUT("/api/payments/auto-topup", { body })),
    onSuccess: (cards: SavedCards) => queryClient.setQueryData(keys.savedCard, cards),
  });
}

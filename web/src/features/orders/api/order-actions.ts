import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import type { Address } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/orders/{id}/download`: a link valid for minutes to a digital order's file; the browser follows it. */
export function useDownload() {
  const { api } = useApp();
  return useMutation({
    mutationFn: (orderId: string) => ok(api.GET("/api/orders/{id}/download", { params: { path: { id: orderId } } })),
    onSuccess: (link) => window.location.assign(link.url),
  });
}

/** `POST /api/orders/{id}/ship` (with the tracking words) and `/deliver`: the seller's moves; the buyer is told. */
export function useShip() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ orderId, tracking }: { orderId: string; tracking: string }) =>
      ok(api.POST("/api/orders/{id}/ship", { params: { path: { id: orderId } }, body: { tracking } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.orders.all }),
  });
}

export function useDeliver() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (orderId: string) => ok(api.POST("/api/orders/{id}/deliver", { params: { path: { id: orderId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.orders.all }),
  });
}

/** `PUT /api/orders/{id}/address`: the buyer changes where a paid physical order goes (until it ships). */
export function useChangeAddress() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ orderId, address }: { orderId: string; address: Address }) =>
      ok(api.PUT("/api/orders/{id}/address", { params: { path: { id: orderId } }, body: { shipping_address: address } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.orders.all }),
  });
}

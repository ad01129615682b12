import { useMutation } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";

/** `POST /api/readers/{id}/notify-when-free`: a `reader-available` event (a toast) follows once. */
export function useNotifyWhenFree(readerId: string) {
  const { api } = useApp();
  return useMutation({
    mutationFn: () => ok(api.POST("/api/readers/{id}/notify-when-free", { params: { path: { id: readerId } } })),
  });
}

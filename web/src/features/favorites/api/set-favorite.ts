import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `PUT` (favorite: true) or `DELETE` (false) `/api/me/favorites/{reader_id}`. */
export function useSetFavorite() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ readerId, favorite }: { readerId: string; favorite: boolean }) => {
      const params = { params: { path: { reader_id: readerId } } };
      return ok(favorite ? api.PUT("/api/me/favorites/{reader_id}", params) : api.DELETE("/api/me/favorites/{reader_id}", params));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.favorites }),
  });
}

import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/admin/disputes/{id}`: the dispute with its reading's billing summary and transcript. */
export function useDisputeCase(disputeId: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.admin.dispute(disputeId),
    queryFn: () => ok(api.GET("/api/admin/disputes/{id}", { params: { path: { id: disputeId } } })),
  });
}

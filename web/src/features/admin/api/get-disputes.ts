import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/admin/disputes?status=`: the queue, newest first. */
export function useDisputes(status: "open" | "refunded" | "rejected") {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.admin.disputes(status),
    queryFn: () => ok(api.GET("/api/admin/disputes", { params: { query: { status } } })),
  });
}

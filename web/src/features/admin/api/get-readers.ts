import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/admin/readers`: every reader, suspended ones first. */
export function useAdminReaders() {
  const { api } = useApp();
  return useQuery({ queryKey: keys.admin.readers, queryFn: () => ok(api.GET("/api/admin/readers")) });
}

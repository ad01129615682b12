import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/admin/audit`: the latest ledger audit report. */
export function useAudit() {
  const { api } = useApp();
  return useQuery({ queryKey: keys.admin.audit, queryFn: () => ok(api.GET("/api/admin/audit")) });
}

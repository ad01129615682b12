import { queryOptions } from "@tanstack/react-query";
import { ok, type Api } from "../../../api/client";
import { keys } from "../../../lib/query-keys";

/** `GET /api/me`: the signed-in person (a reader also gets the profile and payout account). The provider
 * reads it for useApp().me; refresh it with useApp().refreshMe(). */
export function meQueryOptions(api: Api, enabled: boolean) {
  return queryOptions({ queryKey: keys.me, queryFn: () => ok(api.GET("/api/me")), enabled });
}

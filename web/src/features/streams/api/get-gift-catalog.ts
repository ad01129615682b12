import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/streams/gifts`: the gifts a viewer can send, with prices. */
export function useGiftCatalog() {
  const { api } = useApp();
  return useQuery({ queryKey: keys.streams.gifts, queryFn: () => ok(api.GET("/api/streams/gifts")), staleTime: Infinity });
}

import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/me/favorites`: a client's favorite readers, with their status. */
export function useFavorites(enabled = true) {
  const { api } = useApp();
  return useQuery({ queryKey: keys.favorites, queryFn: () => ok(api.GET("/api/me/favorites")), enabled });
}

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/products`: the shop, a page at a time ("Show more"). */
export function useShopProducts() {
  const { api } = useApp();
  return useInfiniteQuery({
    queryKey: keys.products.list({ shop: true }),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => ok(api.GET("/api/products", { params: { query: { limit: 24, cursor: pageParam } } })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** `GET /api/products?reader_id=`: one reader's products (their own "My products"). */
export function useReaderProducts(readerId: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.products.list({ readerId }),
    queryFn: () => ok(api.GET("/api/products", { params: { query: { reader_id: readerId, limit: 50 } } })),
    enabled: readerId !== "",
  });
}

import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/products/{id}`: one product with its stock. */
export function useProduct(productId: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.products.one(productId),
    queryFn: () => ok(api.GET("/api/products/{id}", { params: { path: { id: productId } } })),
  });
}

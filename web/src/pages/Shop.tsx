import { useState } from "react";
import { Link } from "react-router-dom";
import { ok } from "../api/client";
import type { Product } from "../api/types";
import { useApp } from "../app/context";
import { ErrorNote, Spinner, useLoad } from "../components/ui";
import { money } from "../format";

export default function ShopPage() {
  const { api } = useApp();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [older, setOlder] = useState<Product[]>([]);
  const products = useLoad(() => ok(api.GET("/api/products", { params: { query: { limit: 24, cursor } } })), [cursor]);
  const items = [...older, ...(products.data?.items ?? [])];
  return (
    <section className="page stack">
      <h1>Shop</h1>
      <ErrorNote error={products.error} onRetry={() => void products.reload()} />
      {products.loading && <Spinner label="Loading products" />}
      {products.data && items.length === 0 && <p className="muted">Nothing for sale yet.</p>}
      <ul className="grid" aria-label="Products">
        {items.map((p) => (
          <li key={p.product_id} className="card">
            <h2>
              <Link to={`/shop/${p.product_id}`}>{p.name}</Link>
            </h2>
            <p>{money(p.price_cents)}</p>
            <p className="small muted">
              {p.kind} · {p.in_stock ? `${p.inventory} in stock` : "Out of stock"}
            </p>
          </li>
        ))}
      </ul>
      {products.data?.next_cursor && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setOlder(items);
            setCursor(products.data?.next_cursor ?? undefined);
          }}
        >
          Show more
        </button>
      )}
    </section>
  );
}

import { Link } from "react-router-dom";
import { ErrorNote, Spinner } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { money } from "../../../lib/format";
import { useShopProducts } from "../api/get-products";

export function ProductGrid() {
  const products = useShopProducts();
  const items = (products.data?.pages ?? []).flatMap((page) => page.items);
  return (
    <>
      <ErrorNote error={products.error} onRetry={() => void products.refetch()} />
      {(products.isPending || products.isFetchingNextPage) && <Spinner label="Loading products" />}
      {products.data && items.length === 0 && <p className="muted">Nothing for sale yet.</p>}
      <ul className="grid" aria-label="Products">
        {items.map((p) => (
          <li key={p.product_id} className="card stack tight product-card">
            {p.image ? (
              <img className="product-thumb" src={p.image.medium} alt="" width={320} height={320} loading="lazy" />
            ) : (
              <div className="product-thumb placeholder" aria-hidden="true">
                {p.kind === "digital" ? "✦" : "☾"}
              </div>
            )}
            <h2>
              <Link to={paths.product.to(p.product_id)}>{p.name}</Link>
            </h2>
            <p>{money(p.price_cents)}</p>
            <p className="small muted">
              {p.kind === "digital" ? "Digital" : "Physical"} · {p.in_stock ? `${p.inventory} in stock` : "Out of stock"} · by {p.seller.name}
            </p>
          </li>
        ))}
      </ul>
      {products.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void products.fetchNextPage()}>
          Show more
        </button>
      )}
    </>
  );
}

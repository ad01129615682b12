import { Link } from "react-router-dom";
import type { Product } from "../../../api/types";
import { paths } from "../../../config/paths";
import { money } from "../../../lib/format";

export function ProductDetails({ product: p }: { product: Product }) {
  const onSale = p.status === "active";
  return (
    <>
      <h1>{p.name}</h1>
      <p className="muted">
        {p.kind === "digital" ? "Digital" : "Physical"} · sold by{" "}
        {p.seller.type === "platform" ? p.seller.name : <Link to={paths.reader.to(p.seller.id)}>{p.seller.name}</Link>}
      </p>
      {p.image && <img className="product-image" src={p.image.large} alt={p.name} />}
      <p>{p.description}</p>
      <p>
        <strong>{money(p.price_cents)}</strong>{" "}
        <span data-testid="stock">{!onSale ? "No longer on sale" : p.in_stock ? `${p.inventory} in stock` : "Out of stock"}</span>
      </p>
    </>
  );
}

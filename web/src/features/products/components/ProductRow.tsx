import { useState } from "react";
import { Link } from "react-router-dom";
import type { Product } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { money, parseDollars } from "../../../lib/format";
import { useArchiveProduct } from "../api/archive-product";
import { useUpdateProduct } from "../api/update-product";
import { ProductMedia } from "./ProductMedia";

/** One of the reader's products: its image and file, new price and stock, or archive it. */
export function ProductRow({ product }: { product: Product }) {
  const [price, setPrice] = useState((product.price_cents / 100).toFixed(2));
  const [stock, setStock] = useState(String(product.inventory));
  const save = useUpdateProduct(product.product_id);
  const archive = useArchiveProduct(product.product_id);
  const [priceError, setPriceError] = useState<Error | null>(null);
  const submit = () => {
    const cents = parseDollars(price);
    setPriceError(cents === null ? new Error("Please enter the price in dollars, like 15 or 15.50.") : null);
    if (cents !== null) save.mutate({ price_cents: cents, inventory: Number(stock) });
  };
  const id = product.product_id;
  return (
    <li className="card stack" data-product-id={id}>
      <h2>
        <Link to={paths.product.to(id)}>{product.name}</Link> <span className="muted small">({product.status})</span>
      </h2>
      <p className="small">
        {money(product.price_cents)} · {product.inventory} in stock
      </p>
      {product.status === "active" && <ProductMedia product={product} />}
      {product.status === "active" && (
        <form
          className="inline-fields"
          aria-label={`Edit ${product.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <div className="field">
            <label htmlFor={`price-${id}`}>Price in dollars</label>
            <input id={`price-${id}`} inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`stock-${id}`}>Stock</label>
            <input id={`stock-${id}`} type="number" min={0} value={stock} onChange={(e) => setStock(e.target.value)} />
          </div>
          <div className="row">
            <BusyButton type="submit" busy={save.isPending} busyLabel="Saving">
              Save
            </BusyButton>
            <BusyButton type="button" className="secondary" busy={archive.isPending} busyLabel="Archiving" onClick={() => archive.mutate()}>
              Archive
            </BusyButton>
          </div>
        </form>
      )}
      <ErrorNote error={priceError ?? save.error ?? archive.error} />
    </li>
  );
}

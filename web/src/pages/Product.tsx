import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { idempotencyKey, ok } from "../api/client";
import type { Purchase } from "../api/types";
import { useApp } from "../app/context";
import { BusyButton, ErrorNote, Spinner, useAction, useLoad } from "../components/ui";
import { money } from "../format";

export default function ProductPage() {
  const { productId = "" } = useParams();
  const { api, me } = useApp();
  const product = useLoad(() => ok(api.GET("/api/products/{id}", { params: { path: { id: productId } } })), [productId]);
  const [quantity, setQuantity] = useState(1);
  const [bought, setBought] = useState<Purchase | null>(null);
  const buy = useAction(async () => {
    const result = await ok(
      api.POST("/api/products/{id}/purchase", {
        params: { path: { id: productId } },
        body: { quantity },
        headers: { "Idempotency-Key": idempotencyKey() },
      }),
    );
    setBought(result);
    await product.reload();
  });

  if (!product.data)
    return <section className="page">{product.error ? <ErrorNote error={product.error} /> : <Spinner label="Loading the product" />}</section>;
  const p = product.data;
  const onSale = p.status === "active";
  return (
    <section className="page stack">
      <h1>{p.name}</h1>
      <p className="muted">
        {p.kind === "digital" ? "Digital" : "Physical"} · sold by {p.seller.type === "platform" ? "SoulSeer" : <Link to={`/readers/${p.seller.id}`}>a reader</Link>}
      </p>
      <p>{p.description}</p>
      <p>
        <strong>{money(p.price_cents)}</strong>{" "}
        <span data-testid="stock">{!onSale ? "No longer on sale" : p.in_stock ? `${p.inventory} in stock` : "Out of stock"}</span>
      </p>
      {bought && (
        <p className="success" role="status">
          Thank you! Order {bought.order.order_id} is {bought.order.status}: {money(bought.order.total_cents)} paid; your balance is now{" "}
          {money(bought.balance_cents)}. <Link to="/orders">My orders</Link>
        </p>
      )}
      {me?.role === "client" && onSale && p.in_stock && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void buy.run();
          }}
        >
          <div className="field">
            <label htmlFor="quantity">Quantity</label>
            <input
              id="quantity"
              type="number"
              min={1}
              max={Math.max(1, Math.min(p.inventory, 10))}
              value={quantity}
              onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))}
              style={{ width: 100 }}
            />
          </div>
          <BusyButton type="submit" busy={buy.busy} busyLabel="Buying">
            Buy for {money(p.price_cents * quantity)}
          </BusyButton>
        </form>
      )}
      {!me && (
        <p>
          <Link to={`/sign-in?next=/shop/${productId}`}>Sign in</Link> to buy.
        </p>
      )}
      <ErrorNote error={buy.error} />
    </section>
  );
}

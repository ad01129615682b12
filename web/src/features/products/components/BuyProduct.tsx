import { useState } from "react";
import { Link } from "react-router-dom";
import type { Product } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useApp } from "../../../lib/app-context";
import { money } from "../../../lib/format";
import { usePurchaseProduct } from "../api/purchase-product";

/** The buy form (clients, while on sale and in stock), the thank-you with the order, or "Sign in to buy". */
export function BuyProduct({ product: p }: { product: Product }) {
  const { me } = useApp();
  const [quantity, setQuantity] = useState(1);
  const buy = usePurchaseProduct(p.product_id);
  const bought = buy.data;
  return (
    <>
      {bought && (
        <p className="success" role="status">
          Thank you! Order {bought.order.order_id} is {bought.order.status}: {money(bought.order.total_cents)} paid; your balance is now{" "}
          {money(bought.balance_cents)}. <Link to={paths.orders.to()}>My orders</Link>
        </p>
      )}
      {me?.role === "client" && p.status === "active" && p.in_stock && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            buy.mutate(quantity);
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
          <BusyButton type="submit" busy={buy.isPending} busyLabel="Buying">
            Buy for {money(p.price_cents * quantity)}
          </BusyButton>
        </form>
      )}
      {!me && (
        <p>
          <Link to={paths.signIn.to(paths.product.to(p.product_id))}>Sign in</Link> to buy.
        </p>
      )}
      <ErrorNote error={buy.error} />
    </>
  );
}

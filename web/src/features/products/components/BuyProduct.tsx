import { useState } from "react";
import { Link } from "react-router-dom";
import type { Address, Product } from "../../../api/types";
import { AddressFields, EMPTY_ADDRESS } from "../../../components/AddressFields";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useApp } from "../../../lib/app-context";
import { money } from "../../../lib/format";
import { usePurchaseProduct } from "../api/purchase-product";

/** The buy form (clients, while on sale and in stock: quantity, and an address for a physical product), a
 * confirmation step that says what will be paid, the thank-you with the order, or "Sign in to buy". */
export function BuyProduct({ product: p }: { product: Product }) {
  const { me } = useApp();
  const [quantity, setQuantity] = useState(1);
  const [address, setAddress] = useState<Address>(EMPTY_ADDRESS);
  const [confirming, setConfirming] = useState(false);
  const buy = usePurchaseProduct(p.product_id);
  const bought = buy.data;
  const physical = p.kind === "physical";
  const total = money(p.price_cents * quantity);
  return (
    <>
      {bought && (
        <p className="success" role="status">
          Thank you! Order {bought.order.order_id} is {bought.order.status}: {money(bought.order.total_cents)} paid; your balance is now{" "}
          {money(bought.balance_cents)}. <Link to={paths.orders.to()}>My orders</Link>
        </p>
      )}
      {me?.role === "client" && p.status === "active" && p.in_stock && !confirming && !bought && (
        <form
          className="stack"
          aria-label="Buy"
          onSubmit={(e) => {
            e.preventDefault();
            setConfirming(true);
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
          {physical && <AddressFields value={address} onChange={setAddress} />}
          <div>
            <button type="submit">Buy for {total}</button>
          </div>
        </form>
      )}
      {confirming && !bought && (
        <section className="card stack" aria-label="Confirm your order">
          <h2>Confirm your order</h2>
          <p>
            {quantity} × {p.name}, sold by {p.seller.name}: <strong>{total}</strong> from your balance.
          </p>
          {physical && (
            <p>
              Ships to {address.name}, {address.line1}
              {address.line2 ? `, ${address.line2}` : ""}, {address.city} {address.postal_code}, {address.country}.
            </p>
          )}
          {!physical && <p>A download link appears in My orders once it is paid.</p>}
          <div className="row">
            <BusyButton
              type="button"
              busy={buy.isPending}
              busyLabel="Paying"
              onClick={() => buy.mutate({ quantity, address: physical ? address : null })}
            >
              Confirm and pay {total}
            </BusyButton>
            <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={buy.isPending}>
              Change
            </button>
          </div>
        </section>
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

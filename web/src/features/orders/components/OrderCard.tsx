import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import type { components } from "../../../api/schema";
import { paths } from "../../../config/paths";
import { money, when } from "../../../lib/format";

type Order = components["schemas"]["OrderView"];

const STATUS: Record<Order["status"], string> = { paid: "Paid", shipped: "Shipped", delivered: "Delivered" };

/** One order as a card (fits a phone): product, seller, total, status, tracking and where it goes. */
export function OrderCard({ order: o, children }: { order: Order; children?: ReactNode }) {
  const a = o.shipping_address;
  return (
    <li className="card stack order-card" data-order-id={o.order_id}>
      <div className="row spread">
        <h2>
          <Link to={paths.product.to(o.product_id)}>{o.product_name}</Link>
        </h2>
        <span className={`badge order-${o.status}`}>{STATUS[o.status]}</span>
      </div>
      <p className="small muted">
        {when(o.created_at)} · {o.quantity} × {money(o.unit_price_cents)} = {money(o.total_cents)} · sold by {o.seller.name}
      </p>
      {o.tracking && <p className="small">Tracking: {o.tracking}</p>}
      {a && (
        <p className="small">
          Ships to {a.name}, {a.line1}
          {a.line2 ? `, ${a.line2}` : ""}, {a.city} {a.postal_code}, {a.country}
        </p>
      )}
      {children}
    </li>
  );
}

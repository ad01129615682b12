import { useState } from "react";
import { Link } from "react-router-dom";
import { idempotencyKey, ok } from "../api/client";
import type { Product } from "../api/types";
import { useApp } from "../app/context";
import { RequireSignIn } from "../components/RequireSignIn";
import { BusyButton, ErrorNote, Spinner, useAction, useLoad } from "../components/ui";
import { money, parseDollars } from "../format";

export default function MyProductsPage() {
  return (
    <RequireSignIn role="reader">
      <MyProducts />
    </RequireSignIn>
  );
}

function MyProducts() {
  const { api, me } = useApp();
  const readerId = me?.user_id ?? "";
  const products = useLoad(
    () => ok(api.GET("/api/products", { params: { query: { reader_id: readerId, limit: 50 } } })),
    [readerId],
  );
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [kind, setKind] = useState<"digital" | "physical">("digital");
  const [price, setPrice] = useState("15.00");
  const [stock, setStock] = useState("10");
  const create = useAction(async () => {
    const cents = parseDollars(price);
    if (cents === null) throw new Error("Please enter the price in dollars, like 15 or 15.50.");
    await ok(
      api.POST("/api/products", {
        body: { name, description, kind, price_cents: cents, inventory: Number(stock) },
        headers: { "Idempotency-Key": idempotencyKey() },
      }),
    );
    setName("");
    setDescription("");
    await products.reload();
  });

  return (
    <section className="page stack">
      <h1>My products</h1>
      <form
        className="card stack"
        aria-label="New product"
        onSubmit={(e) => {
          e.preventDefault();
          void create.run();
        }}
      >
        <h2>New product</h2>
        <div className="field">
          <label htmlFor="new-name">Name</label>
          <input id="new-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-description">Description</label>
          <textarea id="new-description" rows={2} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor="new-kind">Kind</label>
            <select id="new-kind" value={kind} onChange={(e) => setKind(e.target.value as "digital" | "physical")}>
              <option value="digital">Digital</option>
              <option value="physical">Physical</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-price">Price in dollars</label>
            <input id="new-price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="new-stock">Stock</label>
            <input id="new-stock" type="number" min={0} value={stock} onChange={(e) => setStock(e.target.value)} />
          </div>
        </div>
        <ErrorNote error={create.error} />
        <BusyButton type="submit" busy={create.busy} busyLabel="Creating">
          Create product
        </BusyButton>
      </form>
      <ErrorNote error={products.error} />
      {products.loading && <Spinner label="Loading your products" />}
      <ul className="stack" style={{ listStyle: "none", padding: 0 }} aria-label="Your products">
        {products.data?.items.map((p) => <ProductRow key={p.product_id} product={p} onChanged={() => void products.reload()} />)}
      </ul>
    </section>
  );
}

function ProductRow({ product, onChanged }: { product: Product; onChanged: () => void }) {
  const { api } = useApp();
  const [price, setPrice] = useState((product.price_cents / 100).toFixed(2));
  const [stock, setStock] = useState(String(product.inventory));
  const save = useAction(async () => {
    const cents = parseDollars(price);
    if (cents === null) throw new Error("Please enter the price in dollars, like 15 or 15.50.");
    await ok(api.PUT("/api/products/{id}", { params: { path: { id: product.product_id } }, body: { price_cents: cents, inventory: Number(stock) } }));
    onChanged();
  });
  const archive = useAction(async () => {
    await ok(api.POST("/api/products/{id}/archive", { params: { path: { id: product.product_id } } }));
    onChanged();
  });
  const id = product.product_id;
  return (
    <li className="card stack">
      <h2>
        <Link to={`/shop/${id}`}>{product.name}</Link> <span className="muted small">({product.status})</span>
      </h2>
      <p className="small">
        {money(product.price_cents)} · {product.inventory} in stock
      </p>
      {product.status === "active" && (
        <form
          className="inline-fields"
          aria-label={`Edit ${product.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            void save.run();
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
            <BusyButton type="submit" busy={save.busy} busyLabel="Saving">
              Save
            </BusyButton>
            <BusyButton type="button" className="secondary" busy={archive.busy} busyLabel="Archiving" onClick={() => void archive.run()}>
              Archive
            </BusyButton>
          </div>
        </form>
      )}
      <ErrorNote error={save.error ?? archive.error} />
    </li>
  );
}

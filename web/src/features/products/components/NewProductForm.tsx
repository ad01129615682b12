import { useState } from "react";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { parseDollars } from "../../../lib/format";
import { useCreateProduct } from "../api/create-product";

/** A reader lists a new product: name, description, kind, price in dollars, stock. */
export function NewProductForm() {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [kind, setKind] = useState<"digital" | "physical">("digital");
  const [price, setPrice] = useState("15.00");
  const [stock, setStock] = useState("10");
  const create = useCreateProduct();
  const [priceError, setPriceError] = useState<Error | null>(null);
  const submit = () => {
    const cents = parseDollars(price);
    setPriceError(cents === null ? new Error("Please enter the price in dollars, like 15 or 15.50.") : null);
    if (cents === null) return;
    create.mutate(
      { name, description, kind, price_cents: cents, inventory: Number(stock) },
      {
        onSuccess: () => {
          setName("");
          setDescription("");
        },
      },
    );
  };

  return (
    <form
      className="card stack"
      aria-label="New product"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
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
      <ErrorNote error={priceError ?? create.error} />
      <BusyButton type="submit" busy={create.isPending} busyLabel="Creating">
        Create product
      </BusyButton>
    </form>
  );
}

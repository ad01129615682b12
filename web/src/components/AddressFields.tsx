import type { Address } from "../api/types";

export const EMPTY_ADDRESS: Address = { name: "", line1: "", line2: null, city: "", region: null, postal_code: "", country: "US" };

const FIELDS: { key: keyof Address; label: string; required: boolean; autoComplete: string }[] = [
  { key: "name", label: "Full name", required: true, autoComplete: "name" },
  { key: "line1", label: "Address", required: true, autoComplete: "address-line1" },
  { key: "line2", label: "Apartment, suite (optional)", required: false, autoComplete: "address-line2" },
  { key: "city", label: "City", required: true, autoComplete: "address-level2" },
  { key: "region", label: "State or region (optional)", required: false, autoComplete: "address-level1" },
  { key: "postal_code", label: "Postal code", required: true, autoComplete: "postal-code" },
  { key: "country", label: "Country code (e.g. US)", required: true, autoComplete: "country" },
];

/** Where a physical order goes: the fields of a `shipping_address` (buying, or changing it before it ships);
 * `idPrefix` keeps the ids unique when several forms are on one page. */
export function AddressFields({ value, onChange, idPrefix = "address" }: { value: Address; onChange: (next: Address) => void; idPrefix?: string }) {
  return (
    <fieldset className="stack">
      <legend>Shipping address</legend>
      {FIELDS.map(({ key, label, required, autoComplete }) => (
        <div className="field" key={key}>
          <label htmlFor={`${idPrefix}-${key}`}>{label}</label>
          <input
            id={`${idPrefix}-${key}`}
            required={required}
            autoComplete={autoComplete}
            maxLength={key === "country" ? 2 : 120}
            value={value[key] ?? ""}
            onChange={(e) => {
              const text = key === "country" ? e.target.value.toUpperCase() : e.target.value;
              onChange({ ...value, [key]: text || (required ? "" : null) });
            }}
          />
        </div>
      ))}
    </fieldset>
  );
}

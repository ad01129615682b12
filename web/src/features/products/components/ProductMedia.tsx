import type { Product } from "../../../api/types";
import { ErrorNote } from "../../../components/ui";
import { UPLOAD_RULES, useProcessedUpload, type UploadPurpose } from "../../../lib/upload";

function UploadField({ product, purpose, label }: { product: Product; purpose: UploadPurpose; label: string }) {
  const upload = useProcessedUpload(purpose, product.product_id);
  const id = `${purpose}-${product.product_id}`;
  return (
    <div className="field stack tight">
      <label htmlFor={id}>
        {label} <span className="muted small">({UPLOAD_RULES[purpose].words})</span>
      </label>
      <input
        id={id}
        type="file"
        accept={UPLOAD_RULES[purpose].accept}
        disabled={upload.busy}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) upload.start(file);
          e.target.value = ""; // the same file may be chosen again after a failure
        }}
      />
      {upload.busy && <p role="status">{purpose === "product-image" ? "Uploading and resizing the image…" : "Uploading the file…"}</p>}
      {upload.failed && <p role="alert">{upload.failed}</p>}
      <ErrorNote error={upload.error} />
    </div>
  );
}

/** A seller's product image (resized on the server, shown in the shop) and, for a digital product, the file
 * buyers download: each uploaded straight to storage; the row shows the result once it is processed. */
export function ProductMedia({ product }: { product: Product }) {
  const digital = product.kind === "digital";
  return (
    <fieldset className="stack product-media">
      <legend>Image{digital ? " and file" : ""}</legend>
      <div className="row">
        {product.image ? (
          <img className="product-thumb small-thumb" src={product.image.small} alt={`Image of ${product.name}`} width={96} height={96} />
        ) : (
          <p className="muted small">No image yet: the shop shows the name only.</p>
        )}
        <UploadField product={product} purpose="product-image" label={product.image ? "Replace the image" : "Add an image"} />
      </div>
      {digital && (
        <div className="stack tight">
          <p className="small" data-testid="file-state">
            {product.has_file ? "File uploaded: buyers can download it." : "No file yet: buyers cannot download until you upload it."}
          </p>
          <UploadField product={product} purpose="product-file" label={product.has_file ? "Replace the file" : "Upload the file"} />
        </div>
      )}
    </fieldset>
  );
}

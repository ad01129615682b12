import { useMutation } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import type { components } from "../../../api/schema";
import { useApp } from "../../../lib/app-context";

export type UploadPurpose = components["schemas"]["UploadInput"]["purpose"];

/** `POST /api/uploads`, then the file straight to S3 with the presigned form (its policy fixes the type and
 * size; S3 refuses anything else). Resolves with the upload id once S3 stored it; the processed sizes
 * arrive as the `upload-processed` socket event, which refreshes every card and page showing them. */
export function useUpload() {
  const { api } = useApp();
  return useMutation({
    mutationFn: async ({ file, purpose, productId }: { file: File; purpose: UploadPurpose; productId?: string }) => {
      const form = await ok(
        api.POST("/api/uploads", {
          body: { purpose, product_id: productId ?? null, content_type: file.type, size: file.size },
        }),
      );
      const body = new FormData();
      for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
      body.append("file", file);
      const stored = await fetch(form.url, { method: "POST", body });
      if (!stored.ok) throw new Error(`The file was refused (${stored.status}); try a JPEG, PNG or WebP under 8 MB.`);
      return form.upload_id;
    },
  });
}

/** Uploads shared by the features that take files (a reader's photo, a product's image and file): the
 * presigned POST, then the media function's `upload-processed` / `upload-failed` event. */
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { ok } from "../api/client";
import type { components } from "../api/schema";
import { useSocketEvent } from "../ws/use-socket-event";
import { useApp } from "./app-context";

export type UploadPurpose = components["schemas"]["UploadInput"]["purpose"];

/** What each purpose takes, in the words a file picker and a person need (the API enforces the same). */
export const UPLOAD_RULES: Record<UploadPurpose, { accept: string; words: string }> = {
  "reader-photo": { accept: "image/jpeg,image/png,image/webp", words: "JPEG, PNG or WebP, up to 8 MB" },
  "product-image": { accept: "image/jpeg,image/png,image/webp", words: "JPEG, PNG or WebP, up to 8 MB" },
  "product-file": {
    accept: ".pdf,.epub,.zip,.mp3,application/pdf,application/epub+zip,application/zip,audio/mpeg,image/jpeg,image/png,image/webp",
    words: "PDF, EPUB, ZIP, MP3 or an image, up to 50 MB",
  },
};

const BY_EXTENSION: Record<string, string> = {
  pdf: "application/pdf",
  epub: "application/epub+zip",
  zip: "application/zip",
  mp3: "audio/mpeg",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
};

/** The file's type as the API names it (some systems give none for an EPUB, or their own name for a ZIP). */
export function contentTypeOf(file: File): string {
  if (file.type === "application/x-zip-compressed") return "application/zip";
  if (file.type) return file.type;
  return BY_EXTENSION[file.name.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";
}

/** `POST /api/uploads`, then the file straight to S3 with the presigned form (its policy fixes the type and
 * size; S3 refuses anything else). Resolves with the upload id once S3 stored it. */
export function useUpload() {
  const { api } = useApp();
  return useMutation({
    mutationFn: async ({ file, purpose, productId }: { file: File; purpose: UploadPurpose; productId?: string }) => {
      const contentType = contentTypeOf(file);
      const form = await ok(
        api.POST("/api/uploads", {
          body: { purpose, product_id: productId ?? null, content_type: contentType, size: file.size },
        }),
      );
      const body = new FormData();
      for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
      body.append("file", new File([file], file.name, { type: contentType }));
      const stored = await fetch(form.url, { method: "POST", body });
      if (!stored.ok) throw new Error(`The file was refused (${stored.status}); it must be ${UPLOAD_RULES[purpose].words}.`);
      return form.upload_id;
    },
  });
}

/** An upload followed until it is processed: `busy` from the choice of file until the media function's
 * `upload-processed` (which also refreshes every card and page that shows the result), `failed` when the
 * file was not what it claimed to be. */
export function useProcessedUpload(purpose: UploadPurpose, productId?: string) {
  const upload = useUpload();
  const [waiting, setWaiting] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const processed = useRef(new Set<string>()); // the event may come before S3's answer reaches this page
  useSocketEvent("upload-processed", (event) => {
    processed.current.add(event.upload_id);
    if (event.upload_id === waiting) setWaiting(null);
  });
  useSocketEvent("upload-failed", (event) => {
    if (event.upload_id !== waiting) return;
    setWaiting(null);
    setFailed(`That file could not be read; it must be ${UPLOAD_RULES[purpose].words}.`);
  });
  const start = (file: File) => {
    setFailed(null);
    upload.mutate({ file, purpose, productId }, { onSuccess: (id) => setWaiting(processed.current.has(id) ? null : id) });
  };
  return { start, busy: upload.isPending || waiting !== null, failed, error: upload.error };
}

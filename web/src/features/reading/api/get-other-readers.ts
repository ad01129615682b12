import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import type { Reader } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

const PER_SPECIALTY = 6;
export const MAX_SUGGESTIONS = 4;

/** Readers online now who share a specialty with `readerId` (that reader left out): what a client is offered
 * after a decline or an expiry. `GET /api/readers/{id}` for the specialties, then `GET /api/readers?status=online
 * &specialty=...` per specialty; `reader-online` events refresh `keys.readers.all`. */
export function useOtherReaders(readerId: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.readers.list({ like: readerId, status: "online" }),
    queryFn: async () => {
      const reader = await ok(api.GET("/api/readers/{id}", { params: { path: { id: readerId } } }));
      const pages = await Promise.all(
        reader.specialties.map((specialty) =>
          ok(api.GET("/api/readers", { params: { query: { status: "online", specialty, limit: PER_SPECIALTY } } })),
        ),
      );
      const found = new Map<string, Reader>();
      for (const reader_ of pages.flatMap((page) => page.items))
        if (reader_.reader_id !== readerId && reader_.status === "online") found.set(reader_.reader_id, reader_);
      return { specialties: reader.specialties, readers: [...found.values()].slice(0, MAX_SUGGESTIONS) };
    },
  });
}

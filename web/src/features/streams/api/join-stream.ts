import { ok, type Api } from "../../../api/client";

/** `POST /api/streams/{id}/join`: the caller's Agora token (a viewer counts while this page's socket is in the audience). */
export function joinStream(api: Api, streamId: string) {
  return ok(api.POST("/api/streams/{id}/join", { params: { path: { id: streamId } } }));
}

/** `POST /api/streams/{id}/preview` (public): a signed-out visitor's subscriber token; not counted. */
export function previewStream(api: Api, streamId: string) {
  return ok(api.POST("/api/streams/{id}/preview", { params: { path: { id: streamId } } }));
}

import { ok, type Api } from "../../../api/client";

/** `POST /api/streams/{id}/join`: the caller's Agora token (a viewer is counted once). */
export function joinStream(api: Api, streamId: string) {
  return ok(api.POST("/api/streams/{id}/join", { params: { path: { id: streamId } } }));
}

/** `POST /api/streams/{id}/leave`: the viewer stops counting. */
export function leaveStream(api: Api, streamId: string) {
  return ok(api.POST("/api/streams/{id}/leave", { params: { path: { id: streamId } } }));
}

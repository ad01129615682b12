import { ok, type Api } from "../../../api/client";
import { iceServersFor } from "../lib/ice";

/** `GET /api/sessions/{id}/ice-servers`, read by the call when it builds a peer connection (not cached:
 * TURN credentials are short-lived); falls back to the ones `sessions/start` returned. */
export function fetchIceServers(api: Api, sessionId: string): Promise<RTCIceServer[]> {
  return ok(api.GET("/api/sessions/{id}/ice-servers", { params: { path: { id: sessionId } } })).then(
    (body) => iceServersFor(sessionId, body.ice_servers),
    () => iceServersFor(sessionId),
  );
}

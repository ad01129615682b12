import type { IceServer } from "../../../api/types";

const KEY = (sessionId: string) => `soulseer.ice.${sessionId}`;

/** The ICE servers sessions/start returned, kept for the room (it survives a reload of the page): the
 * client's fallback when `GET /api/sessions/{id}/ice-servers` fails. */
export function rememberIceServers(sessionId: string, servers: IceServer[]): void {
  sessionStorage.setItem(KEY(sessionId), JSON.stringify(servers));
}

export function iceServersFor(sessionId: string, fromApi?: IceServer[] | null): RTCIceServer[] {
  if (fromApi) return fromApi;
  try {
    return JSON.parse(sessionStorage.getItem(KEY(sessionId)) ?? "[]") as RTCIceServer[];
  } catch {
    return [];
  }
}

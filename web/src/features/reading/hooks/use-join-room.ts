import { useEffect } from "react";
import { useApp } from "../../../lib/app-context";

/** While the reading is open, this connection is in its room: joined now, and again after every
 * reconnect (the server pairs the room with the connection). */
export function useJoinRoom(sessionId: string, joined: boolean) {
  const { socket } = useApp();
  useEffect(() => {
    if (!joined) return;
    const join = () => socket.send({ action: "join-reading", session_id: sessionId });
    const off = socket.onOpen(() => join());
    if (socket.state === "open") join();
    return off;
  }, [joined, socket, sessionId]);
}

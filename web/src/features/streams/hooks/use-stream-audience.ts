import { useEffect, useState } from "react";
import type { StreamGrant } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { joinStream, previewStream } from "../api/join-stream";

/** While a signed-in person has a live stream open: their Agora grant (signed out: a preview grant), and this connection in the stream's
 * audience (again after every reconnect). The server counts a viewer while one of their connections is in
 * the audience, so a second tab, a closed tab or a dropped socket keep the count right by themselves. */
export function useStreamAudience(streamId: string, live: boolean) {
  const { api, me, socket } = useApp();
  const [grant, setGrant] = useState<StreamGrant | null>(null);
  const [error, setError] = useState<unknown>(null);
  const userId = me?.user_id;
  useEffect(() => {
    if (userId || !live) return;
    let cancelled = false; // signed out: a preview token to watch (no socket, so not counted)
    previewStream(api, streamId)
      .then((g) => !cancelled && setGrant(g))
      .catch((e) => !cancelled && setError(e));
    return () => {
      cancelled = true;
    };
  }, [api, userId, live, streamId]);
  useEffect(() => {
    if (!userId || !live) return;
    let cancelled = false;
    joinStream(api, streamId)
      .then((g) => !cancelled && setGrant(g))
      .catch((e) => !cancelled && setError(e));
    const join = () => socket.send({ action: "join-stream", stream_id: streamId });
    const offOpen = socket.onOpen(() => join());
    if (socket.state === "open") join();
    return () => {
      cancelled = true;
      offOpen();
      socket.send({ action: "leave-stream", stream_id: streamId });
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- joined once per person, stream and liveness
  }, [userId, live, streamId]);
  return { grant, error };
}

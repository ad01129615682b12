import { useEffect, useState } from "react";
import type { StreamGrant } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { joinStream, leaveStream } from "../api/join-stream";

/** While a signed-in person has a live stream open: their Agora grant (a viewer is counted once), and this
 * connection in the stream's audience (again after every reconnect); leaving the page leaves both. */
export function useStreamAudience(streamId: string, live: boolean, owner: boolean) {
  const { api, me, socket } = useApp();
  const [grant, setGrant] = useState<StreamGrant | null>(null);
  const [error, setError] = useState<unknown>(null);
  const userId = me?.user_id;
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
      if (!owner) void leaveStream(api, streamId).catch(() => undefined);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- joined once per person, stream and liveness
  }, [userId, live, streamId]);
  return { grant, error };
}

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useApp } from "../../../lib/app-context";
import { chime } from "../../../lib/chime";
import { alertInBackground } from "../../../lib/browser-push";
import { keys } from "../../../lib/query-keys";
import { useSocketEvent } from "../../../ws/use-socket-event";
import { useOpenRequests } from "../api/get-open-requests";

/** The requests ringing on the console: the server's list (`GET /api/me/requests`, read again whenever the
 * socket (re)connects), kept current by socket events: a new request rings (with a chime); a withdrawn,
 * expired, declined or answered one leaves at once. Each counts down to its real `expires_at`. */
export function useIncomingRequests() {
  const { socketState } = useApp();
  const queryClient = useQueryClient();
  const requests = useOpenRequests();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000); // the "s left" countdown, not a fetch
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (socketState === "open") void queryClient.invalidateQueries({ queryKey: keys.openRequests });
  }, [socketState, queryClient]);
  useSocketEvent("reading-requested", (e) => {
    chime();
    void alertInBackground({
      title: `${e.client.display_name || "A client"} asks for a ${e.type} reading`,
      body: "Answer in the SoulSeer console before it expires.",
      tag: `request-${e.session_id}`,
      url: `/console?request=${encodeURIComponent(e.session_id)}`,
    });
  });

  const drop = (sessionId: string) => {
    queryClient.setQueryData<{ items: { session_id: string }[] }>(
      keys.openRequests,
      (old) => old && { ...old, items: old.items.filter((i) => i.session_id !== sessionId) },
    );
    void queryClient.invalidateQueries({ queryKey: keys.openRequests });
  };
  const live = (requests.data?.items ?? []).filter((i) => Date.parse(i.expires_at) > now);
  return { live, now, drop, error: requests.error };
}

import { useEffect, useRef, useState } from "react";
import type { StreamGrant } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import type { LiveVideo } from "../video/agora";

/** Live video: Agora in AWS (loaded only here); locally nothing joins and the page shows the grant. */
export function useLiveVideo(grant: StreamGrant | null, owner: boolean) {
  const { config } = useApp();
  const node = useRef<HTMLDivElement>(null);
  const [state, setState] = useState("not started");
  useEffect(() => {
    if (!grant || config.video.mode !== "agora" || !node.current) return;
    let video: LiveVideo | null = null;
    let stopped = false;
    setState("connecting");
    const appId = config.video.appId;
    import("../video/agora")
      .then(({ joinAgora }) => joinAgora(appId, grant.agora, owner, node.current as HTMLDivElement))
      .then((v) => {
        video = v;
        if (stopped) void v.leave();
        else setState("live");
      })
      .catch((e) => setState(`video failed: ${e instanceof Error ? e.message : String(e)}`));
    return () => {
      stopped = true;
      void video?.leave();
    };
  }, [grant, config.video, owner]);
  return { node, state };
}

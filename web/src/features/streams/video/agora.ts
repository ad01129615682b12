/** Agora's Web SDK, loaded only on a stream page in AWS (config video.mode "agora"). */
import type { AgoraGrant } from "../../../api/types";

export interface LiveVideo {
  leave(): Promise<void>;
}

export async function joinAgora(appId: string, grant: AgoraGrant, publisher: boolean, node: HTMLElement): Promise<LiveVideo> {
  const { default: AgoraRTC } = await import("agora-rtc-sdk-ng");
  const client = AgoraRTC.createClient({ mode: "live", codec: "vp8" });
  await client.setClientRole(publisher ? "host" : "audience");
  const tracks: { close(): void }[] = [];
  if (!publisher) {
    client.on("user-published", async (user, mediaType) => {
      await client.subscribe(user, mediaType);
      if (mediaType === "video") user.videoTrack?.play(node);
      if (mediaType === "audio") user.audioTrack?.play();
    });
  }
  await client.join(grant.app_id || appId, grant.channel, grant.token, grant.uid);
  if (publisher) {
    const [microphone, camera] = await AgoraRTC.createMicrophoneAndCameraTracks();
    tracks.push(microphone, camera);
    camera.play(node);
    await client.publish([microphone, camera]);
  }
  return {
    async leave() {
      for (const track of tracks) track.close();
      await client.leave();
    },
  };
}

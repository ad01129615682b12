/** A reading's audio/video call over the browser's own WebRTC; offers, answers and candidates are
 * relayed over the WebSocket. The client always offers (again after the peer rejoins); the reader answers.
 * Both build their connections with the ICE servers the API gives the caller (`iceServers`, fetched once
 * when the call is made and again before a connection once the TURN credentials are half-way to expiry). */
import type { ClientAction } from "../../../ws/events";

const ICE_REFRESH_MS = 30 * 60 * 1000;

export type CallState = "idle" | "media" | "connecting" | "connected" | "failed" | "closed";

export interface CallOptions {
  sessionId: string;
  kind: "voice" | "video";
  iceServers: () => Promise<RTCIceServer[]>;
  send: (message: ClientAction) => boolean;
  onLocal: (stream: MediaStream) => void;
  onRemote: (stream: MediaStream) => void;
  onState: (state: CallState) => void;
}

export class Call {
  private pc: RTCPeerConnection | null = null;
  private local: MediaStream | null = null;
  private pending: RTCIceCandidateInit[] = [];
  private readonly options: CallOptions;
  private closed = false;
  private switching = false;
  private servers: Promise<RTCIceServer[]>;
  private serversAt: number;

  constructor(options: CallOptions) {
    this.options = options;
    this.servers = options.iceServers();
    this.serversAt = Date.now();
  }

  /** The ICE servers: the ones fetched already, or fresh ones once the old are 30 min old (TURN REST
   * credentials last an hour). */
  private iceServers(): Promise<RTCIceServer[]> {
    if (Date.now() - this.serversAt > ICE_REFRESH_MS) {
      this.servers = this.options.iceServers();
      this.serversAt = Date.now();
    }
    return this.servers;
  }

  async media(): Promise<MediaStream> {
    if (this.local) return this.local;
    this.options.onState("media");
    this.local = await navigator.mediaDevices.getUserMedia({ audio: true, video: this.options.kind === "video" });
    this.options.onLocal(this.local);
    return this.local;
  }

  /** The client's side: a fresh connection and an offer. */
  async offer(): Promise<void> {
    const pc = await this.fresh();
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    this.options.send({ action: "offer", session_id: this.options.sessionId, sdp: offer.sdp ?? "" });
  }

  /** The reader's side: answer the latest offer on a fresh connection. */
  async answer(sdp: string): Promise<void> {
    const pc = await this.fresh();
    await pc.setRemoteDescription({ type: "offer", sdp });
    await this.flushCandidates(pc);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.options.send({ action: "answer", session_id: this.options.sessionId, sdp: answer.sdp ?? "" });
  }

  async accept(sdp: string): Promise<void> {
    const pc = this.pc;
    if (!pc || pc.signalingState !== "have-local-offer") return; // a stale answer to an older offer
    await pc.setRemoteDescription({ type: "answer", sdp });
    await this.flushCandidates(pc);
  }

  async candidate(candidate: RTCIceCandidateInit | null): Promise<void> {
    if (!candidate || !candidate.candidate) return;
    const pc = this.pc;
    if (!pc || !pc.remoteDescription || this.switching) {
      this.pending.push(candidate); // for the connection being made, flushed once it has the offer
      return;
    }
    try {
      await pc.addIceCandidate(candidate);
    } catch {
      /* a candidate of a connection we already replaced */
    }
  }

  close(): void {
    this.closed = true;
    this.pc?.close();
    this.pc = null;
    for (const track of this.local?.getTracks() ?? []) track.stop();
    this.local = null;
    this.options.onState("closed");
  }

  private async fresh(): Promise<RTCPeerConnection> {
    // Candidates that arrive while the media and the ICE servers are awaited belong to the new offer.
    this.pending = [];
    this.switching = true;
    let stream: MediaStream;
    let iceServers: RTCIceServer[];
    try {
      [stream, iceServers] = await Promise.all([this.media(), this.iceServers()]);
    } finally {
      this.switching = false;
    }
    this.pc?.close();
    const pc = new RTCPeerConnection({ iceServers });
    this.pc = pc;
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    const remote = new MediaStream();
    pc.ontrack = (event) => {
      for (const track of event.streams[0]?.getTracks() ?? [event.track]) {
        if (!remote.getTracks().includes(track)) remote.addTrack(track);
      }
      this.options.onRemote(remote);
    };
    pc.onicecandidate = (event) => {
      if (event.candidate && this.pc === pc)
        this.options.send({
          action: "ice-candidate",
          session_id: this.options.sessionId,
          candidate: event.candidate.toJSON(),
        });
    };
    pc.onconnectionstatechange = () => {
      if (this.pc !== pc || this.closed) return;
      const state = pc.connectionState;
      this.options.onState(
        state === "connected" ? "connected" : state === "failed" ? "failed" : state === "closed" ? "closed" : "connecting",
      );
    };
    this.options.onState("connecting");
    return pc;
  }

  private async flushCandidates(pc: RTCPeerConnection): Promise<void> {
    const queued = this.pending;
    this.pending = [];
    for (const candidate of queued) {
      try {
        await pc.addIceCandidate(candidate);
      } catch {
        /* stale */
      }
    }
  }
}

/** The one WebSocket client: connects with `?token=`, reconnects with backoff, heartbeats every 20 s,
 * and hands typed events to subscribers. */
import { parseEvent, type ClientAction, type EventName, type EventOf, type ServerEvent } from "./events";

export type SocketState = "idle" | "connecting" | "open" | "reconnecting" | "closed";

export interface SocketOptions {
  url: string;
  token: () => Promise<string | null>;
  heartbeatMs?: number;
  backoffMs?: { initial: number; max: number };
  createSocket?: (url: string) => WebSocket;
  random?: () => number;
}

type Listener = (event: ServerEvent) => void;

export const HEARTBEAT_MS = 20_000;

export function backoffDelay(attempt: number, initial: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, initial * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2); // "equal jitter": never 0, never above max
}

export class SoulSocket {
  private readonly options: Required<Omit<SocketOptions, "createSocket">> & {
    createSocket: (url: string) => WebSocket;
  };
  private socket: WebSocket | null = null;
  private listeners = new Map<string, Set<Listener>>();
  private stateListeners = new Set<(state: SocketState) => void>();
  private openListeners = new Set<(reconnected: boolean) => void>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private everOpened = false;
  private stopped = true;
  state: SocketState = "idle";

  constructor(options: SocketOptions) {
    this.options = {
      heartbeatMs: HEARTBEAT_MS,
      backoffMs: { initial: 500, max: 15_000 },
      random: Math.random,
      createSocket: (url) => new WebSocket(url),
      ...options,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, "bye");
    }
    this.setState("closed");
  }

  /** Sends an action now; false when the socket is not open (the caller decides whether to retry). */
  send(message: ClientAction): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  on<N extends EventName>(name: N, listener: (event: EventOf<N>) => void): () => void {
    const set = this.listeners.get(name) ?? new Set<Listener>();
    set.add(listener as Listener);
    this.listeners.set(name, set);
    return () => set.delete(listener as Listener);
  }

  onState(listener: (state: SocketState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Called on every open; `reconnected` is true after a drop (rejoin rooms and streams then). */
  onOpen(listener: (reconnected: boolean) => void): () => void {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }

  private setState(state: SocketState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private async connect(): Promise<void> {
    this.setState(this.everOpened ? "reconnecting" : "connecting");
    let token: string | null;
    try {
      token = await this.options.token();
    } catch {
      token = null;
    }
    if (this.stopped) return;
    if (!token) {
      this.scheduleReconnect();
      return;
    }
    const separator = this.options.url.includes("?") ? "&" : "?";
    let socket: WebSocket;
    try {
      socket = this.options.createSocket(`${this.options.url}${separator}token=${encodeURIComponent(token)}`);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.setState("open");
      this.heartbeat = setInterval(() => this.send({ action: "heartbeat" }), this.options.heartbeatMs);
      for (const listener of this.openListeners) listener(reconnected);
    };
    socket.onmessage = (message: MessageEvent) => {
      const event = parseEvent(message.data);
      if (!event) return;
      for (const listener of this.listeners.get(event.event) ?? []) listener(event);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      if (!this.stopped) this.scheduleReconnect();
    };
    socket.onerror = () => {
      /* onclose follows and reconnects */
    };
  }

  private scheduleReconnect(): void {
    this.setState("reconnecting");
    const { initial, max } = this.options.backoffMs;
    const delay = backoffDelay(this.attempt, initial, max, this.options.random);
    this.attempt += 1;
    this.retry = setTimeout(() => void this.connect(), delay);
  }

  private clearTimers(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.retry) clearTimeout(this.retry);
    this.heartbeat = null;
    this.retry = null;
  }
}

import { useEffect, useRef } from "react";
import { useApp } from "../lib/app-context";
import type { EventName, EventOf } from "./events";

/** Calls `handler` for each `name` event while the component is mounted (the latest handler, so it may
 * close over state without re-subscribing). */
export function useSocketEvent<N extends EventName>(name: N, handler: (event: EventOf<N>) => void): void {
  const { socket } = useApp();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => socket.on(name, (event) => latest.current(event)), [socket, name]);
}

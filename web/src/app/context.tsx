/** What every page needs: config, the API clients, the signed-in person, the socket, toasts. */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { createApi, ok, type Api } from "../api/client";
import type { Me } from "../api/types";
import { ClerkAuth } from "../auth/clerk";
import { DevAuth } from "../auth/dev";
import type { AuthAdapter } from "../auth/types";
import type { AppConfig } from "../config";
import { SoulSocket, type SocketState } from "../ws/socket";

export interface Toast {
  id: number;
  text: string;
  link?: { to: string; label: string };
}

export interface AppState {
  config: AppConfig;
  auth: AuthAdapter;
  api: Api;
  me: Me | null;
  meLoading: boolean;
  refreshMe: () => Promise<void>;
  socket: SoulSocket;
  socketState: SocketState;
  toasts: Toast[];
  toast: (text: string, link?: Toast["link"]) => void;
  dismissToast: (id: number) => void;
}

const Context = createContext<AppState | null>(null);

export function useApp(): AppState {
  const value = useContext(Context);
  if (!value) throw new Error("useApp outside AppProvider");
  return value;
}

export function makeAuth(config: AppConfig): AuthAdapter {
  return config.auth.mode === "clerk"
    ? new ClerkAuth(config.auth.publishableKey)
    : new DevAuth(config.auth.devIssuerUrl);
}

export function AppProvider({ config, auth, children }: { config: AppConfig; auth: AuthAdapter; children: ReactNode }) {
  const token = useCallback(() => auth.token(), [auth]);
  const api = useMemo(() => createApi(config.apiUrl, token), [config.apiUrl, token]);
  const socket = useMemo(() => new SoulSocket({ url: config.wsUrl, token }), [config.wsUrl, token]);
  const [me, setMe] = useState<Me | null>(null);
  const [meLoading, setMeLoading] = useState(auth.isSignedIn());
  const [socketState, setSocketState] = useState<SocketState>(socket.state);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextToast = useRef(1);

  const refreshMe = useCallback(async () => {
    if (!auth.isSignedIn()) {
      setMe(null);
      setMeLoading(false);
      return;
    }
    setMeLoading(true);
    try {
      setMe(await ok(api.GET("/api/me")));
    } catch {
      setMe(null);
    } finally {
      setMeLoading(false);
    }
  }, [auth, api]);

  useEffect(() => {
    void refreshMe();
    return auth.subscribe(() => void refreshMe());
  }, [auth, refreshMe]);

  useEffect(() => socket.onState(setSocketState), [socket]);

  useEffect(() => {
    if (me) socket.start();
    else socket.stop();
  }, [me, socket]);

  useEffect(() => () => socket.stop(), [socket]);

  const dismissToast = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const toast = useCallback(
    (text: string, link?: Toast["link"]) => {
      const id = nextToast.current++;
      setToasts((all) => [...all.slice(-3), { id, text, link }]);
      setTimeout(() => dismissToast(id), 10_000);
    },
    [dismissToast],
  );

  const value: AppState = {
    config,
    auth,
    api,
    me,
    meLoading,
    refreshMe,
    socket,
    socketState,
    toasts,
    toast,
    dismissToast,
  };
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

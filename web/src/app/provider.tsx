/** Builds what every page needs (useApp): the API client, the signed-in person (a cached query), the
 * socket, toasts; and the server-state cache, which socket events keep current (socket-cache.ts). */
import { QueryClientProvider, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { createApi } from "../api/client";
import { ClerkAuth } from "../auth/clerk";
import { DevAuth } from "../auth/dev";
import type { AuthAdapter } from "../auth/types";
import type { AppConfig } from "../config/runtime";
import { meQueryOptions } from "../features/account/api/get-me";
import { AppContext, type AppState, type Toast } from "../lib/app-context";
import { keys } from "../lib/query-keys";
import { SoulSocket, type SocketState } from "../ws/socket";
import { syncCacheWithSocket } from "./socket-cache";

export function makeAuth(config: AppConfig): AuthAdapter {
  return config.auth.mode === "clerk"
    ? new ClerkAuth(config.auth.publishableKey)
    : new DevAuth(config.auth.devIssuerUrl);
}

export function AppProvider(props: {
  config: AppConfig;
  auth: AuthAdapter;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <QueryClientProvider client={props.queryClient}>
      <AppState config={props.config} auth={props.auth}>
        {props.children}
      </AppState>
    </QueryClientProvider>
  );
}

function AppState({ config, auth, children }: { config: AppConfig; auth: AuthAdapter; children: ReactNode }) {
  const queryClient = useQueryClient();
  const token = useCallback(() => auth.token(), [auth]);
  const api = useMemo(() => createApi(config.apiUrl, token), [config.apiUrl, token]);
  const socket = useMemo(() => new SoulSocket({ url: config.wsUrl, token }), [config.wsUrl, token]);
  const [signedIn, setSignedIn] = useState(() => auth.isSignedIn());
  const meQuery = useQuery(meQueryOptions(api, signedIn));
  const me = signedIn && !meQuery.isError ? (meQuery.data ?? null) : null;
  const [socketState, setSocketState] = useState<SocketState>(socket.state);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextToast = useRef(1);

  useEffect(
    () =>
      auth.subscribe(() => {
        setSignedIn(auth.isSignedIn());
        void queryClient.invalidateQueries({ queryKey: keys.me, exact: true });
      }),
    [auth, queryClient],
  );
  // Another person signed in (or out): nothing cached for the last one may show.
  const userId = me?.user_id ?? null;
  const lastUser = useRef(userId);
  useEffect(() => {
    if (lastUser.current === userId) return;
    const previous = lastUser.current;
    lastUser.current = userId;
    if (previous !== null) void queryClient.resetQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
  }, [userId, queryClient]);
  const refreshMe = useCallback(() => queryClient.invalidateQueries({ queryKey: keys.me, exact: true }), [queryClient]);

  useEffect(() => socket.onState(setSocketState), [socket]);
  useEffect(() => syncCacheWithSocket(socket, queryClient), [socket, queryClient]);
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
    meLoading: signedIn && meQuery.isPending,
    refreshMe,
    socket,
    socketState,
    toasts,
    toast,
    dismissToast,
  };
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

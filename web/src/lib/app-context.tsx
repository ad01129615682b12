/** What every feature may need: config, the API client, the signed-in person, the socket, toasts.
 * app/provider.tsx builds it; features read it with useApp(). */
import { createContext, useContext } from "react";
import type { Api } from "../api/client";
import type { Me } from "../api/types";
import type { AuthAdapter } from "../auth/types";
import type { AppConfig } from "../config/runtime";
import type { SocketState, SoulSocket } from "../ws/socket";

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

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const value = useContext(AppContext);
  if (!value) throw new Error("useApp outside AppProvider");
  return value;
}

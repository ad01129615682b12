import { QueryClient } from "@tanstack/react-query";

/** The one server-state cache. Queries are not retried (an error shows at once, with "Try again"), are
 * fresh again whenever a page mounts or the window regains focus, and are refreshed by socket events
 * (app/socket-cache.ts) instead of timers: nothing polls. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: 0, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}

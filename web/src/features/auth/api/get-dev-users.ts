import { useQuery } from "@tanstack/react-query";
import type { DevAuth } from "../../../auth/dev";
import { keys } from "../../../lib/query-keys";

/** The local cloud's demo people (`GET {devIssuer}/dev/users`), for the dev sign-in page. */
export function useDevUsers(auth: DevAuth) {
  return useQuery({ queryKey: keys.devUsers, queryFn: () => auth.users() });
}

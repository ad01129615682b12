import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import type { ChatPage } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** Without a socket (signed out) the page reads the chat again now and then; signed in, `stream-chat` and
 * `stream-chat-removed` events keep it current. */
export const SIGNED_OUT_REFRESH_MS = 10_000;

/** `GET /api/streams/{id}/chat`: the newest messages (public). */
export function useStreamChat(streamId: string) {
  const { api, me } = useApp();
  return useQuery({
    queryKey: keys.streams.chat(streamId),
    queryFn: () => ok(api.GET("/api/streams/{id}/chat", { params: { path: { id: streamId } } })),
    refetchInterval: me ? false : SIGNED_OUT_REFRESH_MS,
  });
}

/** `POST /api/streams/{id}/chat`: the message shows at once; the audience hears it as `stream-chat`. */
export function useSendChat(streamId: string) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      ok(api.POST("/api/streams/{id}/chat", { params: { path: { id: streamId } }, body: { text } })),
    onSuccess: (message) =>
      queryClient.setQueryData<ChatPage>(keys.streams.chat(streamId), (old) =>
        old && !old.items.some((m) => m.message_id === message.message_id)
          ? { ...old, items: [...old.items, message] }
          : old,
      ),
  });
}

/** `DELETE /api/streams/{id}/chat/{message_id}` (the stream's reader): gone for everyone. */
export function useRemoveChatMessage(streamId: string) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (messageId: string) =>
      ok(api.DELETE("/api/streams/{id}/chat/{message_id}", { params: { path: { id: streamId, message_id: messageId } } })),
    onSuccess: (removed) =>
      queryClient.setQueryData<ChatPage>(
        keys.streams.chat(streamId),
        (old) => old && { ...old, items: old.items.filter((m) => m.message_id !== removed.message_id) },
      ),
  });
}

/** `GET /api/streams/{id}/mutes` (the stream's reader): who is muted; `stream-chat-muted` events refresh it. */
export function useMutedViewers(streamId: string, owner: boolean) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.streams.mutes(streamId),
    queryFn: () => ok(api.GET("/api/streams/{id}/mutes", { params: { path: { id: streamId } } })),
    enabled: owner,
  });
}

/** `PUT` / `DELETE /api/streams/{id}/mutes/{user_id}` (the stream's reader): that viewer's messages are
 * refused, or accepted again. */
export function useSetMuted(streamId: string) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, muted }: { userId: string; muted: boolean }) => {
      const params = { params: { path: { id: streamId, user_id: userId } } };
      return ok(muted ? api.PUT("/api/streams/{id}/mutes/{user_id}", params) : api.DELETE("/api/streams/{id}/mutes/{user_id}", params));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.streams.mutes(streamId) }),
  });
}

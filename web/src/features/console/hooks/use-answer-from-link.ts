import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { ok } from "../../../api/client";
import { plainMessage } from "../../../api/errors";
import { paths } from "../../../config/paths";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";
import { useOpenRequests } from "../api/get-open-requests";

export interface LinkAnswer {
  tone: "working" | "done" | "closed";
  text: string;
}

/** A notification's Accept / Decline opens the console at `?request=<id>&answer=accept|decline`
 * (public/sw.js): the answer is given at once (accepting joins the reading; a request that closed meanwhile
 * says in words what became of it), then the parameters leave the address. A click on the notification
 * itself (`?request=<id>`) shows the console, whose list holds the request while it rings (or says it no
 * longer waits). */
export function useAnswerFromLink(): LinkAnswer | null {
  const [params, setParams] = useSearchParams();
  const { api } = useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [note, setNote] = useState<LinkAnswer | null>(null);
  const handled = useRef<string | null>(null);
  const requestId = params.get("request");
  const answer = params.get("answer");
  const open = useOpenRequests();
  const ringing = open.data ? open.data.items.some((item) => item.session_id === requestId) : undefined;

  useEffect(() => {
    if (!requestId) return;
    const key = `${requestId}:${answer ?? ""}`;
    if (handled.current === key) return; // once per link (and once under StrictMode's double effects)
    const answering = answer === "accept" || answer === "decline";
    if (!answering && ringing === undefined) return; // the list has not loaded yet
    handled.current = key;
    const clear = () =>
      setParams(
        (now) => {
          now.delete("request");
          now.delete("answer");
          return now;
        },
        { replace: true },
      );
    if (!answering) {
      if (!ringing) setNote({ tone: "closed", text: "That request is no longer waiting for an answer." });
      clear();
      return;
    }
    const path = { params: { path: { id: requestId } } };
    const accepting = answer === "accept";
    setNote({ tone: "working", text: accepting ? "Accepting the request…" : "Declining the request…" });
    const call = accepting
      ? ok(api.POST("/api/sessions/{id}/accept", path))
      : ok(api.POST("/api/sessions/{id}/decline", { ...path, body: {} }));
    call.then(
      () => {
        void queryClient.invalidateQueries({ queryKey: keys.openRequests });
        if (accepting) {
          navigate(paths.reading.to(requestId), { replace: true });
          return;
        }
        setNote({ tone: "done", text: "You declined the request. The client was told, at no charge." });
        clear();
      },
      (error: unknown) => {
        void queryClient.invalidateQueries({ queryKey: keys.openRequests });
        setNote({ tone: "closed", text: `Could not ${answer} the request: ${plainMessage(error)}` });
        clear();
      },
    );
  }, [requestId, answer, ringing, api, navigate, queryClient, setParams]);
  return note;
}

import { useState } from "react";
import { BusyButton, ErrorNote, Stars } from "../../../components/ui";
import { useReaderReviews } from "../api/get-reviews";
import { useReplyToReview } from "../api/reply-review";

/** The reader's reviews, each with a one-time public reply. */
export function ReviewsToReply({ readerId }: { readerId: string }) {
  const reviews = useReaderReviews(readerId, 20);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const reply = useReplyToReview(readerId);
  return (
    <div className="card stack">
      <h2>Reviews</h2>
      <ErrorNote error={reviews.error ?? reply.error} />
      {reviews.data?.items.length === 0 && <p className="muted">No reviews yet.</p>}
      <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
        {reviews.data?.items.map((r) => {
          const existing = r.reply;
          return (
            <li key={r.session_id} className="stack">
              <p>
                <Stars value={r.rating} /> {r.client_display_name || "Anonymous"}: {r.text}
              </p>
              {existing ? (
                <p className="small">Your reply: {existing}</p>
              ) : (
                <form
                  className="row"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const text = (drafts[r.session_id] ?? "").trim();
                    if (text) reply.mutate({ sessionId: r.session_id, text });
                  }}
                >
                  <label htmlFor={`reply-${r.session_id}`} className="sr-only">
                    Reply to this review
                  </label>
                  <input
                    id={`reply-${r.session_id}`}
                    placeholder="Reply once, publicly"
                    value={drafts[r.session_id] ?? ""}
                    maxLength={1000}
                    onChange={(e) => setDrafts((d) => ({ ...d, [r.session_id]: e.target.value }))}
                    style={{ flex: 1 }}
                  />
                  <BusyButton type="submit" className="secondary" busy={reply.isPending}>
                    Reply
                  </BusyButton>
                </form>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

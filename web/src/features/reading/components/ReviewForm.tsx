import { useState } from "react";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { useApp } from "../../../lib/app-context";
import { useReviewReading } from "../api/review-reading";

/** The client's review of a paid reading: stars, words, and the name it is shown under (the display name
 * chosen at the first sign-in, or "Anonymous" only when the client picks it). */
export function ReviewForm({ sessionId, readerId, onDone }: { sessionId: string; readerId: string; onDone: () => void }) {
  const { me } = useApp();
  const [rating, setRating] = useState(5);
  const [text, setText] = useState("");
  const [anonymous, setAnonymous] = useState(false);
  const review = useReviewReading(sessionId, readerId);
  const name = me?.display_name?.trim() || null;
  return (
    <form
      className="stack"
      aria-label="Your review"
      onSubmit={(e) => {
        e.preventDefault();
        review.mutate({ rating, text, anonymous: anonymous || name === null }, { onSuccess: onDone });
      }}
    >
      <fieldset>
        <legend>Rating</legend>
        <div className="row">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className="row" style={{ fontWeight: 400 }}>
              <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} style={{ width: "auto" }} />
              {n} star{n > 1 ? "s" : ""}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="review-text">Your words (optional)</label>
        <textarea id="review-text" rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <fieldset>
        <legend>Show my review as</legend>
        <div className="row">
          {name !== null && (
            <label className="row" style={{ fontWeight: 400 }}>
              <input type="radio" name="review-name" checked={!anonymous} onChange={() => setAnonymous(false)} style={{ width: "auto" }} />
              {name}
            </label>
          )}
          <label className="row" style={{ fontWeight: 400 }}>
            <input
              type="radio"
              name="review-name"
              checked={anonymous || name === null}
              onChange={() => setAnonymous(true)}
              style={{ width: "auto" }}
            />
            Anonymous
          </label>
        </div>
      </fieldset>
      <BusyButton type="submit" busy={review.isPending} busyLabel="Sending">
        Send review
      </BusyButton>
      <ErrorNote error={review.error} />
    </form>
  );
}

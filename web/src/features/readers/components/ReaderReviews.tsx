import { ErrorNote, Stars } from "../../../components/ui";
import { when } from "../../../lib/format";
import { useReaderReviews } from "../api/get-reviews";

/** A reader's newest reviews, with their replies, on the public profile. */
export function ReaderReviews({ readerId, readerName }: { readerId: string; readerName: string }) {
  const reviews = useReaderReviews(readerId, 10);
  return (
    <div className="card">
      <h2>Reviews</h2>
      <ErrorNote error={reviews.error} />
      {reviews.data?.items.length === 0 && <p className="muted">No reviews yet.</p>}
      <ul className="stack" aria-label="Reviews" style={{ listStyle: "none", padding: 0 }}>
        {reviews.data?.items.map((review) => (
          <li key={review.session_id} className="review">
            <Stars value={review.rating} /> <strong>{review.client_display_name || "Anonymous"}</strong>{" "}
            {review.verified && <span className="verified">✓ Verified reading</span>}{" "}
            <span className="muted small">{when(review.reviewed_at)}</span>
            <p>{review.text}</p>
            {review.reply && (
              <p className="small">
                <strong>{readerName} replied:</strong> {review.reply}
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

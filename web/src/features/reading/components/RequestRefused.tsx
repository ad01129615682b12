import { Link } from "react-router-dom";
import { paths } from "../../../config/paths";
import { OtherReaders } from "./OtherReaders";

/** A request the reader declined or let expire: why, in words, and readers of the same specialty online now. */
export function RequestRefused({ why, readerId, readerName }: { why: string; readerId: string; readerName: string }) {
  return (
    <section className="page stack">
      <h1>No reading this time</h1>
      <p role="alert">{why}</p>
      <OtherReaders readerId={readerId} />
      <Link className="button secondary" to={paths.reader.to(readerId)}>
        Back to {readerName}
      </Link>
    </section>
  );
}

import { Link } from "react-router-dom";
import { paths } from "../../../config/paths";

export function RequestRefused({ why, readerId }: { why: string; readerId: string }) {
  return (
    <section className="page stack">
      <h1>No reading this time</h1>
      <p role="alert">{why}</p>
      <Link className="button" to={paths.reader.to(readerId)}>
        Back to the reader
      </Link>
    </section>
  );
}

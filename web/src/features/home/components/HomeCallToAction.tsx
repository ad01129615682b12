import { Link } from "react-router-dom";
import { paths } from "../../../config/paths";

/** The closing step: find a reader now, or browse the shop. */
export function HomeCallToAction() {
  return (
    <section className="card stack cta" aria-labelledby="cta-title">
      <h2 id="cta-title">Ready when you are</h2>
      <p>Readers answer in minutes. Start with a short chat and stay only as long as it helps.</p>
      <div className="row">
        <Link className="button" to={paths.readers.to()}>
          Find your reader
        </Link>
        <Link className="button secondary" to={paths.shop.to()}>
          Browse the shop
        </Link>
      </div>
    </section>
  );
}

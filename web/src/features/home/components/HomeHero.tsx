import { Link } from "react-router-dom";
import { paths } from "../../../config/paths";
import { useApp } from "../../../lib/app-context";

/** What SoulSeer is in one sentence, and the next step for whoever is looking: find a reader, sign in, top up. */
export function HomeHero({ freeMinutes }: { freeMinutes: number }) {
  const { me } = useApp();
  return (
    <section className="hero stack" aria-labelledby="home-title">
      <h1 id="home-title">Live psychic readings, paid by the minute</h1>
      <p className="lead">
        Chat, call or video with a verified reader right now. You see the rate before you start, pay only for the minutes you
        use and end whenever you like.
        {freeMinutes > 0 && (
          <>
            {" "}
            <strong>Your first {freeMinutes} minutes are free.</strong>
          </>
        )}
      </p>
      <div className="row">
        <Link className="button" to={paths.readers.to()}>
          Find your reader
        </Link>
        {!me && (
          <Link className="button secondary" to={paths.signIn.to(paths.readers.to())}>
            Sign in to start
          </Link>
        )}
        {me?.role === "client" && (
          <Link className="button secondary" to={paths.wallet.to()}>
            Top up your balance
          </Link>
        )}
        {me?.role === "reader" && (
          <Link className="button secondary" to={paths.console.to()}>
            Open your console
          </Link>
        )}
      </div>
    </section>
  );
}

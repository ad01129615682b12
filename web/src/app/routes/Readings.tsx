import { RequireSignIn } from "../../components/RequireSignIn";
import { ReadingList } from "../../features/reading/components/ReadingList";

export default function ReadingsPage() {
  return (
    <RequireSignIn>
      <section className="page stack">
        <h1>My readings</h1>
        <ReadingList />
      </section>
    </RequireSignIn>
  );
}

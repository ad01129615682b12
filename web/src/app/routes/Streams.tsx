import { GoLiveForm } from "../../features/streams/components/GoLiveForm";
import { LiveStreamList } from "../../features/streams/components/LiveStreamList";
import { useApp } from "../../lib/app-context";

export default function StreamsPage() {
  const { me } = useApp();
  return (
    <section className="page stack">
      <h1>Live now</h1>
      {me?.role === "reader" && <GoLiveForm />}
      <LiveStreamList />
    </section>
  );
}

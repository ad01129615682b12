import { useParams } from "react-router-dom";
import { RequireSignIn } from "../../components/RequireSignIn";
import { ErrorNote, Spinner } from "../../components/ui";
import { ReadingRoom } from "../../features/reading/components/ReadingRoom";
import { RequestRefused } from "../../features/reading/components/RequestRefused";
import { Summary } from "../../features/reading/components/Summary";
import { WaitingForReader } from "../../features/reading/components/WaitingForReader";
import { useReading } from "../../features/reading/hooks/use-reading";
import { useBalance } from "../../features/wallet/api/get-balance";
import { AddFunds } from "../../features/wallet/components/AddFunds";

export default function ReadingPage() {
  return (
    <RequireSignIn>
      <Reading />
    </RequireSignIn>
  );
}

function Reading() {
  const { sessionId = "" } = useParams();
  const reading = useReading(sessionId);
  const { session, role, open, outcome, end } = reading;
  const balance = useBalance(role === "client"); // the meter while open, "Balance left" on the summary
  const balanceCents = balance.data?.balance_cents ?? null;

  if (!session)
    return (
      <section className="page">
        {reading.loadError ? <ErrorNote error={reading.loadError} onRetry={reading.reload} /> : <Spinner label="Opening the reading" />}
      </section>
    );
  // the reader's answer as it came (the session, refreshed by the same event, is already cancelled)
  if (outcome.refused && role === "client")
    return <RequestRefused why={outcome.refused} readerId={session.reader_id} readerName={session.reader_name} />;
  if (!open && role) return <Summary session={session} role={role} lines={reading.chat.lines} balanceCents={balanceCents} />;
  if (session.status === "requested" && !outcome.refused && role === "client")
    return (
      <WaitingForReader
        session={session}
        accepted={outcome.accepted}
        cancelling={end.isPending}
        error={end.error}
        onCancel={() => end.mutate()}
      />
    );
  return (
    <ReadingRoom
      reading={reading}
      session={session}
      balanceCents={balanceCents}
      topUp={<AddFunds compact onFunded={reading.dismissLowBalance} />}
    />
  );
}

import { useSearchParams } from "react-router-dom";
import { BusyButton, ErrorNote } from "../../components/ui";
import { useUnsubscribe } from "../../features/notifications/api/unsubscribe";

/** The page an email's unsubscribe link opens: one button, no sign-in (a link alone changes nothing:
 * mail scanners open links). */
export default function UnsubscribePage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const unsubscribe = useUnsubscribe();
  return (
    <section className="page stack">
      <h1>Unsubscribe from SoulSeer emails</h1>
      {unsubscribe.isSuccess ? (
        <p role="status">You are unsubscribed. SoulSeer will send you no more emails; turn them on again in your account.</p>
      ) : (
        <>
          <p>You will get no more receipts by email.</p>
          <BusyButton type="button" busy={unsubscribe.isPending} disabled={!token} onClick={() => unsubscribe.mutate(token)}>
            Unsubscribe
          </BusyButton>
        </>
      )}
      <ErrorNote error={unsubscribe.error} />
    </section>
  );
}

import { BusyButton, ErrorNote } from "../../../components/ui";
import { useNotifyWhenFree } from "../api/notify-when-free";

export function NotifyWhenFree({ readerId, readerName }: { readerId: string; readerName: string }) {
  const notify = useNotifyWhenFree(readerId);
  return (
    <div>
      {notify.isSuccess ? (
        <p className="success" role="status">
          We will tell you when {readerName} is free.
        </p>
      ) : (
        <BusyButton type="button" className="secondary" busy={notify.isPending} onClick={() => notify.mutate()}>
          Notify me when free
        </BusyButton>
      )}
      <ErrorNote error={notify.error} />
    </div>
  );
}

import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useCreateStream } from "../api/create-stream";

export function GoLiveForm() {
  const navigate = useNavigate();
  const [title, setTitle] = useState("");
  const goLive = useCreateStream();
  return (
    <form
      className="card stack"
      aria-label="Go live"
      onSubmit={(e) => {
        e.preventDefault();
        goLive.mutate(title, { onSuccess: (grant) => navigate(paths.stream.to(grant.stream.stream_id)) });
      }}
    >
      <h2>Go live</h2>
      <div className="field">
        <label htmlFor="stream-title">Stream title</label>
        <input id="stream-title" maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <ErrorNote error={goLive.error} />
      <BusyButton type="submit" busy={goLive.isPending} busyLabel="Starting">
        Go live
      </BusyButton>
    </form>
  );
}

import { useRef, useState } from "react";
import type { Reader } from "../../../api/types";
import { ErrorNote } from "../../../components/ui";
import { useSocketEvent } from "../../../ws/use-socket-event";
import { useUpload } from "../api/upload-photo";

/** The reader's photo: shown as clients see it, replaced by choosing a file (resized on the server). */
export function PhotoUpload({ profile }: { profile: Reader | undefined }) {
  const upload = useUpload();
  const [waiting, setWaiting] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const processed = useRef(new Set<string>()); // an event may come before S3's answer reaches this page
  useSocketEvent("upload-processed", (event) => {
    processed.current.add(event.upload_id);
    if (event.upload_id === waiting) setWaiting(null);
  });
  useSocketEvent("upload-failed", (event) => {
    if (event.upload_id !== waiting) return;
    setWaiting(null);
    setFailed("That file is not an image we can read; try a JPEG, PNG or WebP.");
  });
  return (
    <section className="card stack" aria-labelledby="photo-heading">
      <h2 id="photo-heading">Your photo</h2>
      <div className="row">
        {profile?.photo ? (
          <img className="avatar large" src={profile.photo.medium} alt="Your current photo" width={120} height={120} />
        ) : (
          <p className="muted">No photo yet: clients see your initial.</p>
        )}
        <div className="field">
          <label htmlFor="photo-file">Choose a photo (JPEG, PNG or WebP, up to 8 MB)</label>
          <input
            id="photo-file"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            disabled={upload.isPending || waiting !== null}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              setFailed(null);
              upload.mutate({ file, purpose: "reader-photo" }, { onSuccess: (id) => setWaiting(processed.current.has(id) ? null : id) });
            }}
          />
        </div>
      </div>
      {(upload.isPending || waiting) && <p role="status">Uploading and resizing your photo…</p>}
      {failed && <p role="alert">{failed}</p>}
      <ErrorNote error={upload.error} />
    </section>
  );
}

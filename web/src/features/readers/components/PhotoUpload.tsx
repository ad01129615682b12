import type { Reader } from "../../../api/types";
import { ErrorNote } from "../../../components/ui";
import { UPLOAD_RULES, useProcessedUpload } from "../../../lib/upload";

/** The reader's photo: shown as clients see it, replaced by choosing a file (resized on the server). */
export function PhotoUpload({ profile }: { profile: Reader | undefined }) {
  const photo = useProcessedUpload("reader-photo");
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
          <label htmlFor="photo-file">Choose a photo ({UPLOAD_RULES["reader-photo"].words})</label>
          <input
            id="photo-file"
            type="file"
            accept={UPLOAD_RULES["reader-photo"].accept}
            disabled={photo.busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) photo.start(file);
            }}
          />
        </div>
      </div>
      {photo.busy && <p role="status">Uploading and resizing your photo…</p>}
      {photo.failed && <p role="alert">{photo.failed}</p>}
      <ErrorNote error={photo.error} />
    </section>
  );
}

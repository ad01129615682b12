import type { Reader } from "../../../api/types";
import { Stars, StatusBadge } from "../../../components/ui";

export function ReaderHeader({ reader }: { reader: Reader }) {
  return (
    <>
      <div className="row">
        {reader.avatar_url && <img className="avatar" src={reader.avatar_url} alt="" />}
        <h1>{reader.display_name}</h1>
        <StatusBadge status={reader.status} />
      </div>
      <p>
        <Stars value={reader.rating.average} /> <span className="muted">({reader.rating.count} reviews)</span>
      </p>
      <p>{reader.bio}</p>
      <p className="muted">{reader.specialties.join(" · ")}</p>
    </>
  );
}

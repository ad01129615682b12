import type { Reader } from "../../../api/types";
import { Stars, StatusBadge } from "../../../components/ui";
import { count } from "../../../lib/format";

function responseTime(seconds: number): string {
  return seconds < 60 ? count(Math.max(1, seconds), "second") : count(Math.round(seconds / 60), "minute");
}

export function ReaderHeader({ reader }: { reader: Reader }) {
  return (
    <>
      <div className="row">
        {reader.photo && <img className="avatar large" src={reader.photo.medium} alt={`Photo of ${reader.display_name}`} width={120} height={120} />}
        <h1>{reader.display_name}</h1>
        <StatusBadge status={reader.status} />
      </div>
      <p>
        <Stars value={reader.rating.average} /> <span className="muted">({count(reader.rating.count, "review")})</span>
      </p>
      <p>{reader.bio}</p>
      <p className="muted">{reader.specialties.join(" · ")}</p>
      <ul className="facts" aria-label={`About ${reader.display_name}`}>
        {reader.is_new && <li>New on SoulSeer</li>}
        {reader.languages.length > 0 && <li>Speaks {reader.languages.join(", ")}</li>}
        {reader.years_experience !== null && <li>{reader.years_experience} years of experience</li>}
        <li>{count(reader.readings_completed, "reading")} completed</li>
        {reader.average_response_seconds !== null && <li>Usually answers in {responseTime(reader.average_response_seconds)}</li>}
      </ul>
    </>
  );
}

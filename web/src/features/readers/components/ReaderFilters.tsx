import type { ReaderFilters as Filters } from "../api/get-readers";

const SPECIALTIES = ["tarot", "love", "astrology", "career", "mediumship", "dreams"];

export function ReaderFilters({ filters, onChange }: { filters: Filters; onChange: (key: keyof Filters, value: string) => void }) {
  return (
    <form className="inline-fields" onSubmit={(e) => e.preventDefault()} aria-label="Filter readers">
      <div className="field">
        <label htmlFor="filter-specialty">Specialty</label>
        <select id="filter-specialty" value={filters.specialty} onChange={(e) => onChange("specialty", e.target.value)}>
          <option value="">All specialties</option>
          {SPECIALTIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" value={filters.status} onChange={(e) => onChange("status", e.target.value)}>
          <option value="">Anyone</option>
          <option value="online">Online now</option>
          <option value="busy">In a reading</option>
          <option value="offline">Offline</option>
        </select>
      </div>
    </form>
  );
}

import { useEffect, useState } from "react";
import type { ReaderFilters as Filters } from "../api/get-readers";

const SPECIALTIES = ["tarot", "love", "astrology", "career", "mediumship", "dreams"];

/** Search words (sent when submitted), sort order, specialty and status. */
export function ReaderFilters({ filters, onChange }: { filters: Filters; onChange: (key: keyof Filters, value: string) => void }) {
  const [words, setWords] = useState(filters.q);
  useEffect(() => setWords(filters.q), [filters.q]);
  return (
    <form
      className="inline-fields"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onChange("q", words);
      }}
      aria-label="Find readers"
    >
      <div className="field">
        <label htmlFor="filter-q">Search</label>
        <input id="filter-q" type="search" value={words} placeholder="Name, specialty or words in a bio" onChange={(e) => setWords(e.target.value)} />
      </div>
      <button type="submit">Search</button>
      <div className="field">
        <label htmlFor="filter-sort">Sort by</label>
        <select id="filter-sort" value={filters.sort} onChange={(e) => onChange("sort", e.target.value)}>
          <option value="">Available first</option>
          <option value="rating">Best rated</option>
          <option value="price">Lowest price</option>
          <option value="newest">Newest</option>
        </select>
      </div>
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

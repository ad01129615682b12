import { useSearchParams } from "react-router-dom";
import type { ReaderStatus } from "../../api/types";
import { ReaderFilters } from "../../features/readers/components/ReaderFilters";
import { ReaderList } from "../../features/readers/components/ReaderList";

export function ReadersPage() {
  const [params, setParams] = useSearchParams();
  const filters = { status: (params.get("status") ?? "") as ReaderStatus | "", specialty: params.get("specialty") ?? "" };
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <section className="page">
      <h1>Find your reader</h1>
      <ReaderFilters filters={filters} onChange={set} />
      <ReaderList filters={filters} />
    </section>
  );
}

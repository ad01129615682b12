import { useSearchParams } from "react-router-dom";
import type { ReaderStatus } from "../../api/types";
import type { ReaderSort } from "../../features/readers/api/get-readers";
import { ReaderFilters } from "../../features/readers/components/ReaderFilters";
import { ReaderList } from "../../features/readers/components/ReaderList";
import { StartReading } from "../../features/reading/components/StartReading";
import { useApp } from "../../lib/app-context";

export function ReadersPage() {
  const [params, setParams] = useSearchParams();
  const { me } = useApp();
  const filters = {
    status: (params.get("status") ?? "") as ReaderStatus | "",
    specialty: params.get("specialty") ?? "",
    q: params.get("q") ?? "",
    sort: (params.get("sort") ?? "") as ReaderSort,
  };
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
      <ReaderList
        filters={filters}
        actions={(reader) => me?.role === "client" && reader.status === "online" && <StartReading reader={reader} canStart compact />}
      />
    </section>
  );
}

import { NavLink, Route, Routes } from "react-router-dom";
import { paths } from "../../../config/paths";
import { ActionLog } from "./ActionLog";
import { Audit } from "./Audit";
import { Dashboard } from "./Dashboard";
import { Disputes } from "./Disputes";
import { Payouts } from "./Payouts";
import { Readers } from "./Readers";
import { UserPage } from "./UserPage";
import { Users } from "./Users";

const SECTIONS = [
  ["", "Dashboard"],
  ["users", "Users"],
  ["readers", "Readers"],
  ["disputes", "Disputes & reports"],
  ["payouts", "Payouts"],
  ["audit", "Audit"],
  ["actions", "Action log"],
] as const;

export function AdminArea() {
  return (
    <section className="page stack admin">
      <h1>Operator console</h1>
      <nav aria-label="Console sections" className="tabs">
        {SECTIONS.map(([section, label]) => (
          <NavLink key={section} to={paths.admin.to(section)} end>
            {label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Dashboard />} />
        <Route path="users" element={<Users />} />
        <Route path="users/:userId" element={<UserPage />} />
        <Route path="readers" element={<Readers />} />
        <Route path="disputes" element={<Disputes />} />
        <Route path="payouts" element={<Payouts />} />
        <Route path="audit" element={<Audit />} />
        <Route path="actions" element={<ActionLog />} />
      </Routes>
    </section>
  );
}

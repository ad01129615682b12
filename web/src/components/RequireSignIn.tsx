import type { ReactNode } from "react";
import { Link, useLocation } from "react-router-dom";
import type { Role } from "../api/types";
import { paths } from "../config/paths";
import { useApp } from "../lib/app-context";
import { Spinner } from "./ui";

export function RequireSignIn({ children, role }: { children: ReactNode; role?: Role }) {
  const { me, meLoading } = useApp();
  const location = useLocation();
  if (meLoading && !me) return <Spinner />;
  if (!me)
    return (
      <section className="page">
        <h1>Please sign in</h1>
        <p>
          <Link to={paths.signIn.to(location.pathname + location.search)}>Sign in</Link> to
          continue.
        </p>
      </section>
    );
  if (role && me.role !== role)
    return (
      <section className="page">
        <h1>Not for this account</h1>
        <p>This page is for {role}s.</p>
      </section>
    );
  return <>{children}</>;
}

import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link, NavLink, useLocation, useNavigate } from "react-router-dom";
import { paths } from "../config/paths";
import { useApp } from "../lib/app-context";
import { Toasts } from "./Toasts";

/** The page frame; `banner` is shown under the header on every page (the app puts the open-reading bar there). */
export function Layout({
  children,
  banner,
  headerExtra,
}: {
  children: ReactNode;
  banner?: ReactNode;
  headerExtra?: ReactNode;
}) {
  const { me, auth, socketState } = useApp();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    setOpen(false);
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  const role = me?.role;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to={paths.home.to()} className="brand">
          SoulSeer
        </Link>
        <button
          type="button"
          className="menu-toggle secondary"
          aria-expanded={open}
          aria-controls="nav"
          onClick={() => setOpen((v) => !v)}
        >
          Menu
        </button>
        <nav id="nav" aria-label="Main" className={open ? "open" : ""}>
          <NavLink to={paths.readers.to()}>Readers</NavLink>
          <NavLink to={paths.streams.to()}>Live</NavLink>
          <NavLink to={paths.shop.to()}>Shop</NavLink>
          {role === "client" && <NavLink to={paths.favorites.to()}>Favorites</NavLink>}
          {role === "reader" && <NavLink to={paths.console.to()}>Console</NavLink>}
          {role === "reader" && <NavLink to={paths.myProducts.to()}>My products</NavLink>}
          {role === "reader" && <NavLink to={paths.sales.to()}>Sales</NavLink>}
          {role === "admin" && <NavLink to={paths.admin.to()}>Admin</NavLink>}
          {me && <NavLink to={paths.readings.to()}>My readings</NavLink>}
          {me && <NavLink to={paths.wallet.to()}>Wallet</NavLink>}
          {me && <NavLink to={paths.orders.to()}>Orders</NavLink>}
          {me ? (
            <>
              <NavLink to={paths.account.to()}>Account</NavLink>
              <button
                type="button"
                className="link"
                onClick={() => {
                  void auth.signOut().then(() => navigate(paths.home.to()));
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <NavLink to={paths.signIn.to()}>Sign in</NavLink>
          )}
        </nav>
        {me && headerExtra}
        {me && (
          <span className={`conn conn-${socketState}`} role="status" aria-label={`Live updates: ${socketState}`}>
            <span aria-hidden="true">●</span>
            <span className="sr-only">Live updates {socketState}</span>
          </span>
        )}
      </header>
      {me && banner}
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
      <Toasts />
    </>
  );
}

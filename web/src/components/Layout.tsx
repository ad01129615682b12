import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link, NavLink, useLocation, useNavigate } from "react-router-dom";
import { useApp } from "../app/context";
import { Toasts } from "./Toasts";

export function Layout({ children }: { children: ReactNode }) {
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
        <Link to="/" className="brand">
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
          <NavLink to="/readers">Readers</NavLink>
          <NavLink to="/live">Live</NavLink>
          <NavLink to="/shop">Shop</NavLink>
          {role === "client" && <NavLink to="/favorites">Favorites</NavLink>}
          {role === "reader" && <NavLink to="/console">Console</NavLink>}
          {role === "reader" && <NavLink to="/my-products">My products</NavLink>}
          {me && <NavLink to="/readings">My readings</NavLink>}
          {me && <NavLink to="/wallet">Wallet</NavLink>}
          {me && <NavLink to="/orders">Orders</NavLink>}
          {me ? (
            <>
              <NavLink to="/account">Account</NavLink>
              <button
                type="button"
                className="link"
                onClick={() => {
                  void auth.signOut().then(() => navigate("/"));
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <NavLink to="/sign-in">Sign in</NavLink>
          )}
        </nav>
        {me && (
          <span className={`conn conn-${socketState}`} role="status" aria-label={`Live updates: ${socketState}`}>
            <span aria-hidden="true">●</span>
            <span className="sr-only">Live updates {socketState}</span>
          </span>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
      <Toasts />
    </>
  );
}

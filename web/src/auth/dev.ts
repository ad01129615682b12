/** Local sign-in: the dev issuer's dev-only endpoints mint a token for a demo user (never in AWS). */
import { toApiError } from "../api/errors";
import type { Role } from "../api/types";
import type { AuthAdapter, DevUser } from "./types";

const STORAGE_KEY = "soulseer.devSession";
const REFRESH_MARGIN_S = 120;

interface DevSession {
  user_id: string;
  role?: Role;
  token: string;
  expires_at: number;
}

export class DevAuth implements AuthAdapter {
  readonly mode = "dev" as const;
  private session: DevSession | null = null;
  private listeners = new Set<() => void>();
  private refreshing: Promise<string | null> | null = null;
  private readonly issuerUrl: string;

  constructor(issuerUrl: string) {
    this.issuerUrl = issuerUrl.replace(/\/+$/, "");
  }

  async init(): Promise<boolean> {
    try {
      const raw = sessionStorage.getItem(STORAGE_KEY) ?? localStorage.getItem(STORAGE_KEY);
      this.session = raw ? (JSON.parse(raw) as DevSession) : null;
    } catch {
      this.session = null;
    }
    return this.session !== null;
  }

  isSignedIn(): boolean {
    return this.session !== null;
  }

  async users(): Promise<DevUser[]> {
    const response = await fetch(`${this.issuerUrl}/dev/users`);
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw toApiError(response.status, body);
    return (body as { users: DevUser[] }).users;
  }

  async signIn(userId: string, role?: Role): Promise<void> {
    this.session = await this.mint(userId, role);
    this.store();
    this.emit();
  }

  async token(): Promise<string | null> {
    const session = this.session;
    if (!session) return null;
    if (session.expires_at - Date.now() / 1000 > REFRESH_MARGIN_S) return session.token;
    this.refreshing ??= this.mint(session.user_id)
      .then((fresh) => {
        this.session = { ...fresh, role: session.role };
        this.store();
        return fresh.token;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    this.session = null;
    sessionStorage.removeItem(STORAGE_KEY);
    localStorage.removeItem(STORAGE_KEY);
    this.emit();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async mint(userId: string, role?: Role): Promise<DevSession> {
    const response = await fetch(`${this.issuerUrl}/dev/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(role ? { user_id: userId, role } : { user_id: userId }),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw toApiError(response.status, body);
    const { token, expires_at } = body as { token: string; expires_at: number };
    return { user_id: userId, role, token, expires_at };
  }

  private store(): void {
    // Per tab (sessionStorage) so two tabs can be two people; localStorage remembers the last one.
    const raw = JSON.stringify(this.session);
    sessionStorage.setItem(STORAGE_KEY, raw);
    localStorage.setItem(STORAGE_KEY, raw);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

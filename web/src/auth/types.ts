import type { Role } from "../api/types";

export interface DevUser {
  user_id: string;
  display_name: string;
  role: Role;
}

/** A sign-in adapter: Clerk in AWS, the dev issuer locally. */
export interface AuthAdapter {
  readonly mode: "dev" | "clerk";
  /** Restores a session from the last visit; true when signed in. */
  init(): Promise<boolean>;
  /** A current bearer token, refreshed when near expiry; null when signed out. */
  token(): Promise<string | null>;
  signOut(): Promise<void>;
  subscribe(listener: () => void): () => void;
  isSignedIn(): boolean;
}

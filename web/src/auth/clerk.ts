/** Clerk sign-in, loaded only when config.json says so (it is a large bundle). */
import type { AuthAdapter } from "./types";

interface ClerkLike {
  load(): Promise<void>;
  session?: { getToken(): Promise<string | null> } | null;
  user?: unknown;
  signOut(): Promise<void>;
  addListener(listener: () => void): () => void;
  mountSignIn(node: HTMLDivElement, props?: Record<string, unknown>): void;
  unmountSignIn(node: HTMLDivElement): void;
}

export class ClerkAuth implements AuthAdapter {
  readonly mode = "clerk" as const;
  private clerk: ClerkLike | null = null;
  private readonly publishableKey: string;
  private listeners = new Set<() => void>();

  constructor(publishableKey: string) {
    this.publishableKey = publishableKey;
  }

  async init(): Promise<boolean> {
    const { Clerk } = await import("@clerk/clerk-js");
    const clerk = new Clerk(this.publishableKey) as unknown as ClerkLike;
    await clerk.load();
    clerk.addListener(() => {
      for (const listener of this.listeners) listener();
    });
    this.clerk = clerk;
    return this.isSignedIn();
  }

  isSignedIn(): boolean {
    return Boolean(this.clerk?.session);
  }

  async token(): Promise<string | null> {
    return (await this.clerk?.session?.getToken()) ?? null;
  }

  async signOut(): Promise<void> {
    await this.clerk?.signOut();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  mountSignIn(node: HTMLDivElement): () => void {
    this.clerk?.mountSignIn(node, { forceRedirectUrl: window.location.origin + "/" });
    return () => this.clerk?.unmountSignIn(node);
  }
}

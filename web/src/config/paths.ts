/** Every in-app URL, in one place: route patterns for the router, and builders for links and navigation.
 * Components never write a path string themselves. */
export const paths = {
  home: { pattern: "/", to: () => "/" },
  readers: { pattern: "/readers", to: () => "/readers" },
  reader: { pattern: "/readers/:readerId", to: (readerId: string) => `/readers/${readerId}` },
  signIn: {
    pattern: "/sign-in",
    to: (next?: string) => (next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in"),
  },
  wallet: { pattern: "/wallet", to: () => "/wallet" },
  readings: { pattern: "/readings", to: () => "/readings" },
  reading: { pattern: "/readings/:sessionId", to: (sessionId: string) => `/readings/${sessionId}` },
  console: { pattern: "/console", to: () => "/console" },
  payoutOnboarding: { pattern: "/reader/onboarding", to: () => "/reader/onboarding" },
  streams: { pattern: "/live", to: () => "/live" },
  stream: { pattern: "/live/:streamId", to: (streamId: string) => `/live/${streamId}` },
  shop: { pattern: "/shop", to: () => "/shop" },
  product: { pattern: "/shop/:productId", to: (productId: string) => `/shop/${productId}` },
  orders: { pattern: "/orders", to: () => "/orders" },
  sales: { pattern: "/sales", to: () => "/sales" },
  myProducts: { pattern: "/my-products", to: () => "/my-products" },
  favorites: { pattern: "/favorites", to: () => "/favorites" },
  account: { pattern: "/account", to: () => "/account" },
  unsubscribe: { pattern: "/unsubscribe", to: (token: string) => `/unsubscribe?token=${encodeURIComponent(token)}` },
  admin: { pattern: "/admin/*", to: (section = "") => (section ? `/admin/${section}` : "/admin") },
} as const;

/** A `next` parameter is followed only when it is a path of this app (never another site). */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : null;
}

/** Every query key of the server-state cache, in one place, so a socket event or a mutation in one feature
 * can update or invalidate what another feature shows without importing it. Keys are hierarchical:
 * invalidating `keys.readings.all` also refreshes every page of the list and every single reading. */
export const keys = {
  me: ["me"] as const,
  openRequests: ["console", "open-requests"] as const,
  notifications: ["me", "notifications"] as const,
  favorites: ["favorites"] as const,
  balance: ["wallet", "balance"] as const,
  savedCard: ["wallet", "saved-card"] as const,
  history: {
    all: ["wallet", "history"] as const,
    page: (cursor: string | undefined) => ["wallet", "history", cursor ?? null] as const,
  },
  transactions: {
    all: ["wallet", "transactions"] as const,
    page: (account: string, cursor: string | undefined) => ["wallet", "transactions", account, cursor ?? null] as const,
  },
  readers: {
    all: ["readers"] as const,
    list: (query: object) => ["readers", "list", query] as const,
    onlineNow: ["readers", "list", "online-now"] as const, // the home page's few (a reader event refreshes it)
    one: (readerId: string) => ["readers", "one", readerId] as const,
    reviewsOf: (readerId: string) => ["readers", "reviews", readerId] as const,
    reviews: (readerId: string, limit: number) => ["readers", "reviews", readerId, limit] as const,
  },
  readings: {
    all: ["readings"] as const,
    list: (limit: number, cursor: string | undefined) => ["readings", "list", limit, cursor ?? null] as const,
    one: (sessionId: string) => ["readings", "one", sessionId] as const,
  },
  streams: {
    all: ["streams"] as const,
    live: ["streams", "live"] as const,
    liveNow: ["streams", "live", "home"] as const, // under `live`: a stream going live or ending refreshes it too
    one: (streamId: string) => ["streams", "one", streamId] as const,
    gifts: ["streams", "gifts"] as const,
    chat: (streamId: string) => ["streams", "chat", streamId] as const,
    mutes: (streamId: string) => ["streams", "mutes", streamId] as const,
    recentGifts: (streamId: string) => ["streams", "recent-gifts", streamId] as const,
  },
  products: {
    all: ["products"] as const,
    list: (query: object) => ["products", "list", query] as const,
    one: (productId: string) => ["products", "one", productId] as const,
  },
  orders: {
    all: ["orders"] as const,
    page: (cursor: string | undefined) => ["orders", cursor ?? null] as const,
  },
  devUsers: ["auth", "dev-users"] as const,
  myPayouts: ["payouts", "mine"] as const,
  admin: {
    all: ["admin"] as const,
    stats: ["admin", "stats"] as const,
    daily: (days: number) => ["admin", "daily", days] as const,
    users: (q: string) => ["admin", "users", q] as const,
    user: (userId: string) => ["admin", "user", userId] as const,
    readers: ["admin", "readers"] as const,
    disputes: (status: string) => ["admin", "disputes", status] as const,
    dispute: (disputeId: string) => ["admin", "dispute", disputeId] as const,
    payoutRuns: ["admin", "payout-runs"] as const,
    payoutRun: (date: string) => ["admin", "payout-run", date] as const,
    audit: ["admin", "audit"] as const,
    actions: (userId: string | undefined) => ["admin", "actions", userId ?? null] as const,
  },
};

/** The runtime config.json written next to the app (by `soulseer dev` locally, by the deploy step in AWS). */
export type AuthConfig = { mode: "dev"; devIssuerUrl: string } | { mode: "clerk"; publishableKey: string };
export type PaymentsConfig =
  | { mode: "local"; publishableKey: string; stripeApiUrl: string }
  | { mode: "stripe"; publishableKey: string };
export type VideoConfig = { mode: "local" } | { mode: "agora"; appId: string };
export interface PushConfig {
  vapidPublicKey: string;
}

/** What the home page explains, from the stage's parameters (FreeIntroMinutes, SatisfactionPolicy). */
export interface StorefrontConfig {
  freeIntroMinutes: number;
  satisfactionPolicy: string;
}

export interface AppConfig {
  stage: string;
  apiUrl: string;
  wsUrl: string;
  auth: AuthConfig;
  payments: PaymentsConfig;
  video: VideoConfig;
  push: PushConfig | null;
  storefront: StorefrontConfig | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseConfig(raw: unknown): AppConfig {
  if (!isObject(raw)) throw new Error("config.json is not a JSON object");
  const { apiUrl, wsUrl, auth, payments, video, stage, push, storefront } = raw;
  if (typeof apiUrl !== "string" || typeof wsUrl !== "string") throw new Error("config.json lacks apiUrl or wsUrl");
  if (!isObject(auth) || (auth.mode !== "dev" && auth.mode !== "clerk")) throw new Error("config.json: bad auth");
  if (!isObject(payments) || (payments.mode !== "local" && payments.mode !== "stripe"))
    throw new Error("config.json: bad payments");
  return {
    stage: typeof stage === "string" ? stage : "dev",
    apiUrl: apiUrl.replace(/\/+$/, ""),
    wsUrl,
    auth: auth as AuthConfig,
    payments: payments as PaymentsConfig,
    video: (isObject(video) && video.mode === "agora" ? video : { mode: "local" }) as VideoConfig,
    push: isObject(push) && typeof push.vapidPublicKey === "string" ? { vapidPublicKey: push.vapidPublicKey } : null,
    storefront:
      isObject(storefront) && typeof storefront.freeIntroMinutes === "number" && typeof storefront.satisfactionPolicy === "string"
        ? { freeIntroMinutes: storefront.freeIntroMinutes, satisfactionPolicy: storefront.satisfactionPolicy }
        : null,
  };
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return parseConfig(await response.json());
}

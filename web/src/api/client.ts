/** The typed REST client: openapi-fetch over the generated schema, with the caller's token and errors
 * turned into ApiError. */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { ApiError, toApiError } from "./errors";

export type TokenSource = () => Promise<string | null>;
export type Api = Client<paths>;

export function createApi(apiUrl: string, token: TokenSource): Api {
  const client = createClient<paths>({ baseUrl: apiUrl });
  const auth: Middleware = {
    async onRequest({ request }) {
      const value = await token();
      if (value) request.headers.set("Authorization", `Bearer ${value}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}

interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its body as T, or throws ApiError for any non-2xx. */
export async function ok<T>(call: Promise<FetchResult>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T;
}

/** For routes the generated schema does not have yet (added by the presence work); same error handling. */
export async function rawRequest<T>(
  apiUrl: string,
  token: TokenSource,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {};
  const value = await token();
  if (value) headers.Authorization = `Bearer ${value}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw toApiError(response.status, parsed);
  return parsed as T;
}

export function idempotencyKey(): string {
  return crypto.randomUUID();
}

export { ApiError };

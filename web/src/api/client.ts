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

interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its body, typed by the generated schema, or throws ApiError
 * for any non-2xx. */
export async function ok<D>(call: Promise<FetchResult<D>>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as D;
}

export function idempotencyKey(): string {
  return crypto.randomUUID();
}

export { ApiError };

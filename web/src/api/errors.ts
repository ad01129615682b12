/** The API's error shape, `{"error": {"code", "message", "details"?}}`, turned into plain words. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Plain words for the codes the API sends (layers/soulseer raises them; a test checks each one still
 * exists there), used when a response carries no message of its own. */
export const PLAIN: Readonly<Record<string, string>> = {
  insufficient_funds: "Your balance is too low for this. Please add funds to your wallet.",
  card_declined: "Your card was declined; nothing was charged. Try another card.",
  no_saved_card: "There is no saved card yet: tick \"Save this card\" with your next top-up.",
  out_of_stock: "Sorry, this product is out of stock.",
  product_archived: "This product is no longer on sale.",
  reader_unavailable: "This reader is not available right now. You can ask to be notified when they are free.",
  reader_busy: "You are in a reading; your status changes when it ends.",
  reader_not_found: "We could not find this reader.",
  self_reading: "You cannot book a reading with yourself.",
  request_open: "You already have a reading request waiting for an answer.",
  request_closed: "This request is no longer waiting for an answer.",
  session_not_found: "We could not find this reading.",
  session_ended: "This reading has already ended.",
  no_presence_connection: "Your console is not connected yet. Wait a moment and try going online again.",
  dispute_window_closed: "The time to report a problem with this reading has passed.",
  already_disputed: "You have already reported a problem with this reading.",
  not_disputable: "This reading cannot be disputed (nothing was charged).",
  already_reviewed: "You have already reviewed this reading.",
  rate_limited: "You are doing that too quickly. Please wait a moment and try again.",
  already_live: "You are live already; end that stream first.",
  stream_ended: "This stream has ended.",
  product_not_found: "We could not find this product.",
};

const BY_STATUS: Record<number, string> = {
  400: "Something in the form is not right. Please check it and try again.",
  401: "Please sign in again.",
  402: "Your balance is too low for this. Please add funds to your wallet.",
  403: "You are not allowed to do that.",
  404: "We could not find what you were looking for.",
  409: "That cannot be done right now.",
  422: "Something in the form is not right. Please check it and try again.",
  429: "You are doing that too quickly. Please wait a moment and try again.",
};

/** Builds an ApiError from a response body of any shape. */
export function toApiError(status: number, body: unknown): ApiError {
  if (typeof body === "object" && body !== null && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === "object" && error !== null) {
      const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
      return new ApiError(
        status,
        typeof code === "string" ? code : `http_${status}`,
        typeof message === "string" ? message : "",
        details,
      );
    }
  }
  return new ApiError(status, `http_${status}`, "");
}

/** What to show a person for any error: the API's own (human) message for a 4xx, then a known code,
 * then the status; never a stack trace or a raw code. */
export function plainMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status >= 500) return "Something went wrong on our side. Please try again in a moment.";
    if (error.code === "validation_failed" && Array.isArray(error.details) && error.details.length > 0) {
      const first = error.details[0] as { location?: unknown; message?: unknown };
      const field = Array.isArray(first.location) ? String(first.location[first.location.length - 1] ?? "") : "";
      const what = typeof first.message === "string" ? first.message : "is not valid";
      return field ? `Please check ${field.replace(/_/g, " ")}: ${what}.` : `Please check the form: ${what}.`;
    }
    if (error.message) return error.message;
    return PLAIN[error.code] ?? BY_STATUS[error.status] ?? "Something went wrong. Please try again.";
  }
  if (error instanceof TypeError) return "We could not reach SoulSeer. Check your connection and try again.";
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Please try again.";
}

/** True when the error means "the balance is too low" (show an Add funds action next to it). */
export function needsFunds(error: unknown): boolean {
  return error instanceof ApiError && error.code !== "card_declined" && (error.status === 402 || error.code === "insufficient_funds");
}

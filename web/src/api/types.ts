/** Response bodies, as the API returns them: aliases of the generated OpenAPI schema (`npm run gen:api`),
 * never written by hand. WebSocket events are not in OpenAPI; they live in ws/events.ts. */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Reader = Schemas["ReaderView"];
export type ReaderStatus = Reader["status"];
export type Session = Schemas["SessionView"];
export type ReadingType = Session["type"];
export type Role = Schemas["UserView"]["role"];

/** Every paged list of the API has this shape (ReaderPage, SessionPage, TransactionPage, ...). */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type PayoutAccount = Schemas["PayoutAccountView"];
/** `GET /api/me`: a reader also gets the reader profile and the payout account. */
export type ReaderMe = Schemas["ReaderUserView"];
export type Me = ReaderMe | Schemas["ClientUserView"];
/** The reading the signed-in person has requested, accepted or active (null when none). */
export type OpenReading = Schemas["OpenReadingView"];
/** A request ringing a reader, as `reading-requested` announced it (`GET /api/me/requests`). */
export type ReadingRequest = Schemas["ReadingRequestView"];

/** `GET /api/payments/balance`: a reader's balance also carries the earnings. */
export type ReaderBalance = Schemas["ReaderBalance"];
export type Balance = ReaderBalance | Schemas["ClientBalance"];
export type Earnings = Schemas["EarningsView"];

export type Transaction = Schemas["TransactionView"];
export type Topup = Schemas["TopupView"];
export type SavedCards = Schemas["SavedCardsView"];
export type HistoryLine = Schemas["HistoryLine"];

export type IceServer = Schemas["TurnServer"] | Schemas["StunServer"];
export type StartedReading = Schemas["StartedReading"];
export type TranscriptLine = Schemas["TranscriptLine"];
export type SessionDetails = Schemas["SessionDetails"];
export type SessionSummary = Schemas["SessionSummary"];
export type Review = Schemas["PublicReview"];

export type Stream = Schemas["StreamView"];
export type StreamTotals = Schemas["StreamTotalsView"];
export type AgoraGrant = Schemas["AgoraGrant"];
/** What joining (`JoinedStream`) or going live (`CreatedStream`) returns: the stream and an Agora grant. */
export type StreamGrant = Schemas["JoinedStream"] | Schemas["CreatedStream"];
export type GiftCatalog = Schemas["GiftCatalog"];
export type GiftSent = Schemas["SentGift"];
export type ChatMessage = Schemas["ChatMessageView"];
export type ChatPage = Schemas["ChatPage"];
export type RecentGift = Schemas["RecentGift"];
export type RecentGifts = Schemas["RecentGifts"];

export type Product = Schemas["ProductView"];
export type Order = Schemas["OrderView"];
export type Address = Schemas["Address"];
export type Purchase = Schemas["PurchaseView"];

export type Favorite = Schemas["FavoriteReader"];

/** The reader's payout account, when `me` is a reader who has one. */
export function payoutAccountOf(me: Me | null | undefined): PayoutAccount | null {
  return me && "payout_account" in me ? (me.payout_account ?? null) : null;
}

/** A reader's earnings, when the balance is a reader's. */
export function earningsOf(balance: Balance | null | undefined): Earnings | null {
  return balance && "earnings" in balance ? balance.earnings : null;
}

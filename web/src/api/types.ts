/** Response bodies, as the API returns them (see layers/soulseer views). */
export type ReaderStatus = "online" | "offline" | "busy";
export type ReadingType = "chat" | "voice" | "video";
export type Role = "client" | "reader" | "admin";

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Reader {
  reader_id: string;
  display_name: string;
  bio: string;
  specialties: string[];
  avatar_url: string | null;
  rates: { chat_cents: number; voice_cents: number; video_cents: number };
  status: ReaderStatus;
  rating: { count: number; average: number | null };
}

export interface Me {
  user_id: string;
  role: Role;
  created_at: string;
  display_name?: string | null;
  reader_profile?: Reader | null;
  payout_account?: { account_id: string; payouts_enabled: boolean; details_submitted: boolean } | null;
  onboarding_url?: string | null;
}

export interface Balance {
  currency: string;
  balance_cents: number;
  owed_cents: number;
  earnings?: { pending_cents: number; paid_out_cents: number; owed_back_cents: number };
}

export interface Transaction {
  id: string;
  type: string;
  amount_cents: number;
  created_at: string;
  reference: Record<string, unknown> | string | null;
}

export interface Topup {
  payment_intent_id: string;
  client_secret: string;
  amount_cents: number;
  currency: string;
  status: string;
}

export interface Session {
  session_id: string;
  room_id: string;
  client_id: string;
  reader_id: string;
  type: ReadingType;
  status: "requested" | "accepted" | "active" | "ended" | "cancelled" | string;
  rate_cents: number;
  free_minutes: number;
  minutes: number;
  paid_minutes: number;
  total_cents: number;
  reader_share_cents: number;
  end_reason: string | null;
  rating: number | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
}

export interface IceServer {
  urls: string[] | string;
  username?: string;
  credential?: string;
}

export interface StartedReading {
  session: Session;
  room_id: string;
  websocket_url: string;
  ice_servers: IceServer[];
}

export interface TranscriptLine {
  message_id?: number;
  position?: number;
  sender?: string;
  from?: string;
  text: string;
  sent_at: string;
}

export interface SessionDetails extends Session {
  transcript: TranscriptLine[];
  review: string | null;
}

export interface Review {
  session_id: string;
  rating: number;
  text: string;
  reviewed_at: string | null;
  client_display_name: string;
  reply: string | null;
  replied_at: string | null;
}

export interface Stream {
  stream_id: string;
  reader_id: string;
  reader_name: string;
  title: string;
  status: "live" | "ended" | string;
  channel: string;
  viewer_count: number;
  gift_count: number;
  started_at: string;
  ended_at: string | null;
  gifts_cents?: number;
  reader_share_cents?: number;
}

export interface AgoraGrant {
  app_id: string;
  channel: string;
  uid: number;
  role: string;
  token: string;
  expires_at: number;
}

export interface StreamGrant {
  stream: Stream;
  agora: AgoraGrant;
  counted?: boolean;
}

export interface GiftCatalog {
  currency: string;
  items: { gift: string; price_cents: number }[];
}

export interface GiftSent {
  gift_id: string;
  stream_id: string;
  gift: string;
  amount_cents: number;
  reader_share_cents: number;
  balance_cents: number;
  sent_at: string;
}

export interface Product {
  product_id: string;
  seller: { type: "platform" } | { type: "reader"; id: string };
  name: string;
  description: string;
  kind: "digital" | "physical";
  price_cents: number;
  currency: string;
  inventory: number;
  in_stock: boolean;
  status: "active" | "archived" | string;
  created_at: string;
  updated_at: string;
}

export interface Order {
  order_id: string;
  product_id: string;
  product_name: string;
  kind: string;
  quantity: number;
  unit_price_cents: number;
  total_cents: number;
  status: string;
  created_at: string;
}

export interface Purchase {
  order: Order;
  replayed: boolean;
  balance_cents: number;
}

export interface Favorite {
  reader_id: string;
  display_name?: string;
  status?: ReaderStatus;
}

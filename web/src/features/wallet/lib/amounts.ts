/** The API's top-up bounds (TOPUP_MIN_CENTS / TOPUP_MAX_CENTS): invalid amounts never enable Pay. */
export const TOPUP_MIN_CENTS = 500;
export const TOPUP_MAX_CENTS = 50_000;

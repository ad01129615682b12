const TEST_CARDS = [
  { number: "4242 4242 4242 4242", outcome: "succeeds" },
  { number: "4000 0000 0000 0002", outcome: "is declined" },
  { number: "4000 0000 0000 9995", outcome: "has insufficient funds" },
];

/** The local card form (no Stripe.js): empty, with Stripe's test cards listed beside it. */
export function CardFields({
  idPrefix,
  card,
  onCard,
}: {
  idPrefix: string;
  card: { number: string; expiry: string; cvc: string };
  onCard: (card: { number: string; expiry: string; cvc: string }) => void;
}) {
  return (
    <fieldset className="stack">
      <legend>Card</legend>
      <div className="muted small" aria-label="Test cards">
        Local test mode: use any future expiry and any CVC.
        <ul>
          {TEST_CARDS.map((c) => (
            <li key={c.number}>
              <code>{c.number}</code> {c.outcome}
            </li>
          ))}
        </ul>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-card`}>Card number</label>
        <input
          id={`${idPrefix}-card`}
          inputMode="numeric"
          autoComplete="cc-number"
          value={card.number}
          onChange={(e) => onCard({ ...card, number: e.target.value })}
        />
      </div>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor={`${idPrefix}-exp`}>Expiry (MM / YY)</label>
          <input
            id={`${idPrefix}-exp`}
            autoComplete="cc-exp"
            placeholder="12 / 34"
            value={card.expiry}
            onChange={(e) => onCard({ ...card, expiry: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-cvc`}>CVC</label>
          <input
            id={`${idPrefix}-cvc`}
            autoComplete="cc-csc"
            inputMode="numeric"
            value={card.cvc}
            onChange={(e) => onCard({ ...card, cvc: e.target.value })}
          />
        </div>
      </div>
    </fieldset>
  );
}

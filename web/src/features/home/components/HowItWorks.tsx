/** Four steps, in the words a first-time client needs: the rate per minute, the free intro minutes, the
 * prepaid balance, and that they can stop at any moment. */
export function HowItWorks({ freeMinutes }: { freeMinutes: number }) {
  const steps = [
    {
      title: "Pick a reader",
      text: "Every reader shows their chat, call and video rates per minute up front, with their reviews and specialties.",
    },
    {
      title: freeMinutes > 0 ? `${freeMinutes} free intro minutes` : "Start when they are online",
      text:
        freeMinutes > 0
          ? `Your first reading on SoulSeer starts with ${freeMinutes} minutes free, so you can see whether the reader is right for you.`
          : "Press Chat, Call or Video on an online reader; they accept and the reading begins.",
    },
    {
      title: "Top up your balance",
      text: "Add funds by card. Each minute is paid from your balance as it starts; you can also set a spending limit for a reading.",
    },
    {
      title: "End anytime",
      text: "One button ends the reading and billing stops at once. You are told before your balance runs low.",
    },
  ];
  return (
    <section className="stack" aria-labelledby="how-title">
      <h2 id="how-title">How it works</h2>
      <ol className="steps">
        {steps.map((step, index) => (
          <li key={step.title} className="card">
            <span className="step-number" aria-hidden="true">
              {index + 1}
            </span>
            <h3>{step.title}</h3>
            <p className="small">{step.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

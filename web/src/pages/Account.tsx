export default function AccountPage() {
  return (
    <section className="page">
      <h1>Account</h1>
      <p>Coming soon.</p>
    </section>
  );
}

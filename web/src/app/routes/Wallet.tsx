import { RequireSignIn } from "../../components/RequireSignIn";
import { ErrorNote, Spinner } from "../../components/ui";
import { useBalance } from "../../features/wallet/api/get-balance";
import { AddFunds } from "../../features/wallet/components/AddFunds";
import { BalanceCard } from "../../features/wallet/components/BalanceCard";
import { History } from "../../features/wallet/components/History";
import { SavedCard } from "../../features/wallet/components/SavedCard";
import { Transactions } from "../../features/wallet/components/Transactions";
import { useApp } from "../../lib/app-context";

export default function WalletPage() {
  return (
    <RequireSignIn>
      <Wallet />
    </RequireSignIn>
  );
}

function Wallet() {
  const { me } = useApp();
  const balance = useBalance();
  return (
    <section className="page stack">
      <h1>Wallet</h1>
      <ErrorNote error={balance.error} onRetry={() => void balance.refetch()} />
      {balance.data ? <BalanceCard balance={balance.data} /> : balance.isPending && <Spinner label="Loading your balance" />}
      {me?.role === "client" && (
        <>
          <AddFunds />
          <SavedCard />
        </>
      )}
      <History />
      {me?.role === "reader" && <Transactions isReader />}
    </section>
  );
}

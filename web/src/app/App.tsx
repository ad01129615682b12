import type { QueryClient } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import type { AuthAdapter } from "../auth/types";
import { Layout } from "../components/Layout";
import { Spinner } from "../components/ui";
import { paths } from "../config/paths";
import { ChooseDisplayName } from "../features/account/components/ChooseDisplayName";
import { OpenReadingBar } from "../features/reading/components/OpenReadingBar";
import { HeaderBalance } from "../features/wallet/components/HeaderBalance";
import type { AppConfig } from "../config/runtime";
import { AppProvider } from "./provider";
import { HomePage } from "./routes/Home";
import { ReadersPage } from "./routes/Readers";

const ReaderProfilePage = lazy(() => import("./routes/ReaderProfile"));
const SignInPage = lazy(() => import("./routes/SignIn"));
const WalletPage = lazy(() => import("./routes/Wallet"));
const ReadingPage = lazy(() => import("./routes/Reading"));
const ConsolePage = lazy(() => import("./routes/Console"));
const StreamsPage = lazy(() => import("./routes/Streams"));
const StreamPage = lazy(() => import("./routes/Stream"));
const ShopPage = lazy(() => import("./routes/Shop"));
const ProductPage = lazy(() => import("./routes/Product"));
const OrdersPage = lazy(() => import("./routes/Orders"));
const SalesPage = lazy(() => import("./routes/Sales"));
const MyProductsPage = lazy(() => import("./routes/MyProducts"));
const FavoritesPage = lazy(() => import("./routes/Favorites"));
const ReadingsPage = lazy(() => import("./routes/Readings"));
const AccountPage = lazy(() => import("./routes/Account"));
const UnsubscribePage = lazy(() => import("./routes/Unsubscribe"));
const PayoutOnboardingPage = lazy(() => import("./routes/PayoutOnboarding"));
const AdminPage = lazy(() => import("./routes/Admin")); // its own chunk: clients never download it

const ROUTES: { path: string; Page: React.ComponentType }[] = [
  { path: paths.home.pattern, Page: HomePage },
  { path: paths.readers.pattern, Page: ReadersPage },
  { path: paths.reader.pattern, Page: ReaderProfilePage },
  { path: paths.signIn.pattern, Page: SignInPage },
  { path: paths.wallet.pattern, Page: WalletPage },
  { path: paths.readings.pattern, Page: ReadingsPage },
  { path: paths.reading.pattern, Page: ReadingPage },
  { path: paths.console.pattern, Page: ConsolePage },
  { path: paths.payoutOnboarding.pattern, Page: PayoutOnboardingPage },
  { path: paths.streams.pattern, Page: StreamsPage },
  { path: paths.stream.pattern, Page: StreamPage },
  { path: paths.shop.pattern, Page: ShopPage },
  { path: paths.product.pattern, Page: ProductPage },
  { path: paths.orders.pattern, Page: OrdersPage },
  { path: paths.sales.pattern, Page: SalesPage },
  { path: paths.myProducts.pattern, Page: MyProductsPage },
  { path: paths.favorites.pattern, Page: FavoritesPage },
  { path: paths.account.pattern, Page: AccountPage },
  { path: paths.unsubscribe.pattern, Page: UnsubscribePage },
  { path: paths.admin.pattern, Page: AdminPage },
];

export function App({ config, auth, queryClient }: { config: AppConfig; auth: AuthAdapter; queryClient: QueryClient }) {
  return (
    <AppProvider config={config} auth={auth} queryClient={queryClient}>
      <BrowserRouter>
        <Layout
          banner={
            <>
              <OpenReadingBar />
              <ChooseDisplayName />
            </>
          }
          headerExtra={<HeaderBalance />}
        >
          <Suspense fallback={<Spinner />}>
            <Routes>
              {ROUTES.map(({ path, Page }) => (
                <Route key={path} path={path} element={<Page />} />
              ))}
              <Route
                path="*"
                element={
                  <section className="page">
                    <h1>Page not found</h1>
                  </section>
                }
              />
            </Routes>
          </Suspense>
        </Layout>
      </BrowserRouter>
    </AppProvider>
  );
}

import { lazy, Suspense } from "react";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { AppProvider } from "./app/context";
import type { AuthAdapter } from "./auth/types";
import { Layout } from "./components/Layout";
import { Spinner } from "./components/ui";
import type { AppConfig } from "./config";
import { ReadersPage } from "./pages/Readers";

const ReaderProfilePage = lazy(() => import("./pages/ReaderProfile"));
const SignInPage = lazy(() => import("./pages/SignIn"));
const WalletPage = lazy(() => import("./pages/Wallet"));
const ReadingPage = lazy(() => import("./pages/Reading"));
const ConsolePage = lazy(() => import("./pages/Console"));
const StreamsPage = lazy(() => import("./pages/Streams"));
const StreamPage = lazy(() => import("./pages/Stream"));
const ShopPage = lazy(() => import("./pages/Shop"));
const ProductPage = lazy(() => import("./pages/Product"));
const OrdersPage = lazy(() => import("./pages/Orders"));
const MyProductsPage = lazy(() => import("./pages/MyProducts"));
const FavoritesPage = lazy(() => import("./pages/Favorites"));
const ReadingsPage = lazy(() => import("./pages/Readings"));
const AccountPage = lazy(() => import("./pages/Account"));
const PayoutOnboardingPage = lazy(() => import("./pages/PayoutOnboarding"));

export function App({ config, auth }: { config: AppConfig; auth: AuthAdapter }) {
  return (
    <AppProvider config={config} auth={auth}>
      <BrowserRouter>
        <Layout>
          <Suspense fallback={<Spinner />}>
            <Routes>
              <Route path="/" element={<ReadersPage />} />
              <Route path="/readers" element={<ReadersPage />} />
              <Route path="/readers/:readerId" element={<ReaderProfilePage />} />
              <Route path="/sign-in" element={<SignInPage />} />
              <Route path="/wallet" element={<WalletPage />} />
              <Route path="/readings" element={<ReadingsPage />} />
              <Route path="/readings/:sessionId" element={<ReadingPage />} />
              <Route path="/console" element={<ConsolePage />} />
              <Route path="/reader/onboarding" element={<PayoutOnboardingPage />} />
              <Route path="/live" element={<StreamsPage />} />
              <Route path="/live/:streamId" element={<StreamPage />} />
              <Route path="/shop" element={<ShopPage />} />
              <Route path="/shop/:productId" element={<ProductPage />} />
              <Route path="/orders" element={<OrdersPage />} />
              <Route path="/my-products" element={<MyProductsPage />} />
              <Route path="/favorites" element={<FavoritesPage />} />
              <Route path="/account" element={<AccountPage />} />
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

import { HomeCallToAction } from "../../features/home/components/HomeCallToAction";
import { HomeHero } from "../../features/home/components/HomeHero";
import { HowItWorks } from "../../features/home/components/HowItWorks";
import { LiveNow } from "../../features/home/components/LiveNow";
import { ReadersOnlineNow } from "../../features/home/components/ReadersOnlineNow";
import { TrustPromise } from "../../features/home/components/TrustPromise";
import { useApp } from "../../lib/app-context";

/** The front door: what SoulSeer is, how paying per minute works, who is online and live now, why to trust it. */
export function HomePage() {
  const { config } = useApp();
  const freeMinutes = config.storefront?.freeIntroMinutes ?? 0;
  return (
    <div className="page home stack">
      <HomeHero freeMinutes={freeMinutes} />
      <HowItWorks freeMinutes={freeMinutes} />
      <ReadersOnlineNow />
      <LiveNow />
      <TrustPromise policy={config.storefront?.satisfactionPolicy ?? null} />
      <HomeCallToAction />
    </div>
  );
}

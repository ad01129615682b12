import { RequireSignIn } from "../../components/RequireSignIn";
import { Availability } from "../../features/console/components/Availability";
import { IncomingRequests } from "../../features/console/components/IncomingRequests";
import { RingMe } from "../../features/notifications/components/RingMe";
import { PayoutAccount } from "../../features/payouts/components/PayoutAccount";
import { PayoutHistory } from "../../features/payouts/components/PayoutHistory";
import { useReader } from "../../features/readers/api/get-reader";
import { PhotoUpload } from "../../features/readers/components/PhotoUpload";
import { ProfileForm } from "../../features/readers/components/ProfileForm";
import { ReviewsToReply } from "../../features/readers/components/ReviewsToReply";
import { useRecentSessions } from "../../features/reading/api/get-sessions";
import { RecentReadings } from "../../features/reading/components/RecentReadings";
import { Earnings } from "../../features/wallet/components/Earnings";
import { useApp } from "../../lib/app-context";

export default function ConsolePage() {
  return (
    <RequireSignIn role="reader">
      <Console />
    </RequireSignIn>
  );
}

function Console() {
  const { me } = useApp();
  const readerId = me?.user_id ?? "";
  const profile = useReader(readerId);
  const readings = useRecentSessions(10);
  return (
    <section className="page stack">
      <h1>Reader console</h1>
      <Availability status={profile.data?.status} error={profile.error} />
      <IncomingRequests />
      <RingMe />
      <Earnings>
        <PayoutAccount />
      </Earnings>
      <PayoutHistory />
      <RecentReadings readings={readings} />
      <ReviewsToReply readerId={readerId} />
      <PhotoUpload profile={profile.data} />
      <ProfileForm profile={profile.data} />
    </section>
  );
}

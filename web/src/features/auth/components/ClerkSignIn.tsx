import { useEffect, useRef } from "react";
import type { ClerkAuth } from "../../../auth/clerk";

export function ClerkSignIn({ auth }: { auth: ClerkAuth }) {
  const node = useRef<HTMLDivElement>(null);
  useEffect(() => (node.current ? auth.mountSignIn(node.current) : undefined), [auth]);
  return <div ref={node} />;
}

// The proxy's real dependencies, made once per server process.
import { db } from "~/db.server";
import { env } from "~/env.server";
import { createAdminApi } from "~/.server/runtime";
import type { ProxyDeps } from "./handler";
import { createSignupMail } from "./pending-signup";
import { createRateLimiter } from "./rate-limit";
import { proxyVerifier } from "./verify";

let deps: Promise<ProxyDeps> | undefined;

export function liveProxyDeps(): Promise<ProxyDeps> {
  return (deps ??= (async () => {
    const config = env();
    const { authenticate } = await import("~/shopify.server");
    const now = () => new Date();
    return {
      db,
      admin: await createAdminApi(config, db),
      secret: config.apiSecret,
      random: Math.random,
      limiter: createRateLimiter(db),
      signupMail: createSignupMail(config),
      verify: proxyVerifier((request) => authenticate.public.appProxy(request), now),
      now,
    };
  })());
}

// The one builder of a dispatcher's dependencies in tests: the real database and transport a test
// hands in, a fake of Shopify's Admin API, and the fixed identity every test signs links with.
import type { DispatchDeps, DispatchIdentity, DispatchServices, DispatchTuning } from "~/.server/dispatch/types";
import type { EmailTransport } from "~/.server/channels/email/transport";
import { createFakeAdminApi } from "~/.server/shopify/fake-admin";
import type { Db } from "~/db.server";

export const TEST_IDENTITY: DispatchIdentity = { workerId: "test", appUrl: "https://crm.example", secret: "test-secret", defaultFrom: "shops@crm.example" };

export type DepsOverrides = { services?: Partial<DispatchServices>; identity?: Partial<DispatchIdentity>; tuning?: DispatchTuning; stopping?: () => boolean };

export function testDispatchDeps(db: Db, transport: EmailTransport, over: DepsOverrides = {}): DispatchDeps {
  return {
    services: { db, admin: createFakeAdminApi(), transport, random: () => 0.5, ...over.services },
    identity: { ...TEST_IDENTITY, ...over.identity },
    ...(over.tuning ? { tuning: over.tuning } : {}),
    ...(over.stopping ? { stopping: over.stopping } : {}),
  };
}

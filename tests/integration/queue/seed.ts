// Messages for the queue's own tests: due, waiting, one shop, distinct keys.
import type { Message } from "@prisma/client";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Db } from "~/db.server";
import { createTestDb, type TestDb } from "../../support/db";

export const SHOP = "queue-shop.myshopify.com";
export const NOW = new Date("2026-03-02T12:00:00Z");

/** The file's test database (made before its tests, dropped after), with no messages at the start of each test. */
export function queueTestDb(): { readonly db: Db } {
  let t: TestDb | null = null;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    await t!.db.message.deleteMany();
  });
  return {
    get db() {
      return t!.db;
    },
  };
}

let serial = 0;

export async function seedMessages(db: Db, n: number, over: Partial<Pick<Message, "runAt" | "status" | "leaseOwner" | "leaseUntil" | "attempts">> = {}): Promise<Message[]> {
  const made: Message[] = [];
  for (let i = 0; i < n; i++) {
    serial += 1;
    made.push(
      await db.message.create({
        data: {
          key: `${SHOP}:welcome:customer:${serial}:0`,
          shop: SHOP,
          scenario: "welcome",
          step: 0,
          about: `customer:${serial}`,
          email: `c${serial}@example.com`,
          triggeredAt: new Date(NOW.getTime() - 3_600_000),
          runAt: over.runAt ?? new Date(NOW.getTime() - 60_000),
          status: over.status ?? "planned",
          leaseOwner: over.leaseOwner ?? null,
          leaseUntil: over.leaseUntil ?? null,
          attempts: over.attempts ?? 0,
        },
      }),
    );
  }
  return made;
}

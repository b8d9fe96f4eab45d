// Fills a shop with a realistic history of messages (and their opens, clicks, conversions, goals,
// coupons and storefront impressions) for benchmarks: batched multi-row INSERTs inside transactions.
// Values are generated here, never taken from input, so they are written as SQL literals.
import { dbKind, type Db } from "~/db.server";
import { mulberry32 } from "./random";

export type SeedVolumeOptions = {
  shop: string;
  messages: number;
  now: Date;
  /** Days of history; most messages are old, a few percent fall in the last 28 days. */
  days?: number;
  seed?: number;
  log?: (line: string) => void;
};

export type SeedVolumeResult = { messages: number; events: number; coupons: number; impressions: number; recentMessages: number };

const ROWS_PER_INSERT = 500;
const ROWS_PER_TRANSACTION = 50_000;
const DAY = 86_400_000;

/** The format Prisma's SQLite adapter writes, so that range comparisons line up. */
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
/** A boolean literal both databases read (SQLite stores it as 1/0, PostgreSQL refuses 1/0 for a boolean). */
type Bool = { bool: boolean };
const bool = (b: boolean): Bool => ({ bool: b });
type Value = string | number | null | Bool;
const q = (v: Value) =>
  v === null ? "NULL" : typeof v === "number" ? String(v) : typeof v === "object" ? String(v.bool) : `'${v.replace(/'/g, "''")}'`;

const SCENARIOS = [
  { key: "welcome", share: 0.3 },
  { key: "cart-recovery", share: 0.35 },
  { key: "coupon-expiry", share: 0.15 },
  { key: "post-delivery", share: 0.2 },
] as const;

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

class Batcher {
  private rows: string[] = [];
  count = 0;
  constructor(private readonly tx: () => Tx, private readonly head: string) {}
  async add(values: Value[]) {
    this.rows.push(`(${values.map(q).join(",")})`);
    this.count++;
    if (this.rows.length >= ROWS_PER_INSERT) await this.flush();
  }
  async flush() {
    if (this.rows.length === 0) return;
    const sql = `${this.head} VALUES ${this.rows.join(",")}`;
    this.rows = [];
    await this.tx().$executeRawUnsafe(sql);
  }
}

export async function seedVolume(db: Db, opts: SeedVolumeOptions): Promise<SeedVolumeResult> {
  const random = mulberry32(opts.seed ?? 42);
  const days = opts.days ?? 180;
  const now = opts.now.getTime();
  const tag = opts.shop.replace(/[^a-z0-9]/gi, "").slice(0, 12);
  let tx: Tx | null = null;
  const current = () => tx!;
  const messages = new Batcher(
    current,
    `INSERT INTO "Message" ("id","key","shop","scenario","step","about","channel","customerShopifyId","email","checkoutToken","couponCode","triggeredAt","runAt","status","reason","reasonDetail","attempts","sentAt","locale","renderedSubject","variant","holdout","test","lastClickedAt","createdAt","updatedAt")`,
  );
  const events = new Batcher(current, `INSERT INTO "MessageEvent" ("id","key","shop","messageId","scenario","type","url","orderId","revenueCents","currency","via","at")`);
  const coupons = new Batcher(
    current,
    `INSERT INTO "Coupon" ("id","code","shop","scenario","issueKey","customerShopifyId","email","percentOff","startsAt","endsAt","status","usedAt","usedByOrder","createdAt")`,
  );
  const onsite = new Batcher(current, `INSERT INTO "OnsiteEvent" ("id","key","shop","scenario","visitorId","type","offerKind","couponCode","at")`);
  let recent = 0;
  // Random-order keys into seven B-trees: a large page cache keeps them in memory while seeding.
  if (dbKind(db) === "sqlite") await db.$queryRawUnsafe("PRAGMA cache_size = -262144");

  const event = (id: string, scenario: string, type: string, at: number, extra: { url?: string; orderId?: string; cents?: number; via?: string } = {}) =>
    events.add([
      `${id}${type[0]}${type.length}`,
      type === "click" ? `click:${id}:${extra.url}` : type === "conversion" ? `conversion:${opts.shop}:${extra.orderId}` : `${type}:${id}`,
      opts.shop,
      id,
      scenario,
      type,
      extra.url ?? null,
      extra.orderId ?? null,
      extra.cents ?? null,
      extra.cents === undefined ? null : "USD",
      extra.via ?? null,
      iso(at),
    ]);

  for (let start = 0; start < opts.messages; start += ROWS_PER_TRANSACTION) {
    const end = Math.min(opts.messages, start + ROWS_PER_TRANSACTION);
    await db.$transaction(
      async (t) => {
        tx = t;
        for (let i = start; i < end; i++) {
          // Ascending time and zero-padded ids: most index inserts append instead of splitting pages.
          const seq = String(i).padStart(8, "0");
          const id = `v${tag}${seq}`;
          let pick = random();
          const scenario = SCENARIOS.find((s) => (pick -= s.share) < 0)?.key ?? "welcome";
          // Age quantiles u^0.6 lean old: about 4–5 % of the history is in the last 28 days.
          const u = 1 - (i + random()) / opts.messages;
          const decidedAt = now - Math.floor(Math.pow(u, 0.6) * days * DAY) - 60_000;
          if (decidedAt > now - 28 * DAY) recent++;
          const person = Math.floor(random() * 200_000);
          const roll = random();
          const holdout = roll < 0.04;
          const status = holdout ? "skipped" : roll < 0.74 ? "sent" : roll < 0.95 ? "skipped" : roll < 0.96 ? "failed" : decidedAt > now - 2 * DAY ? "deferred" : "sent";
          const sent = status === "sent";
          const sentAt = sent || holdout ? decidedAt : null;
          const variant = sent && scenario === "welcome" && random() < 0.5 ? (random() < 0.5 ? "A" : "B") : null;
          const reason = holdout ? "holdout" : status === "skipped" ? "ordered_since" : status === "failed" ? "send_failed" : null;
          const reasonDetail = holdout ? "5% of this scenario's audience gets nothing" : status === "failed" ? "550" : null;
          const clicked = sent && random() < 0.08;
          const about = scenario === "cart-recovery" ? `checkout:t${person}x${i}` : `customer:${person}`;
          await messages.add([
            id,
            `${opts.shop}:${scenario}:vol${seq}:0`,
            opts.shop,
            scenario,
            0,
            about,
            "email",
            String(person),
            `c${person}@volume.example`,
            scenario === "cart-recovery" ? `t${person}x${i}` : null,
            scenario === "coupon-expiry" ? `WELCOME-V${String(person).padStart(8, "0")}` : null,
            iso(decidedAt - 3_600_000),
            iso(decidedAt),
            status,
            reason,
            reasonDetail,
            sent ? 1 : 0,
            sentAt === null ? null : iso(sentAt),
            "en",
            sent ? "Your order is waiting" : null,
            variant,
            bool(holdout),
            bool(false),
            clicked ? iso(decidedAt + 3_600_000) : null,
            iso(decidedAt - 3_600_000),
            iso(decidedAt),
          ]);
          if (sent && random() < 0.3) await event(id, scenario, "open", decidedAt + 1_800_000);
          if (clicked) await event(id, scenario, "click", decidedAt + 3_600_000, { url: "https://volume.example/" });
          if ((sent && random() < 0.05) || (holdout && random() < 0.03)) {
            await event(id, scenario, "goal", decidedAt + 2 * DAY, { orderId: `o${seq}`, via: "order" });
            if (random() < 0.6) await event(id, scenario, "conversion", decidedAt + 2 * DAY, { orderId: `o${seq}`, cents: 1500 + Math.floor(random() * 8000), via: holdout ? "holdout" : "click" });
          }
          if (sent && random() < 0.003) await event(id, scenario, "unsubscribe", decidedAt + DAY);
          if (sent && scenario === "welcome") {
            const used = random() < 0.1 ? iso(decidedAt + DAY) : null;
            await coupons.add([`c${id}`, `WELCOME-V${seq}`, opts.shop, "welcome", `${opts.shop}:welcome:vol${seq}:0`, String(person), `c${person}@volume.example`, 10, iso(decidedAt), iso(decidedAt + 14 * DAY), "active", used, used ? `o${seq}` : null, iso(decidedAt)]);
          }
          if (i % 20 === 0) {
            const at = now - Math.floor(Math.pow(random(), 0.6) * days * DAY);
            await onsite.add([`i${id}`, `impression:${id}`, opts.shop, "exit-intent", `visitor-${person}`, "impression", "first-order", null, iso(at)]);
          }
          if ((i + 1) % 100_000 === 0) opts.log?.(`seeded ${(i + 1).toLocaleString("en-US")} of ${opts.messages.toLocaleString("en-US")} messages`);
        }
        for (const b of [messages, events, coupons, onsite]) await b.flush();
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
  }
  return { messages: messages.count, events: events.count, coupons: coupons.count, impressions: onsite.count, recentMessages: recent };
}

// Brings every stored session under the current key: rows from before encryption, and rows written
// under a key being retired. Afterwards the old key can leave CRM_ENCRYPTION_KEY.
import type { Db } from "~/db.server";
import { SESSION_TOKEN_FIELDS, SessionDecryptError, type TokenCipher } from "./session-crypto";

export type ReencryptReport = {
  sessions: number;
  changed: number;
  /** Rows that could not be read (a key missing from the list, or an altered value): left as they were. */
  unreadable: { id: string; problem: string }[];
};

const PAGE = 200;

export async function reencryptSessions(db: Db, cipher: TokenCipher): Promise<ReencryptReport> {
  const report: ReencryptReport = { sessions: 0, changed: 0, unreadable: [] };
  let after: string | undefined;
  for (;;) {
    const rows = await db.session.findMany({
      where: after === undefined ? {} : { id: { gt: after } },
      select: { id: true, accessToken: true, refreshToken: true },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    if (rows.length === 0) return report;
    after = rows[rows.length - 1].id;
    report.sessions += rows.length;
    for (const row of rows) {
      const data: Partial<Record<(typeof SESSION_TOKEN_FIELDS)[number], string>> = {};
      try {
        for (const field of SESSION_TOKEN_FIELDS) {
          const stored = row[field];
          if (stored && !cipher.isCurrent(stored)) data[field] = cipher.encrypt(cipher.decrypt(stored));
        }
      } catch (error) {
        if (!(error instanceof SessionDecryptError)) throw error;
        report.unreadable.push({ id: row.id, problem: error.message });
        continue;
      }
      if (Object.keys(data).length === 0) continue;
      // Only if the row still holds what was read: a session the server stored meanwhile is already
      // under the current key and must not be overwritten with the older token.
      const { count } = await db.session.updateMany({
        where: { id: row.id, accessToken: row.accessToken, refreshToken: row.refreshToken },
        data,
      });
      report.changed += count;
    }
  }
}

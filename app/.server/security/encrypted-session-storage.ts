// Shopify's library hands its storage a Session holding live tokens and keeps using that same object
// afterwards, so the tokens are encrypted on a copy; the inner storage never sees a plaintext token.
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { SESSION_TOKEN_FIELDS, type TokenCipher } from "./session-crypto";

export class EncryptedSessionStorage implements SessionStorage {
  constructor(
    private readonly inner: SessionStorage,
    private readonly cipher: TokenCipher,
  ) {}

  storeSession(session: Session): Promise<boolean> {
    return this.inner.storeSession(withTokens(session, (token) => this.cipher.encrypt(token)));
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const stored = await this.inner.loadSession(id);
    return stored && withTokens(stored, (value) => this.cipher.decrypt(value));
  }

  deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    return this.inner.deleteSessions(ids);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const stored = await this.inner.findSessionsByShop(shop);
    return stored.map((session) => withTokens(session, (value) => this.cipher.decrypt(value)));
  }
}

/** A new Session with each token present passed through `transform`; the original is left as it was. */
function withTokens(session: Session, transform: (value: string) => string): Session {
  const copy = new Session(session.toObject());
  for (const field of SESSION_TOKEN_FIELDS) {
    const value = session[field];
    if (value) copy[field] = transform(value);
  }
  return copy;
}

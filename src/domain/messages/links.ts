// Links a customer follows from a message (docs/preferences.md): the customer portal
// ({{ portal_link }}, a portal link made for the message) and, in every progress message, the
// mail-preferences page. Their origin is settings.public_url, which the web process writes when it
// starts listening; each token is 256 bits from the CSPRNG and only its SHA-256 is stored.
import type { Db } from '../../db/client.js';
import { portalLinks } from '../../db/schema/index.js';
import { randomSecret, sha256 } from '../shared/index.js';

/** Where links point before any web process has said where it listens (a fresh `rapport demo`). */
export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

/** 32 bytes (256 bits) from the CSPRNG, base64url: 43 characters — portal and preferences tokens alike. */
export const PORTAL_TOKEN_BYTES = 32;
/** What a token looks like; anything else is refused before the database is asked. */
export const PORTAL_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const hashPortalToken = (token: string): string => sha256(token);

/** The origin of the links in messages: settings.public_url without a trailing slash. */
export const linkBaseOf = (settings: { publicUrl: string | null }): string => (settings.publicUrl ?? DEFAULT_PUBLIC_URL).replace(/\/$/, '');

/** The portal's address for a token: `<PUBLIC_URL>/c/<token>`. */
export const portalUrl = (baseUrl: string, token: string): string => `${baseUrl.replace(/\/$/, '')}/c/${token}`;

/** The mail-preferences page for a token: `<PUBLIC_URL>/u/<token>`. */
export const preferencesUrl = (baseUrl: string, token: string): string => `${baseUrl.replace(/\/$/, '')}/u/${token}`;

/** A fresh token and the hash that is stored for it. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomSecret(PORTAL_TOKEN_BYTES);
  return { token, hash: hashPortalToken(token) };
}

export interface MintPortalLinkInput {
  accountId: string;
  baseUrl: string;
  days: number;
  /** The person who asked for it; null when Rapport made it for a message. */
  createdBy: string | null;
  now: Date;
}

/** Writes a portal link in the caller's transaction; the token exists only in the returned URL. */
export async function mintPortalLink(tx: Db, input: MintPortalLinkInput): Promise<{ id: string; url: string; expiresAt: Date }> {
  const { token, hash } = newLinkToken();
  const expiresAt = new Date(input.now.getTime() + input.days * 86_400_000);
  const [row] = await tx
    .insert(portalLinks)
    .values({ accountId: input.accountId, tokenHash: hash, createdBy: input.createdBy, createdAt: input.now, expiresAt })
    .returning({ id: portalLinks.id });
  return { id: row!.id, url: portalUrl(input.baseUrl, token), expiresAt };
}

import { createHash, randomBytes } from 'node:crypto';

/** What a token lets its bearer do: manage every exercise, or act as one seat of one exercise. */
export type Grant =
  | { readonly role: 'facilitator' }
  | { readonly role: 'seat'; readonly exercise: string; readonly seat: string };

/** A new unguessable token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The SHA-256 of a token (hex): the key tokens are stored and looked up under. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/** Whether `value` has the shape of a token (it may still be unknown). */
function looksLikeToken(value: unknown): value is string {
  return typeof value === 'string' && tokenShape.test(value);
}

/** The token of an `Authorization: Bearer TOKEN` header, or null when it is missing or malformed. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer ([^\s]+)$/.exec(header ?? '');
  return m?.[1] !== undefined && looksLikeToken(m[1]) ? m[1] : null;
}

/** The tokens the server knows, by hash: the lookup never compares a presented token with a stored one. */
export class TokenTable {
  readonly #grants = new Map<string, Grant>();

  /** Adds a token. */
  add(token: string, grant: Grant): void {
    this.#grants.set(tokenHash(token), grant);
  }

  /** What `token` grants, or null for an unknown token. */
  grant(token: string): Grant | null {
    return this.#grants.get(tokenHash(token)) ?? null;
  }
}

/** Secrets of a whisk-local: generated at random, compared in constant time. */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of two strings (hashed first so that lengths do not leak either). */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** A fresh API key in OpenWhisk's `uuid:key` shape (64 characters of key, as its generated keys). */
export function newApiKey(): string {
  return `${randomUUID()}:${randomBytes(48).toString('base64url')}`;
}

/** A fresh activation store password (32 URL-safe characters, 192 bits). */
export function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

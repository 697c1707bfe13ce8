import { basicAuthHeader } from '../config/wskprops.js';
import { sameSecret } from './secrets.js';

/**
 * OpenWhisk's published guest key (`ansible/files/auth.guest`). Anyone may know it, so whisk-local
 * accepts it only when asked to (`--guest-key`); otherwise it generates a key per data dir.
 */
export const GUEST_AUTH =
  '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';

export const GUEST_NAMESPACE = 'guest';

/**
 * Checks HTTP Basic credentials against one key (`uuid:key`), in constant time. The common case
 * (the exact header a client builds) is one comparison; other spellings are decoded first.
 */
export function basicAuthChecker(auth: string): (header: string | undefined) => boolean {
  const expected = basicAuthHeader(auth);
  return (header) => {
    if (header === undefined) return false;
    if (sameSecret(header, expected)) return true;
    const m = /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!m) return false;
    return sameSecret(Buffer.from(m[1]!, 'base64').toString('utf8'), auth);
  };
}

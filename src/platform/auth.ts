import { basicAuthHeader } from '../config/wskprops.js';

/** OpenWhisk's default guest key (`ansible/files/auth.guest`), the local guest's credentials. */
export const GUEST_AUTH =
  '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';

export const GUEST_NAMESPACE = 'guest';

/**
 * Checks HTTP Basic credentials against one key (`uuid:key`). The common case (the exact header a
 * client builds) is a single string comparison; other spellings are decoded.
 */
export function basicAuthChecker(auth: string): (header: string | undefined) => boolean {
  const expected = basicAuthHeader(auth);
  return (header) => {
    if (header === undefined) return false;
    if (header === expected) return true;
    const m = /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!m) return false;
    return Buffer.from(m[1]!, 'base64').toString('utf8') === auth;
  };
}

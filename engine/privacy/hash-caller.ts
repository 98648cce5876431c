// A caller id (a phone number, an account) leaves the edge only as a keyed hash: a leaked table or stream cannot be
// joined back to phone numbers without the key, while the same caller still hashes to the same value, so counts of
// distinct people are unchanged.
import { createHmac } from 'node:crypto';

/** What every hashed caller id starts with, so a stored id says what it is. */
export const HASHED_CALLER_PREFIX = 'h:';

/**
 * HMAC-SHA256 of `callerId` under `key`, its first 128 bits in base64url behind `h:` (24 characters): collisions among
 * a city's callers are out of reach (2⁻⁶⁴ at four billion ids), and a short id keeps rows and messages small.
 *
 * @example
 * const key = Buffer.alloc(32, 7);
 * hashCaller(key, '13812345678') === hashCaller(key, '13812345678'); // => true
 * hashCaller(key, '13812345678').length; // => 24
 * hashCaller(key, '13812345678') === hashCaller(Buffer.alloc(32, 8), '13812345678'); // => false
 */
export function hashCaller(key: Uint8Array, callerId: string): string {
  const digest = createHmac('sha256', key).update(callerId, 'utf8').digest();
  return HASHED_CALLER_PREFIX + digest.subarray(0, 16).toString('base64url');
}

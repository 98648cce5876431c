// Callers as small integers for the windows' bookkeeping: a 30-bit FNV-1a hash of the caller key. It fits
// V8's small integers, so the last-seen map neither hashes strings nor allocates: at 5,000 reports a second
// a cell's windows see hundreds of thousands of callers a minute. Two callers of one cell sharing a hash
// inside a 180-minute window count once: at a city's real rate (tens of callers per cell-window) the odds are
// about 1e-7 per window; at 5,000 reports/s (≈160k callers per cell-window) distinct counts read ≈0.01 % low.

import { fnv1a } from '../fnv1a.ts';

/**
 * 30-bit FNV-1a over the UTF-16 code units of `caller`.
 * @example
 *   callerHash('c-a1e3085c') === callerHash('c-a1e3085c'); // => true
 *   callerHash('') === 0x011c9dc5; // the offset basis, cut to 30 bits
 */
export function callerHash(caller: string): number {
  return fnv1a(caller) & 0x3fffffff;
}

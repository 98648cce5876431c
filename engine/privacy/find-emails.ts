// Email addresses name their owner (zhangwei1988@163.com); found by walking out from each '@' rather than by one
// pattern over the whole text, which would rescan long runs of letters from every position.
import type { RedactedSpan } from './redact-text.ts';

/** Characters of the part before '@' (RFC 5322 dot-atom, the usual subset). */
const LOCAL = /[A-Za-z0-9._%+-]/;
/** Characters of the domain. */
const DOMAIN = /[A-Za-z0-9.-]/;
/** A domain with at least one dot, labels not starting or ending with '-', and a top-level label of letters. */
const DOMAIN_SHAPE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/;
/** RFC 5321 limits: 64 characters before '@', 255 after. */
const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;

/**
 * Email addresses in detector-form text (full-width ＠ already folded), as 'email' spans. Dots that end a sentence
 * or start the address are left outside it.
 *
 * @example
 * findEmails('邮箱 zhang.wei88@163.com。'); // => [{ kind: 'email', start: 3, end: 22 }]
 * findEmails('a@b 和 @某人'); // => []
 */
export function findEmails(text: string): RedactedSpan[] {
  const spans: RedactedSpan[] = [];
  let floor = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > floor && at - start < MAX_LOCAL && LOCAL.test(text[start - 1])) start--;
    while (start < at && text[start] === '.') start++;
    let end = at + 1;
    while (end < text.length && end - at <= MAX_DOMAIN && DOMAIN.test(text[end])) end++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    if (start === at || !DOMAIN_SHAPE.test(text.slice(at + 1, end))) continue;
    spans.push({ kind: 'email', start, end });
    floor = end;
  }
  return spans;
}

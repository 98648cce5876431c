// A licence plate names a car and, through the registry, its owner; the province character, the city letter and
// five or six characters make it, and requiring digits among them keeps words such as 川A出口 out.
import type { RedactedSpan } from './redact-text.ts';

/**
 * Province character, city letter, an optional separator (middle dot, dot, space), then five characters (six for
 * new-energy plates), or four and 警/学/挂 (police, learner, trailer). Not followed by a letter or digit: a longer
 * code is not a plate.
 */
const PLATE =
  /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Za-z][·•・. ]?(?:[A-Za-z0-9]{5,6}|[A-Za-z0-9]{4}[警学挂])(?![A-Za-z0-9])/g;
/** Plates carry at most two letters after the city letter (three on some new-energy ones): at least three digits. */
const MIN_DIGITS = 3;
const DIGIT = /\d/g;

/**
 * Chinese licence plates in detector-form text (full-width letters and Chinese digits already folded), as
 * 'plate' spans.
 *
 * @example
 * findPlates('川A·12345 停在消防通道，川AD12345 也是'); // => [{ kind: 'plate', start: 0, end: 8 }, { kind: 'plate', start: 16, end: 24 }]
 * findPlates('川A出口 往右'); // => []
 */
export function findPlates(text: string): RedactedSpan[] {
  const spans: RedactedSpan[] = [];
  for (const m of text.matchAll(PLATE)) {
    if ((m[0].match(DIGIT)?.length ?? 0) < MIN_DIGITS) continue;
    spans.push({ kind: 'plate', start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

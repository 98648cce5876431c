// Phones, resident IDs, bank cards and QQ numbers are all runs of digits, often split by spaces or dashes in any
// grouping; one reading of each run decides which of them a run (or a stretch of its groups) is, so the kinds
// never disagree over the same digits and a run costs time in proportion to its length.
import { SCRIPT_BREAK } from './digit-forms.ts';
import { luhnValid } from './luhn.ts';
import { type NumberCue, numberCueBefore } from './number-cue.ts';
import { isLandline, isLocalNumber, isMobile, isServiceNumber } from './phone-shapes.ts';
import type { RedactedSpan } from './redact-text.ts';
import { isResidentId15, isResidentId18 } from './resident-id.ts';

/**
 * A run of digits in detector form: an optional '+' or '(' first, then digits with at most three separators (space,
 * '-', '.', a script break) or a ')' between them, and an ID's final X. Each repetition takes at least one digit, so
 * the pattern cannot backtrack over its own input.
 */
const RUN = new RegExp(
  `(?:\\+|\\(\\+?)?\\d(?:(?:[ .${SCRIPT_BREAK}-]{1,3}|\\)[ -]?)?\\d)*(?:[Xx](?![A-Za-z0-9]))?`,
  'g',
);
/** The most digits a number found here has (a 19-digit card; 0086 + 12-digit landline is 16). */
const MAX_DIGITS = 19;
/**
 * The most groups a number is written in: a mobile spelled digit by digit after +86. Cards and IDs come in five
 * groups at most; the cap keeps a long run of single digits from being tried at every length up to 19.
 */
const MAX_GROUPS = 12;
const LETTER = /[A-Za-z]/;

/** A group of a run: digits (and an ID's X) with no separator inside. */
interface Group {
  readonly digits: string;
  readonly start: number;
  readonly end: number;
}

const GROUP = /[0-9Xx]+/g;

/** The groups of the run text[start, end). */
function groupsOf(text: string, start: number, end: number): Group[] {
  return Array.from(text.slice(start, end).matchAll(GROUP), (m) => ({
    digits: m[0],
    start: start + m.index,
    end: start + m.index + m[0].length,
  }));
}

/** How a candidate's digits were grouped in the text, as far as the number shapes care. */
interface Grouping {
  /** One block, or fours with a shorter last group: how cards are printed. */
  readonly fours: boolean;
  /** One block, or 3-4, 4-3, 4-4: how local phone numbers are written. */
  readonly local: boolean;
  /** Whether the candidate is the whole run. */
  readonly whole: boolean;
}

/**
 * What kind of personal number the digits are, or undefined. `cue` is the cue before the run when the candidate
 * starts with the run's first group (else none applies). Checks run from the most to the least certain, each only
 * at the lengths it can have.
 */
function classify(digits: string, grouping: Grouping, cue: NumberCue | undefined): RedactedSpan['kind'] | undefined {
  const { whole } = grouping;
  const n = digits.length;
  if (n === 18 && isResidentId18(digits, { checked: cue !== 'idcard' })) return 'idcard';
  const last = digits.charCodeAt(n - 1);
  if (last === 88 || last === 120) return undefined;
  if (cue === 'qq' && whole && n <= 11 && digits[0] !== '0') return 'qq';
  if (n >= 11 && n <= 15 && isMobile(digits)) return cue === 'wechat' ? 'wechat' : 'phone';
  if (cue === 'not-personal') return undefined;
  if (n >= 11 && n <= 16 && isLandline(digits)) return 'phone';
  if (n >= 16 && n <= 19) {
    if (cue === 'bankcard') return 'bankcard';
    if (digits[0] >= '3' && digits[0] <= '6' && grouping.fours && luhnValid(digits)) return 'bankcard';
  }
  if (cue === 'idcard' && whole && n === 15 && isResidentId15(digits)) return 'idcard';
  if (cue === 'phone' && whole && (n === 7 || n === 8) && grouping.local && isLocalNumber(digits)) return 'phone';
  return undefined;
}

/** The shortest number any kind has: a QQ number after its cue, a mobile or landline without one. */
const MIN_CUED_DIGITS = 5;
const MIN_DIGITS = 11;

/** A number found among a run's groups: its kind and its first and last group. */
interface Found {
  readonly kind: RedactedSpan['kind'];
  readonly first: number;
  readonly last: number;
}

/**
 * The numbers among `groups`, taking at each group the longest number that starts there. The groups before the
 * first number are then read again as a run of their own, as a second pass will read them once that number is a
 * placeholder: a cued QQ or local number there is the whole of that shorter run (QQ70000一九〇〇… keeps 70000 a
 * QQ number).
 */
function numbersIn(groups: readonly Group[], cue: NumberCue | undefined): Found[] {
  const runDigits = groups.map((g) => g.digits).join('');
  if (isServiceNumber(runDigits)) return [];
  /** offsets[g]: where group g starts in runDigits. */
  const offsets = [0];
  for (const g of groups) offsets.push(offsets[offsets.length - 1] + g.digits.length);
  const found: Found[] = [];
  for (let i = 0; i < groups.length; ) {
    let longest: Found | undefined;
    let foursSoFar = true;
    const cueKind = i === 0 ? cue : undefined;
    const shortest = cueKind === undefined ? MIN_DIGITS : MIN_CUED_DIGITS;
    const stop = Math.min(groups.length, i + MAX_GROUPS);
    for (let j = i; j < stop && offsets[j + 1] - offsets[i] <= MAX_DIGITS; j++) {
      const length = groups[j].digits.length;
      const fours = j === i || (foursSoFar && length <= 4);
      foursSoFar &&= length === 4;
      if (offsets[j + 1] - offsets[i] < shortest) continue;
      const grouping = {
        fours,
        local: j === i || (j === i + 1 && groups[i].digits.length >= 3 && length >= 3 && length <= 4),
        whole: i === 0 && j === groups.length - 1,
      };
      const kind = classify(runDigits.slice(offsets[i], offsets[j + 1]), grouping, cueKind);
      if (kind !== undefined) longest = { kind, first: i, last: j };
    }
    if (longest === undefined) i++;
    else {
      found.push(longest);
      i = longest.last + 1;
    }
  }
  if (found.length > 0 && found[0].first > 0) return [...numbersIn(groups.slice(0, found[0].first), cue), ...found];
  return found;
}

/**
 * Personal numbers in detector-form text (see digit-forms.ts), as spans into that text: mobiles and landlines
 * ('phone'; a mobile after a WeChat cue is 'wechat'), checksummed resident IDs, Luhn-valid bank cards ('idcard',
 * 'bankcard'), and, after their cue only, 7–8 digit local numbers, 15-digit IDs, QQ numbers and any 16–19 digit
 * card. Within each run of digits the longest number starting at each group is taken. A run touching a letter is
 * part of a code (SF1234567890123, JD…) unless the letters are its cue (QQ12345678, wx13812345678); a run that is a
 * public service number (12345, 95588, 400-800-8888) is left alone, and after an order, tracking, invoice, licence
 * or meter cue only mobiles and IDs are taken.
 *
 * @example
 * findNumbers('电话 028-8765 4321，卡号6222 0212 3456 7890 128'); // => [{ kind: 'phone', start: 3, end: 16 }, { kind: 'bankcard', start: 19, end: 42 }]
 */
export function findNumbers(text: string): RedactedSpan[] {
  const spans: RedactedSpan[] = [];
  for (const run of text.matchAll(RUN)) {
    // Most runs are times, amounts and counts, too short for any number kind: skip them before reading cues.
    if (run[0].length < MIN_CUED_DIGITS) continue;
    const start = run.index;
    const end = start + run[0].length;
    const cue = numberCueBefore(text, start);
    if (LETTER.test(text[end] ?? '') || (LETTER.test(text[start - 1] ?? '') && cue?.gap !== 0)) continue;
    const groups = groupsOf(text, start, end);
    for (const { kind, first, last } of numbersIn(groups, cue?.kind)) {
      const opensRun = first === 0 && (text[start] === '+' || (text[start] === '(' && last > 0));
      spans.push({ kind, start: opensRun ? start : groups[first].start, end: groups[last].end });
    }
  }
  return spans;
}

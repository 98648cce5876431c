// Phones, resident IDs, bank cards and QQ numbers are all runs of digits, often split by spaces or dashes in any
// grouping; one pass over the runs decides which of them a run (or a stretch of its groups) is, so no number is
// read twice and a run of digits costs time in proportion to its length.
import type { DigitForms } from './digit-forms.ts';
import { luhnValid } from './luhn.ts';
import { type NumberCue, numberCueBefore } from './number-cue.ts';
import { isLandline, isLocalNumber, isMobile, isServiceNumber } from './phone-shapes.ts';
import type { RedactedSpan } from './redact-text.ts';
import { isResidentId15, isResidentId18 } from './resident-id.ts';

/**
 * A run of digits in detector form: an optional '+' or '(' first, then digits with at most three separators (space,
 * '-', '.') or a ')' between them, and an ID's final X. Each repetition takes at least one digit, so the pattern
 * cannot backtrack over its own input.
 */
const RUN = /(?:\+|\(\+?)?\d(?:(?:[ .-]{1,3}|\)[ -]?)?\d)*(?:[Xx](?![A-Za-z0-9]))?/g;
/** The most digits a number found here has (a 19-digit card; 0086 + 12-digit landline is 16). */
const MAX_DIGITS = 19;
/**
 * The most groups a number is written in: a mobile spelled digit by digit after +86. Cards and IDs come in five
 * groups at most; the cap keeps a long run of single digits from being tried at every length up to 19.
 */
const MAX_GROUPS = 12;
const LETTER = /[A-Za-z]/;

/** A group of a run: digits written one way (all Arabic or all Chinese) with no separator inside. */
interface Group {
  readonly digits: string;
  readonly start: number;
  readonly end: number;
}

/** Split a run at separators and where digits written in Chinese meet Arabic ones. */
function groupsOf(forms: DigitForms, start: number, end: number): Group[] {
  const groups: Group[] = [];
  let from = -1;
  const close = (at: number) => {
    if (from >= 0) groups.push({ digits: forms.text.slice(from, at), start: from, end: at });
    from = -1;
  };
  for (let i = start; i < end; i++) {
    const c = forms.text.charCodeAt(i);
    const digit = (c >= 48 && c <= 57) || c === 88 || c === 120;
    if (!digit) close(i);
    else if (from < 0) from = i;
    else if (forms.hanDigits[i] !== forms.hanDigits[i - 1]) {
      close(i);
      from = i;
    }
  }
  close(end);
  return groups;
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
 * findNumbers(digitForms('电话 028-8765 4321，卡号6222 0212 3456 7890 128')); // => [{ kind: 'phone', start: 3, end: 16 }, { kind: 'bankcard', start: 19, end: 42 }]
 */
export function findNumbers(forms: DigitForms): RedactedSpan[] {
  const { text } = forms;
  const spans: RedactedSpan[] = [];
  for (const run of text.matchAll(RUN)) {
    const start = run.index;
    const end = start + run[0].length;
    const cue = numberCueBefore(text, start);
    if (LETTER.test(text[end] ?? '') || (LETTER.test(text[start - 1] ?? '') && cue?.gap !== 0)) continue;
    const groups = groupsOf(forms, start, end);
    const runDigits = groups.map((g) => g.digits).join('');
    if (isServiceNumber(runDigits)) continue;
    /** offsets[g]: where group g starts in runDigits. */
    const offsets = [0];
    for (const g of groups) offsets.push(offsets[offsets.length - 1] + g.digits.length);
    for (let i = 0; i < groups.length; ) {
      let found: { kind: RedactedSpan['kind']; last: number } | undefined;
      let foursSoFar = true;
      const cueKind = i === 0 ? cue?.kind : undefined;
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
        if (kind !== undefined) found = { kind, last: j };
      }
      if (found === undefined) {
        i++;
        continue;
      }
      const opensRun = i === 0 && (text[start] === '+' || (text[start] === '(' && found.last > 0));
      spans.push({ kind: found.kind, start: opensRun ? start : groups[i].start, end: groups[found.last].end });
      i = found.last + 1;
    }
  }
  return spans;
}

// Citizens write numbers as ０-９, 一三八, 幺两 or with zero-width characters between digits; detectors read one ASCII
// form, and the spans they find must still point into the text as it was written.

/** A text in the form detectors read, and for each of its characters the range it came from in the original. */
export interface DigitForms {
  /**
   * Digits in ASCII, full-width ASCII folded to half-width, dashes to '-', zero-width characters dropped, and
   * {@link SCRIPT_BREAK} between a digit written in Chinese and one written otherwise.
   */
  readonly text: string;
  /** starts[i]: offset in the original of the character that became `text[i]`. */
  readonly starts: readonly number[];
  /** ends[i]: offset in the original just past the character that became `text[i]` (= starts[i] for a break). */
  readonly ends: readonly number[];
}

/**
 * Put in the detector form (it is never in it otherwise: U+2063 INVISIBLE SEPARATOR is a zero-width character and
 * dropped) where digits written in Chinese meet digits written otherwise. There one number usually ends and a word
 * begins (电话13812345678一直打不通, +8620300000000两单元), and a detector that sees a boundary there reads the text
 * the same before and after the number next to it is replaced by a placeholder.
 */
export const SCRIPT_BREAK = '\u2063';

/** Digits as written in Chinese, including 幺 (one, read out in phone numbers) and 两 (two). */
const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  〇: '0',
  零: '0',
  一: '1',
  幺: '1',
  二: '2',
  两: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/** Characters that show nothing and only split a number so that a plain pattern misses it. */
const ZERO_WIDTH = [0x200b, 0x200c, 0x200d, 0x2060, 0x2063, 0xfeff];
/** Marks a code unit that is dropped in FORM (no character in detector form is U+FFFF, a noncharacter). */
const DROP = 0xffff;

/** The five styles of mathematical digits (bold, double-struck, sans-serif, sans bold, monospace): 𝟎 to 𝟿. */
const MATH_DIGITS_FIRST = 0x1d7ce;
const MATH_DIGITS_LAST = 0x1d7ff;

/** FORM[u]: the code unit that BMP code unit u becomes in detector form, or DROP. One lookup per character. */
const FORM = (() => {
  const form = new Uint16Array(0x10000).map((_, u) => u);
  for (let u = 0xff01; u <= 0xff5e; u++) form[u] = u - 0xfee0;
  form[0x3000] = 0x20;
  for (let u = 0x2010; u <= 0x2015; u++) form[u] = 0x2d;
  for (const [char, digit] of Object.entries(CHINESE_DIGITS)) form[char.charCodeAt(0)] = digit.charCodeAt(0);
  for (const u of ZERO_WIDTH) form[u] = DROP;
  return form;
})();

const BREAK_UNIT = SCRIPT_BREAK.charCodeAt(0);
const HAN_DIGIT_UNITS = new Set(Object.keys(CHINESE_DIGITS).map((char) => char.charCodeAt(0)));

/** Code units per String.fromCharCode call when the detector form is assembled (well under the argument limit). */
const CHUNK = 8192;

/**
 * `text` in detector form: every way of writing a digit becomes its ASCII digit (０-９, 〇零一二三四五六七八九幺两,
 * mathematical digits), full-width ASCII (ＱＱ, ＠, （, ：) becomes half-width, the ideographic space a space,
 * hyphens and dashes '-', zero-width characters are dropped, and a {@link SCRIPT_BREAK} goes between a digit written
 * in Chinese and one written otherwise. Each character remembers where it came from, so a range found in the
 * detector form maps back with {@link originalRange}.
 *
 * @example
 * digitForms('幺三８\u200b-一').text; // => '13\u20638-1'
 * digitForms('幺三８\u200b-一').starts; // => [0, 1, 2, 2, 4, 5]
 */
export function digitForms(text: string): DigitForms {
  // Plain arrays: for report-sized texts, allocating typed arrays costs more than all the rest.
  const units: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let lastScript = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let form = FORM[unit];
    let width = 1;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const code = text.codePointAt(i)!;
      if (code >= MATH_DIGITS_FIRST && code <= MATH_DIGITS_LAST) {
        form = 48 + ((code - MATH_DIGITS_FIRST) % 10);
        width = 2;
      }
    }
    if (form === DROP) continue;
    const written = form < 48 || form > 57 ? 0 : HAN_DIGIT_UNITS.has(unit) ? 1 : 2;
    if (written !== 0 && lastScript !== 0 && written !== lastScript) {
      units.push(BREAK_UNIT);
      starts.push(i);
      ends.push(i);
    }
    units.push(form);
    starts.push(i);
    ends.push(i + width);
    lastScript = written;
    i += width - 1;
  }
  const parts: string[] = [];
  for (let from = 0; from < units.length; from += CHUNK) {
    parts.push(String.fromCharCode.apply(null, units.slice(from, from + CHUNK)));
  }
  return { text: parts.join(''), starts, ends };
}

/**
 * The range of the original text that the detector-form range [start, end) was read from (end > start).
 *
 * @example
 * originalRange(digitForms('电话\u200b１３８'), 2, 5); // => { start: 3, end: 6 }
 */
export function originalRange(forms: DigitForms, start: number, end: number): { start: number; end: number } {
  return { start: forms.starts[start], end: forms.ends[end - 1] };
}

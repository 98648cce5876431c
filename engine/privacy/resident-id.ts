// What makes a run of digits a resident ID number: a real province prefix, a calendar birth date and, for the
// 18-character form, its check character. Order and meter numbers of the same length fail one of the three.
import { residentIdCheckChar } from './resident-id-checksum.ts';

/** First two digits of the administrative division code: provinces, Hong Kong, Macao, Taiwan. */
const PROVINCE = /^(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])/;
const SHAPE_18 = /^\d{17}[\dXx]$/;
const SHAPE_15 = /^\d{15}$/;

/** Whether year-month-day is a date on the Gregorian calendar between 1900 and 2099. */
function isBirthDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Whether `value` is an 18-character resident ID (GB 11643): 6-digit division code under a known province,
 * birth date YYYYMMDD, 3-digit sequence, and the check character (digit or X, either case). With
 * `checked: false` the check character may be any digit or X: a number a citizen labelled as an ID but mistyped
 * by one digit still identifies them.
 *
 * @example
 * isResidentId18('11010519491231002X'); // => true
 * isResidentId18('110105194912310021'); // => false
 * isResidentId18('110105194912310021', { checked: false }); // => true
 * isResidentId18('110105194902300021', { checked: false }); // => false (30 February)
 */
export function isResidentId18(value: string, { checked = true }: { checked?: boolean } = {}): boolean {
  if (!SHAPE_18.test(value) || !PROVINCE.test(value)) return false;
  if (!isBirthDate(Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14)))) return false;
  return !checked || residentIdCheckChar(value.slice(0, 17)) === value[17].toUpperCase();
}

/**
 * Whether `value` is a 15-digit resident ID of the pre-1999 form: 6-digit division code under a known province,
 * birth date YYMMDD in the 1900s, 3-digit sequence. It has no check digit, so callers accept it only after a cue.
 *
 * @example
 * isResidentId15('510104900307123'); // => true
 * isResidentId15('510104901307123'); // => false (month 13)
 */
export function isResidentId15(value: string): boolean {
  if (!SHAPE_15.test(value) || !PROVINCE.test(value)) return false;
  return isBirthDate(1900 + Number(value.slice(6, 8)), Number(value.slice(8, 10)), Number(value.slice(10, 12)));
}

// Which digit strings are personal phone numbers and which are the city's public service lines: a mobile or a
// landline with its area code identifies a caller, 12345 or 400-800-8888 identifies nobody.

/** Mainland mobile, with or without the country code (86, 0086; a '+' is not part of the digits). */
const MOBILE = /^(?:0086|86)?1[3-9]\d{9}$/;
/**
 * Landline with its area code: 010 or 02x followed by 8 digits, 0xxx followed by 7 or 8; local numbers never start
 * with 0 or 1. With the country code the area code loses its 0.
 */
const LANDLINE = /^(?:0|0086|86)(?:(?:10|2\d)[2-9]\d{7}|[3-9]\d{2}[2-9]\d{6,7})$/;
/** A local number without its area code: only taken as a phone after a cue such as 电话 or 座机. */
const LOCAL = /^[2-9]\d{6,7}$/;
/**
 * Public lines: emergency (110, 119, 120, 122), the 123xx government hotlines (12345, 12315, 12319...), 5-digit
 * 95xxx/96xxx company and utility lines, operators' 100xx, and 400/800 customer-service numbers.
 */
const SERVICE = /^(?:1[12]\d|12\d{3}|9[56]\d{3}|100\d{2}|[48]00\d{7})$/;

/**
 * Whether `digits` is a mainland mobile number (11 digits, 13x-19x), optionally after 86 or 0086.
 *
 * @example
 * isMobile('13812345678'); // => true
 * isMobile('8613812345678'); // => true
 * isMobile('12345678901'); // => false
 */
export function isMobile(digits: string): boolean {
  return MOBILE.test(digits);
}

/**
 * Whether `digits` is a landline number with its area code (028 87654321, 0838 1234567), optionally after 86/0086.
 *
 * @example
 * isLandline('02887654321'); // => true
 * isLandline('862887654321'); // => true
 * isLandline('4008008888'); // => false
 */
export function isLandline(digits: string): boolean {
  return LANDLINE.test(digits);
}

/**
 * Whether `digits` could be a local landline number written without its area code (7 or 8 digits).
 *
 * @example
 * isLocalNumber('87654321'); // => true
 * isLocalNumber('12345678'); // => false
 */
export function isLocalNumber(digits: string): boolean {
  return LOCAL.test(digits);
}

/**
 * Whether `digits` is a public service number that must stay readable.
 *
 * @example
 * isServiceNumber('12345'); // => true
 * isServiceNumber('95588'); // => true
 * isServiceNumber('4008008888'); // => true
 * isServiceNumber('13812345678'); // => false
 */
export function isServiceNumber(digits: string): boolean {
  return SERVICE.test(digits);
}

// The last character of an 18-character resident ID is a GB 11643 check character over the first 17 digits: a
// number that has it right is almost never a coincidence, so IDs are recognised without a cue.

/** GB 11643 weights of the first 17 digits (2^(17-i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** The check character for each remainder of the weighted sum mod 11. */
const CHECK_CHARS = '10X98765432';
const FIRST_17 = /^\d{17}$/;

/**
 * The GB 11643 check character ('0'-'9' or 'X') of the first 17 digits of a resident ID, or undefined when the
 * input is not exactly 17 ASCII digits.
 *
 * @example
 * residentIdCheckChar('11010519491231002'); // => 'X'
 * residentIdCheckChar('51010419900307123'); // => '7'
 * residentIdCheckChar('5101041990'); // => undefined
 */
export function residentIdCheckChar(first17: string): string | undefined {
  if (!FIRST_17.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

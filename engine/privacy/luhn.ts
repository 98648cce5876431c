// Bank card numbers end in a Luhn check digit; requiring it keeps most long numbers that are not cards (orders,
// meters, tracking) from being taken for one when no cue says "card".

const DIGITS = /^\d+$/;

/**
 * Whether a string of ASCII digits passes the Luhn (mod 10) check: doubling every second digit from the right,
 * summing the digits of the products and the other digits gives a multiple of 10. Anything that is not a
 * non-empty string of digits fails.
 *
 * @example
 * luhnValid('6222021234567890128'); // => true
 * luhnValid('6222021234567890127'); // => false
 * luhnValid('4111 1111'); // => false
 */
export function luhnValid(digits: string): boolean {
  if (!DIGITS.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

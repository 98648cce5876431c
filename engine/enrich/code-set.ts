// A set of UTF-16 code units (or of any 16-bit numbers, such as short hashes) as a bitset: hot loops test
// text.charCodeAt(i) against it instead of making a one-character string and hashing it into a Set.

export class CodeSet {
  private readonly bits = new Uint8Array(0x2000);

  /** The set of every code unit in `chars`. */
  constructor(chars = '') {
    for (let i = 0; i < chars.length; i++) this.add(chars.charCodeAt(i));
  }

  /** Add a 16-bit number. */
  add(code: number): void {
    this.bits[code >> 3] |= 1 << (code & 7);
  }

  /** Whether the code unit is in the set (callers keep their index inside the text). */
  has(code: number): boolean {
    return (this.bits[code >> 3] & (1 << (code & 7))) !== 0;
  }
}

// A set of UTF-16 code units as a bitset: hot loops test text.charCodeAt(i) against it instead of making a
// one-character string (a new string for every Chinese character) and hashing it into a Set.

export class CodeSet {
  private readonly bits = new Uint8Array(0x2000);

  /** The set of every code unit in `chars`. */
  constructor(chars: string) {
    for (let i = 0; i < chars.length; i++) {
      const code = chars.charCodeAt(i);
      this.bits[code >> 3] |= 1 << (code & 7);
    }
  }

  /** Whether the code unit is in the set (callers keep their index inside the text). */
  has(code: number): boolean {
    return (this.bits[code >> 3] & (1 << (code & 7))) !== 0;
  }
}

// A map from caller hashes (30-bit non-negative ints) to int32 values in two typed arrays. The windows look up,
// set and delete each caller of each closed minute in each window — millions of operations a minute at city
// rates — and a Map of numbers costs several times more per operation than open addressing in flat arrays.

const EMPTY = -1;

export class IntMap {
  private keys: Int32Array;
  private values: Int32Array;
  /** 32 - log2(capacity): a key's home slot is the top bits of its multiplicative hash. */
  private shift: number;
  private count = 0;

  constructor() {
    this.keys = new Int32Array(8).fill(EMPTY);
    this.values = new Int32Array(8);
    this.shift = 29;
  }

  get size(): number {
    return this.count;
  }

  /** The key's value, or `absent` when the key is not in the map. */
  get(key: number, absent: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = this.home(key); ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === key) return this.values[i];
      if (k === EMPTY) return absent;
    }
  }

  /**
   * Set the key (0 ≤ key < 2^31) to an int32 value; returns the value it had, or `absent`. One probe where a
   * get and a set took two: the windows read each caller's last minute and replace it at once.
   */
  exchange(key: number, value: number, absent: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = this.home(key); ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === key) {
        const previous = this.values[i];
        this.values[i] = value;
        return previous;
      }
      if (k === EMPTY) {
        keys[i] = key;
        this.values[i] = value;
        if (++this.count * 2 > keys.length) this.grow();
        return absent;
      }
    }
  }

  /** Remove the key; later keys of its probe run shift back into the gap, so lookups never need tombstones. */
  delete(key: number): boolean {
    const keys = this.keys;
    const mask = keys.length - 1;
    let gap = this.home(key);
    while (keys[gap] !== key) {
      if (keys[gap] === EMPTY) return false;
      gap = (gap + 1) & mask;
    }
    for (let j = (gap + 1) & mask; keys[j] !== EMPTY; j = (j + 1) & mask) {
      // The key at j may fill the gap unless its home lies cyclically in (gap, j].
      const home = this.home(keys[j]);
      const stays = gap < j ? home > gap && home <= j : home > gap || home <= j;
      if (stays) continue;
      keys[gap] = keys[j];
      this.values[gap] = this.values[j];
      gap = j;
    }
    keys[gap] = EMPTY;
    this.count--;
    return true;
  }

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2).fill(EMPTY);
    this.values = new Int32Array(keys.length * 2);
    this.shift--;
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) this.exchange(keys[i], values[i], EMPTY);
  }
}

// A set of strings in the order they were added: the report ids one deduplication generation has seen, and a
// busy minute's distinct callers per cell. At 5,000 reports/s a generation holds millions of ids, where a Set of
// strings costs several dependent cache misses per lookup; here a lookup reads one slot of a flat table (the
// string's hash beside its index) and compares strings only when the hashes agree.
import { fnv1a } from '../fnv1a.ts';

export class IdSet {
  private readonly ids: string[] = [];
  /** Slot s: [2s] the id's 32-bit hash, [2s + 1] its index in `ids` + 1 (0: empty). */
  private slots = new Int32Array(32);
  /** 32 - log2(slot count). */
  private shift = 28;

  constructor(ids: Iterable<string> = []) {
    for (const id of ids) this.add(id);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Whether the id is held; `hash` is its idHash, when the caller already has it (one hash for two generations). */
  has(id: string, hash = idHash(id)): boolean {
    return this.find(id, hash) < 0;
  }

  /** Add the id; false when it was already there. */
  add(id: string, hash = idHash(id)): boolean {
    const slot = this.find(id, hash);
    if (slot < 0) return false;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = this.ids.push(id);
    if (this.ids.length * 2 > this.slots.length >> 1) this.grow();
    return true;
  }

  /** The ids in the order they were added. */
  values(): string[] {
    return [...this.ids];
  }

  /** The same, not copied: read it before the next add. */
  view(): readonly string[] {
    return this.ids;
  }

  /** -1 when the id is present, else the empty slot where it would go. */
  private find(id: string, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let s = Math.imul(hash, 0x9e3779b1) >>> this.shift; ; s = (s + 1) & mask) {
      const index = slots[2 * s + 1];
      if (index === 0) return s;
      if (slots[2 * s] === hash && this.ids[index - 1] === id) return -1;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.shift--;
    const mask = (this.slots.length >> 1) - 1;
    for (let o = 0; o < old.length; o += 2) {
      if (old[o + 1] === 0) continue;
      let s = Math.imul(old[o], 0x9e3779b1) >>> this.shift;
      while (this.slots[2 * s + 1] !== 0) s = (s + 1) & mask;
      this.slots[2 * s] = old[o];
      this.slots[2 * s + 1] = old[o + 1];
    }
  }
}

/** The id's FNV-1a as an int32, as the slots hold it. */
export const idHash = (id: string): number => fnv1a(id) | 0;

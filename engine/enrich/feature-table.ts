// The topic model's features packed for the cache: one hash table whose slots hold a feature's two keys, its int8
// weights and a tag byte side by side, so looking a feature up and adding its weights touches a single cache line.
// (Enrichment runs beside jieba, whose dictionary evicts everything else from the CPU caches on every call.)
import { fnv1a } from '../fnv1a.ts';

const EMPTY = 0x7fffffff;
/** Features summed per round in sum(): 256 × 255 still fits a 16-bit half. */
const HALF_ROUND = 256;
/** Offset of the weights in a slot (4-aligned, so they are summed four at a time); the tag follows them. */
const WEIGHTS = 8;

export class FeatureTable {
  /** Slot bytes: keys at 0 and 4 (int32), k weights from 8 (int8), then the tag. */
  readonly bytes: Int8Array;
  /** Bytes per slot: a power of two ≥ 32 with room for the weights and the tag. */
  readonly slotBytes: number;
  private readonly ints: Int32Array;
  private readonly mask: number;
  /** log2(slotBytes / 4): slot index → int32 index. */
  private readonly shift: number;
  private readonly names: string[] = [];
  /** One bit per hash of the stored keys (a one-hash Bloom filter): most absent features are rejected here,
   * in a few kilobytes that stay in cache, without touching the table. */
  private readonly present: Uint8Array;
  private readonly presentMask: number;
  /** Groups of 16 topics that sum() adds at a time. */
  private readonly groups: number;

  /** Room for `capacity` features of `k` weights each, at a load factor of at most one half. */
  constructor(
    capacity: number,
    readonly k: number,
  ) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    let slotBytes = 32;
    this.groups = (k + 15) >> 4;
    // the weights and the tag, read in groups of 16
    while (slotBytes < WEIGHTS + Math.max(k + 1, 16 * this.groups)) slotBytes *= 2;
    this.slotBytes = slotBytes;
    this.shift = Math.log2(slotBytes) - 2;
    const buffer = new ArrayBuffer(slots * slotBytes);
    this.bytes = new Int8Array(buffer);
    this.ints = new Int32Array(buffer);
    for (let s = 0; s < slots; s++) this.ints[(s * slotBytes) >> 2] = EMPTY;
    this.mask = slots - 1;
    this.present = new Uint8Array(slots * 2); // 16 bits per slot, ≥ 32 per feature: about 3% false positives
    this.presentMask = slots * 16 - 1;
  }

  /**
   * Add a feature (keys: any ints but 0x7fffffff as key1) with integer weights in [-128, 127] and a tag in
   * [0, 127] that the caller reads back with the weights; returns the weights' offset.
   */
  insert(key1: number, key2: number, weights: readonly number[], name: string, tag: number): number {
    let s = slotOf(key1, key2, this.mask);
    while (this.ints[(s * this.slotBytes) >> 2] !== EMPTY) s = (s + 1) & this.mask;
    const at = s * this.slotBytes;
    this.ints[at >> 2] = key1;
    this.ints[(at >> 2) + 1] = key2;
    this.bytes[at + WEIGHTS + this.k] = tag;
    for (let j = 0; j < this.k; j++) this.bytes[at + WEIGHTS + j] = weights[j];
    this.names[s] = name;
    const bit = bloomBit(key1, this.presentMask);
    this.present[bit >> 3] |= 1 << (bit & 7);
    return at + WEIGHTS;
  }

  /** Offset of the feature's weights in `bytes`, or -1. */
  find(key1: number, key2: number): number {
    return this.mayHold(key1) ? this.probe(key1, key2) : -1;
  }

  /**
   * Offset of a word feature's weights (keys from wordKey1 and wordKey2), or -1; the second key is hashed only when the
   * filter lets the first through.
   */
  findWord(word: string): number {
    const key1 = wordKey1(word);
    return this.mayHold(key1) ? this.probe(key1, wordKey2(word)) : -1;
  }

  /** Length of the `sums` array that sum() fills: k rounded up to whole groups of 16 topics. */
  get sumsLength(): number {
    return this.groups * 16;
  }

  /**
   * Sum the weights of the features at `n` weight offsets into `sums` (length sumsLength; the lanes past k hold
   * nothing meaningful). Reads four int8 weights per int32 (little-endian, as V8 runs everywhere) and adds them two
   * at a time, each weight + 128 in a 16-bit half of an int32: sixteen topics in eight local sums, 256 features a
   * round.
   */
  sum(offsets: Int32Array, n: number, sums: Int32Array): void {
    const ints = this.ints;
    sums.fill(0);
    for (let g = 0; g < this.groups; g++) {
      for (let start = 0; start < n; start += HALF_ROUND) {
        const end = Math.min(n, start + HALF_ROUND);
        let h0 = 0,
          h1 = 0,
          h2 = 0,
          h3 = 0,
          h4 = 0,
          h5 = 0,
          h6 = 0,
          h7 = 0;
        for (let i = start; i < end; i++) {
          const b = (offsets[i] >> 2) + 4 * g;
          const w0 = ints[b] ^ 0x80808080; // each int8 w becomes the byte w + 128
          const w1 = ints[b + 1] ^ 0x80808080;
          const w2 = ints[b + 2] ^ 0x80808080;
          const w3 = ints[b + 3] ^ 0x80808080;
          h0 = (h0 + (w0 & 0x00ff00ff)) | 0;
          h1 = (h1 + ((w0 >>> 8) & 0x00ff00ff)) | 0;
          h2 = (h2 + (w1 & 0x00ff00ff)) | 0;
          h3 = (h3 + ((w1 >>> 8) & 0x00ff00ff)) | 0;
          h4 = (h4 + (w2 & 0x00ff00ff)) | 0;
          h5 = (h5 + ((w2 >>> 8) & 0x00ff00ff)) | 0;
          h6 = (h6 + (w3 & 0x00ff00ff)) | 0;
          h7 = (h7 + ((w3 >>> 8) & 0x00ff00ff)) | 0;
        }
        const o = 16 * g;
        const offset = 128 * (end - start);
        unpackHalves(sums, o, h0, h1, offset);
        unpackHalves(sums, o + 4, h2, h3, offset);
        unpackHalves(sums, o + 8, h4, h5, offset);
        unpackHalves(sums, o + 12, h6, h7, offset);
      }
    }
  }

  /** Whether a feature with this first key may be stored (false: certainly not). */
  private mayHold(key1: number): boolean {
    const bit = bloomBit(key1, this.presentMask);
    return (this.present[bit >> 3] & (1 << (bit & 7))) !== 0;
  }

  private probe(key1: number, key2: number): number {
    const ints = this.ints;
    const shift = this.shift;
    let s = slotOf(key1, key2, this.mask);
    for (;;) {
      const i = s << shift;
      const k1 = ints[i];
      if (k1 === key1 && ints[i + 1] === key2) return (i << 2) + WEIGHTS;
      if (k1 === EMPTY) return -1;
      s = (s + 1) & this.mask;
    }
  }

  /** Add another feature's weights into this one's (clamped to int8). */
  addInto(target: number, source: number): void {
    for (let j = 0; j < this.k; j++)
      this.bytes[target + j] = Math.max(-128, Math.min(127, this.bytes[target + j] + this.bytes[source + j]));
  }

  /** The tag stored with the feature at a weights offset. */
  tag(offset: number): number {
    return this.bytes[offset + this.k];
  }

  /** The feature at a weights offset, as the model file names it. */
  name(offset: number): string {
    return this.names[(offset - WEIGHTS) / this.slotBytes];
  }
}

/** Add four topics' sums held as 16-bit halves (even: topics 0 and 2, odd: 1 and 3, each + offset) at sums[at…]. */
function unpackHalves(sums: Int32Array, at: number, even: number, odd: number, offset: number): void {
  sums[at] += (even & 0xffff) - offset;
  sums[at + 1] += (odd & 0xffff) - offset;
  sums[at + 2] += (even >>> 16) - offset;
  sums[at + 3] += (odd >>> 16) - offset;
}

const bloomBit = (key1: number, mask: number) => (Math.imul(key1, 0x85ebca6b) >>> 7) & mask;
const slotOf = (key1: number, key2: number, mask: number) =>
  (Math.imul(key1 ^ Math.imul(key2, 0x85ebca6b), 0x9e3779b1) >>> 12) & mask;

/** First key of a word: FNV-1a of its code units, even, so never the empty marker. */
export function wordKey1(word: string): number {
  return fnv1a(word) & 0x7ffffffe;
}

/**
 * Second key of a word: an independent multiplicative hash, positive and odd (bigram and character keys are negative).
 */
export function wordKey2(word: string): number {
  let h = 0x27d4eb2f;
  for (let i = 0; i < word.length; i++) h = Math.imul(h + word.charCodeAt(i), 0x165667b1) ^ (h >>> 15);
  return (h & 0x7fffffff) | 1;
}

// MinHash signatures of report texts over character-bigram shingles: the share of equal signature slots estimates
// the Jaccard similarity of two texts, so near-duplicates ("the same complaint, told again") are found cheaply.

/** Signature length: 32 slots estimate a Jaccard similarity to about ±0.09. */
export const SIGNATURE_SLOTS = 32;

const SEEDS = Array.from({ length: SIGNATURE_SLOTS }, (_, i) => [
  Math.imul(i + 1, 0x9e3779b1) | 1,
  Math.imul(i + 7, 0x85ebca6b),
]);
const SKIPPED = /[\s，。、；：！？,.;:!?（）()【】“”"'《》·—-]/;

/** The MinHash signature of a text: per slot, the smallest hash of any of its two-character shingles. */
export function minhash(text: string): number[] {
  const signature = new Array<number>(SIGNATURE_SLOTS).fill(0x7fffffff);
  let prev = -1;
  for (const ch of text) {
    if (SKIPPED.test(ch)) {
      prev = -1;
      continue;
    }
    const code = ch.codePointAt(0)!;
    if (prev >= 0) {
      const shingle = Math.imul(prev, 0x10001) ^ code;
      for (let i = 0; i < SIGNATURE_SLOTS; i++) {
        const h = (Math.imul(shingle, SEEDS[i][0]) + SEEDS[i][1]) >>> 1;
        if (h < signature[i]) signature[i] = h;
      }
    }
    prev = code;
  }
  return signature;
}

/** Estimated Jaccard similarity of the texts behind two signatures (0…1). */
export function similarity(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SLOTS; i++) if (a[i] === b[i] && a[i] !== 0x7fffffff) same += 1;
  return same / SIGNATURE_SLOTS;
}

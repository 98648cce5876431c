// Report texts of an alert with near-duplicates grouped ("the same complaint, told again"), so a person reads each
// distinct complaint once with how often it came. Similarity is the incident tracker's MinHash estimate.
import { minhash, similarity } from '../incidents/minhash.ts';

/** Estimated Jaccard similarity of character bigrams from which two texts count as the same complaint. */
export const NEAR_DUPLICATE_SIMILARITY = 0.5;

export interface TextGroup<T> {
  /** The group's first item in the given order: the text shown. */
  readonly first: T;
  /** Every item of the group, the first included, in the given order. */
  readonly members: T[];
}

/**
 * Greedy grouping in the given order: an item joins the first group whose first text is similar enough, else starts
 * one. Groups come largest first (ties in order of appearance).
 */
export function groupNearDuplicates<T extends { readonly text: string }>(
  items: readonly T[],
  threshold = NEAR_DUPLICATE_SIMILARITY,
): TextGroup<T>[] {
  const groups: Array<TextGroup<T> & { signature: number[] }> = [];
  for (const item of items) {
    const signature = minhash(item.text);
    const home = groups.find((g) => similarity(g.signature, signature) >= threshold);
    if (home) home.members.push(item);
    else groups.push({ first: item, members: [item], signature });
  }
  return groups
    .map(({ first, members }, order) => ({ first, members, order }))
    .sort((a, b) => b.members.length - a.members.length || a.order - b.order)
    .map(({ first, members }) => ({ first, members }));
}

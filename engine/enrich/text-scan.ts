// One pass over a text for several phrase matchers at once (enrichment reads each report for district names,
// place suffixes, urgency words and crowd words): a position where none of them can start a phrase is passed
// over once, not once per matcher.
import type { PhraseHit, PhraseMatcher } from './phrase-matcher.ts';

/** The hits of each matcher in a tuple of matchers, in the same order. */
export type HitsOf<M extends readonly PhraseMatcher<unknown>[]> = {
  -readonly [K in keyof M]: M[K] extends PhraseMatcher<infer T> ? PhraseHit<T>[] : never;
};

export class TextScan<M extends readonly PhraseMatcher<unknown>[]> {
  /** Per code unit, bit m set when matcher m has a phrase starting with it (64 KB; a text touches a few lines). */
  private readonly starters = new Uint8Array(0x10000);

  constructor(private readonly matchers: M) {
    if (matchers.length > 8) throw new RangeError('TextScan: at most 8 matchers (one bit each in a byte)');
    for (const [i, m] of matchers.entries()) m.markStarts(this.starters, 1 << i);
  }

  /** What each matcher's scan() finds in the text (the same hits: longest first, non-overlapping per matcher). */
  scan(text: string): HitsOf<M> {
    const matchers = this.matchers;
    const hits: PhraseHit<unknown>[][] = matchers.map(() => []);
    /** Per matcher, the first position after its last hit: its own scan would jump there. */
    const resume: number[] = matchers.map(() => 0);
    for (let i = 0; i < text.length; i++) {
      const which = this.starters[text.charCodeAt(i)];
      if (which === 0) continue;
      for (let m = 0; m < matchers.length; m++) {
        if ((which & (1 << m)) === 0 || i < resume[m]) continue;
        const found = matchers[m].longestAt(text, i);
        if (found === undefined) continue;
        hits[m].push({ text: found.text, value: found.value, at: i });
        resume[m] = i + found.text.length;
      }
    }
    return hits as HitsOf<M>;
  }
}

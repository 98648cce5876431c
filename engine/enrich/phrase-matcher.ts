// Finds known phrases in a text by longest match at each position: a first-character index, no regex, no allocation per
// miss.
import { CodeSet } from './code-set.ts';

/** One phrase the matcher knows, with whatever the caller attaches to it. */
export interface Phrase<T> {
  readonly text: string;
  readonly value: T;
}

/** A phrase found in a text, at its character offset. */
export interface PhraseHit<T> {
  readonly text: string;
  readonly value: T;
  readonly at: number;
}

/**
 * Scans left to right; at each position the longest known phrase wins and the scan jumps past it,
 * so 天府大道 hides the 天府 inside it and 龙泉驿区 is one hit, not 龙泉驿 plus 区.
 */
export class PhraseMatcher<T> {
  /** Phrases by their first UTF-16 code unit, longest first; an array indexed by code is faster than a Map. */
  private readonly byFirst: Array<Candidate<T>[] | undefined> = new Array(0x10000);
  /** The code units that start a phrase: most characters start none, and 8 KB stays in cache. */
  private readonly starts = new CodeSet();
  /** The code units that are a phrase by themselves. */
  private readonly singles = new CodeSet();
  /** 16-bit hashes of the first two code units of each longer phrase: a common first character (天, 新, 大)
   * followed by a second that begins no phrase is passed over without walking its candidates. */
  private readonly pairs = new CodeSet();

  constructor(phrases: Iterable<Phrase<T>>) {
    for (const p of phrases) {
      if (p.text.length === 0) continue;
      const code = p.text.charCodeAt(0);
      const list = (this.byFirst[code] ??= []);
      this.starts.add(code);
      if (p.text.length === 1) this.singles.add(code);
      else this.pairs.add(pairHash(code, p.text.charCodeAt(1)));
      if (!list.some((q) => q.phrase.text === p.text))
        list.push({ phrase: p, second: p.text.length > 1 ? p.text.charCodeAt(1) : -1 });
    }
    for (const list of this.byFirst) list?.sort((a, b) => b.phrase.text.length - a.phrase.text.length);
  }

  /** Every non-overlapping longest hit, in text order. */
  scan(text: string): PhraseHit<T>[] {
    const hits: PhraseHit<T>[] = [];
    let i = 0;
    while (i < text.length) {
      const found = this.longestAt(text, i);
      if (found) {
        hits.push({ text: found.text, value: found.value, at: i });
        i += found.text.length;
      } else i += 1;
    }
    return hits;
  }

  /** OR `mark` into the entries of a table indexed by code unit (0x10000 entries) where a phrase starts. */
  markStarts(table: Uint8Array, mark: number): void {
    for (let code = 0; code < 0x10000; code++) if (this.starts.has(code)) table[code] |= mark;
  }

  /** The longest known phrase starting exactly at `at`, if any. */
  longestAt(text: string, at: number): Phrase<T> | undefined {
    const code = text.charCodeAt(at);
    if (!this.starts.has(code)) return undefined;
    const second = text.charCodeAt(at + 1);
    if (!this.pairs.has(pairHash(code, second)) && !this.singles.has(code)) return undefined;
    const list = this.byFirst[code]!;
    for (const c of list) {
      if (c.second < 0) return c.phrase;
      if (c.second === second && text.startsWith(c.phrase.text, at)) return c.phrase;
    }
    return undefined;
  }
}

/** A 16-bit hash of two code units for the pair filter (the second may be NaN past the end of the text: read as 0).
 * 65,536 values: a percent or two of false passes for a thousand phrases. */
const pairHash = (first: number, second: number) =>
  (Math.imul(first, 0x9e3779b1) ^ Math.imul(second | 0, 0x85ebca6b)) >>> 16;

/** A phrase with its second code unit (-1 for one character), compared before the whole phrase is. */
interface Candidate<T> {
  readonly phrase: Phrase<T>;
  readonly second: number;
}

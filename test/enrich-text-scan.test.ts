// TextScan: one pass gives each matcher exactly the hits its own scan() would, overlaps between matchers included.
import { describe, expect, it } from 'vitest';
import { readEvalSet } from '../engine/enrich/evaluate-text.ts';
import { Gazetteer } from '../engine/enrich/gazetteer.ts';
import { PhraseMatcher } from '../engine/enrich/phrase-matcher.ts';
import { placeSuffixes } from '../engine/enrich/place-phrases.ts';
import { TextScan } from '../engine/enrich/text-scan.ts';
import { crowdWords, urgencyWords } from '../engine/enrich/urgency.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';

describe('TextScan', () => {
  it('finds what each matcher finds alone when their phrases overlap', () => {
    const a = new PhraseMatcher([
      { text: '很多人', value: 'crowd' },
      { text: '多人', value: 'short' },
    ]);
    const b = new PhraseMatcher([
      { text: '人死了', value: 'death' },
      { text: '死', value: 'one' },
    ]);
    const scan = new TextScan([a, b] as const);
    for (const text of ['很多人死了', '多人死了死', '', '没有', '人死了很多人']) {
      expect(scan.scan(text), text).toEqual([a.scan(text), b.scan(text)]);
    }
    expect(scan.scan('很多人死了')[1].map((h) => [h.text, h.at])).toEqual([['人死了', 2]]);
  });

  it('agrees with the four scans enrichment used to make, on every text of the evaluation set', () => {
    const gazetteer = new Gazetteer(loadProfile('chengdu'));
    const matchers = [gazetteer.matcher, placeSuffixes, urgencyWords, crowdWords] as const;
    const scan = new TextScan(matchers);
    let hits = 0;
    for (const { text } of readEvalSet()) {
      const one = scan.scan(text);
      expect(one).toEqual(matchers.map((m) => m.scan(text)));
      hits += one.flat().length;
    }
    expect(hits).toBeGreaterThan(500);
  });
});

// Chinese word segmentation with @node-rs/jieba plus a custom dictionary (district names, landmarks, place
// suffixes, topic words), so 天府新区, 龙泉驿区 and 物业费 come out as single words.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

// jieba (a native module) and its dictionary are loaded at the first segmenter, not on import: a command that
// only prints its help must not read the dictionary (`@node-rs/jieba/dict.js` reads it, and idf.txt, on import).
const require = createRequire(import.meta.url);

/** Dictionary weight of custom words: high enough that 天府大道 beats 天府 + 大道, as jieba scores paths by frequency. */
const CUSTOM_FREQ = 2000;
/** HMM guesses words jieba's dictionary lacks; off, segmentation is dictionary-only and a little faster. */
export const USE_HMM = false;

const loaded = new Map<string, Jieba>();

/** A jieba instance with the given custom words; instances are shared per word list (loading costs ~250 ms). */
export function createSegmenter(customWords: Iterable<string>): Segmenter {
  const words = [...new Set(customWords)].filter((w) => w.length > 0 && !/\s/.test(w)).sort();
  const key = words.join('\n');
  let jieba = loaded.get(key);
  if (!jieba) {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    jieba = JiebaClass.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
    jieba.loadDict(Buffer.from(words.map((w) => `${w} ${CUSTOM_FREQ} n`).join('\n')));
    loaded.set(key, jieba);
  }
  return new Segmenter(jieba);
}

export class Segmenter {
  constructor(private readonly jieba: Jieba) {}

  /** The words of a text, punctuation included (callers filter). */
  cut(text: string): string[] {
    return this.jieba.cut(text, USE_HMM);
  }
}

// The classifier's view of a text: jieba words (minus function words and punctuation), CJK characters and
// character bigrams. Training names features as strings; prediction looks them up in the model's table by
// integer keys, in one loop kept in this module (tsx turns calls across modules into getter calls).
import type { FeatureTable } from './feature-table.ts';

const CJK_FIRST = 0x4e00;
const CJK_LAST = 0x9fff;
/** How many CJK character keys there are (charKey returns 0 … CJK_SPAN - 1). */
export const CJK_SPAN = CJK_LAST - CJK_FIRST + 1;

/** Second keys that mark bigram and character features in the table (word second keys are positive). */
export const BIGRAM = -1;
export const CHAR = -2;

/** Words too common to say anything about the topic. */
const STOPWORDS = new Set(
  (
    '的 了 是 我 在 有 也 就 都 还 很 太 和 与 及 吗 呢 吧 啊 嘛 呀 这 那 一 个 们 你 他 她 它 说 要 会 能 被 把 给 让 对 ' +
    '到 从 又 再 就是 这个 那个 我们 他们 你们 一个 已经 现在 什么 怎么 还是 但是 因为 所以 如果 可以 这样 一直 非常 请问 你好 谢谢'
  ).split(' '),
);

const isCjk = (code: number) => code >= CJK_FIRST && code <= CJK_LAST;

/** Whether a jieba token is a content word worth a feature. */
export function isContentWord(token: string): boolean {
  if (STOPWORDS.has(token)) return false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (isCjk(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  }
  return false;
}

/** Index of the CJK character at i (0…20991), or -1 for anything else. */
export function charKey(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return isCjk(c) ? c - CJK_FIRST : -1;
}

/** Key of a pair of character keys (each from charKey, ≥ 0). */
export const pairKey = (a: number, b: number): number => a * CJK_SPAN + b;

/** Key of the CJK character pair at i, i+1 (a non-negative int below 2^29), or -1. */
export function bigramKey(text: string, i: number): number {
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  return isCjk(a) && isCjk(b) ? pairKey(a - CJK_FIRST, b - CJK_FIRST) : -1;
}

/** Feature names of one text, as training and the model file spell them: w:电梯, u:电, c:电梯. */
export function featureNames(tokens: readonly string[], text: string): string[] {
  const names: string[] = [];
  for (const t of tokens) if (isContentWord(t)) names.push(`w:${t}`);
  for (let i = 0; i < text.length; i++) if (charKey(text, i) >= 0) names.push(`u:${text[i]}`);
  for (let i = 0; i + 1 < text.length; i++) if (bigramKey(text, i) >= 0) names.push(`c:${text.slice(i, i + 2)}`);
  return names;
}

/**
 * Weight offsets of a text's features in the model's table, written into `found` (up to its length): its words,
 * then per character its bigram with the next one, or the character alone when that bigram is unknown (the
 * table's bigrams carry their first character's weights). `charAt` maps a character key to its feature's
 * offset, or -1 (a dense array: characters are looked up without hashing). Returns how many were found, and
 * writes into `pairs` how many CJK character pairs the text has (pairs[0]) and how many of them the table knows
 * (pairs[1]): how familiar the text is to the model.
 */
export function findFeatures(
  table: FeatureTable,
  charAt: Int32Array,
  tokens: readonly string[],
  text: string,
  found: Int32Array,
  pairs: Int32Array,
): number {
  pairs[0] = 0;
  pairs[1] = 0;
  let n = 0;
  for (let i = 0; i < tokens.length && n < found.length; i++) {
    const at = table.findWord(tokens[i]);
    if (at >= 0) found[n++] = at;
  }
  let next = text.length > 0 ? charKey(text, 0) : -1;
  for (let i = 0; i < text.length && n < found.length; i++) {
    const c = next;
    next = i + 1 < text.length ? charKey(text, i + 1) : -1;
    if (c < 0) continue;
    const at = next < 0 ? -1 : table.find(pairKey(c, next), BIGRAM);
    if (next >= 0) {
      pairs[0] += 1;
      if (at >= 0) pairs[1] += 1;
    }
    const one = at >= 0 ? at : charAt[c];
    if (one >= 0) found[n++] = one;
  }
  return n;
}

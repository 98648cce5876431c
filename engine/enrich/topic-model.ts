// A trained linear topic model (softmax regression over words, characters and character bigrams): the file
// format, loading, and a fast prediction that returns the best topic, its calibrated probability, the evidence
// and how familiar the text is.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ProfileError } from '../errors.ts';
import { FeatureTable, wordKey1, wordKey2 } from './feature-table.ts';
import { BIGRAM, CHAR, CJK_SPAN, bigramKey, charKey, findFeatures } from './topic-features.ts';

export const MODEL_FORMAT = 'lizheng-topic-model/2';
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('./model/topic-model.json', import.meta.url));

/** The model file: weights per feature, one column per topic. */
export interface TopicModelFile {
  format: typeof MODEL_FORMAT;
  topics: string[];
  /** How it was made: corpus size, seed, epochs… (for the record, not used at prediction). */
  training: Record<string, unknown>;
  /** Weights are integers in [-128, 127]; divide by scale for the real weight. */
  scale: number;
  bias: number[];
  /**
   * Logits are divided by this before the softmax: fitted on texts held out of training (temperature scaling), so a
   * confidence of 0.8 is right about 80 % of the time. 1 when absent.
   */
  temperature?: number;
  /**
   * After the temperature, the best topic's probability p is reported as sigmoid(slope · logit(p) + intercept):
   * fitted on the same held-out answers (Platt scaling, engine/stats/platt-scaling.ts), for a model that one
   * temperature cannot calibrate, over-sure at the top and unsure below. Absent (files before it): slope 1,
   * intercept 0, p as it is.
   */
  confidenceMap?: { slope: number; intercept: number };
  /**
   * A text longer than this many characters has its summed weights multiplied by sqrt(lengthNorm / length), as in
   * training, so a long letter's score does not grow with every sentence it adds. Absent: no such scaling.
   */
  lengthNorm?: number;
  /**
   * Share of a text's CJK character pairs the model knows below which the text is unfamiliar (out of domain): the
   * low tail of that share on texts held out of training. Absent: the enricher's default.
   */
  coverageFloor?: number;
  /**
   * A second, binary linear model over the same features: how much a text reads as no request at all (praise, a
   * question about policy, a tourism tip, an advert…) rather than a complaint, which the topic weights cannot tell
   * since such texts use the topics' words. `features` names features as training does (w:词, u:字, c:字对), each
   * one of the model's; weights in units of 1/scale. Absent (files before it): no such check, coverage alone.
   */
  outOfDomain?: { bias: number; features: Record<string, number> };
  /** jieba word → weights per topic. */
  words: Record<string, number[]>;
  /** One CJK character → weights per topic. */
  chars: Record<string, number[]>;
  /** Two CJK characters → weights per topic. */
  bigrams: Record<string, number[]>;
}

/** The model's answer for one text. */
export interface TopicScore {
  /** Index of the most probable topic in `topics`. */
  readonly best: number;
  /** Its probability, calibrated by the model's temperature and confidence map. */
  readonly probability: number;
  /** Share of the text's CJK character pairs the model knows (0 when it has none): low for unfamiliar text. */
  readonly coverage: number;
  /** Probability that the text is no request at all (the outOfDomain model; 0 when the file has none). */
  readonly outOfDomain: number;
  /** Up to three features that weighed most for it: words first, then bigrams, then characters. */
  readonly evidence: string[];
}

/** Tags of features as evidence, in order of preference: words, bigrams, characters, and those no one can read. */
const WORD_EVIDENCE = 0;
const BIGRAM_EVIDENCE = 1;
const CHAR_EVIDENCE = 2;
const NO_EVIDENCE = 3;
const MAX_FEATURES = 4096;
/** Score gaps (in units of 1/scale) whose softmax term is looked up rather than computed. */
const EXP_TABLE = 4096;
/** Characters that make a character or bigram feature meaningless as evidence. */
const FUNCTION_CHARS = /[的了是在我你他她它们这那有和就都也还又很吗呢吧啊着过把被给让对到从]/;

export class TopicModel {
  readonly topics: readonly string[];
  /** Logits are divided by this before the softmax (1: as trained). */
  readonly temperature: number;
  /** The map from the best topic's probability to the confidence reported (see TopicModelFile.confidenceMap). */
  readonly confidenceMap: { readonly slope: number; readonly intercept: number };
  /** Coverage below which the text is out of the model's domain, as training measured it; null when not measured. */
  readonly coverageFloor: number | null;
  /** Whether the file carries the out-of-domain model (its weights are the table's column k). */
  readonly hasOutOfDomain: boolean;
  /** The out-of-domain model's bias, in units of 1/scale. */
  private readonly outOfDomainBias: number;
  /** Characters beyond which the summed weights are scaled down (Infinity: never). */
  private readonly lengthNorm: number;
  /** The current text's weight scale (see lengthNorm). */
  private factor = 1;
  private readonly k: number;
  private readonly scale: number;
  private readonly bias: Float64Array;
  private readonly table: FeatureTable;
  /** Weights offset of each CJK character's feature, or -1. */
  private readonly charAt = new Int32Array(CJK_SPAN).fill(-1);
  /** exp(-d / scale) for whole d below EXP_TABLE: the softmax's terms without calling Math.exp. */
  private readonly expTable: Float64Array;
  /** Weight offsets of the current text's features (reused buffer). */
  private readonly found = new Int32Array(MAX_FEATURES);
  /** The current text's summed weights per topic (reused buffer). */
  private readonly sums: Int32Array;
  /** The current text's CJK character pairs and how many of them the model knows (reused buffer). */
  private readonly pairs = new Int32Array(2);

  constructor(file: TopicModelFile) {
    if (file.format !== MODEL_FORMAT)
      throw new ProfileError(`topic model: format ${JSON.stringify(file.format)} is not ${MODEL_FORMAT}`);
    this.topics = file.topics;
    this.k = file.topics.length;
    this.temperature = file.temperature ?? 1;
    if (!(this.temperature > 0)) throw new ProfileError(`topic model: temperature ${file.temperature} is not positive`);
    this.coverageFloor = file.coverageFloor ?? null;
    this.confidenceMap = file.confidenceMap ?? { slope: 1, intercept: 0 };
    this.lengthNorm = file.lengthNorm ?? Number.POSITIVE_INFINITY;
    // Scores are in units of 1/scale; dividing by the temperature too makes the table give calibrated terms.
    this.scale = file.scale * this.temperature;
    this.bias = Float64Array.from(file.bias);
    this.expTable = Float64Array.from({ length: EXP_TABLE }, (_, d) => Math.exp(-d / this.scale));
    const size = Object.keys(file.words).length + Object.keys(file.chars).length + Object.keys(file.bigrams).length;
    // The out-of-domain weight rides in one more column of the same slots: summed with the topics in the same
    // pass (for free up to 15 topics, the sums come in groups of 16), and no second lookup per feature.
    this.table = new FeatureTable(size, this.k + 1);
    this.sums = new Int32Array(this.table.sumsLength);
    const ood = file.outOfDomain;
    this.hasOutOfDomain = ood !== undefined;
    this.outOfDomainBias = ood?.bias ?? 0;
    const sections: Record<string, Record<string, number[]>> = { w: file.words, u: file.chars, c: file.bigrams };
    const unknown = Object.keys(ood?.features ?? {}).filter((n) => !Object.hasOwn(sections[n[0]] ?? {}, n.slice(2)));
    if (unknown.length > 0)
      throw new ProfileError(
        `topic model: outOfDomain names ${unknown.length} features the model lacks (${unknown[0]})`,
      );
    const row = (prefix: string, name: string, ws: number[]) => [...ws, ood?.features[prefix + name] ?? 0];
    for (const [w, ws] of Object.entries(file.words))
      this.insert(wordKey1(w), wordKey2(w), row('w:', w, ws), w, WORD_EVIDENCE);
    for (const [c, ws] of Object.entries(file.chars)) {
      const key = checkedKey(c, 1, charKey);
      this.charAt[key] = this.insert(key, CHAR, row('u:', c, ws), c, evidenceTag(c, CHAR_EVIDENCE));
    }
    for (const [b, ws] of Object.entries(file.bigrams)) {
      const at = this.insert(checkedKey(b, 2, bigramKey), BIGRAM, row('c:', b, ws), b, evidenceTag(b, BIGRAM_EVIDENCE));
      // A bigram carries its first character's weights too, so a known pair costs one lookup, not two.
      const first = this.charAt[charKey(b, 0)];
      if (first >= 0) this.table.addInto(at, first);
    }
  }

  /** Load a model file (the committed one by default). */
  static load(path = DEFAULT_MODEL_PATH): TopicModel {
    let file: TopicModelFile;
    try {
      file = JSON.parse(readFileSync(path, 'utf8')) as TopicModelFile;
    } catch (cause) {
      throw new ProfileError(`cannot read topic model ${path}`, { cause });
    }
    return new TopicModel(file);
  }

  /** The most probable topic of a text (given its jieba tokens), its probability, the evidence and coverage. */
  score(tokens: readonly string[], text: string): TopicScore {
    const n = findFeatures(this.table, this.charAt, tokens, text, this.found, this.pairs);
    this.table.sum(this.found, n, this.sums);
    this.factor = lengthFactor(text.length, this.lengthNorm);
    const best = this.best();
    const coverage = this.pairs[0] === 0 ? 0 : this.pairs[1] / this.pairs[0];
    const outOfDomain = this.hasOutOfDomain ? this.outOfDomainProbability() : 0;
    const probability = this.confidence(this.probability(best));
    return { best, probability, coverage, outOfDomain, evidence: this.evidence(n, best) };
  }

  /** The confidence reported for a best topic of probability p (after the temperature): the confidence map. */
  confidence(p: number): number {
    const { slope, intercept } = this.confidenceMap;
    if (slope === 1 && intercept === 0) return p;
    const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
    return 1 / (1 + Math.exp(-(slope * Math.log(q / (1 - q)) + intercept)));
  }

  /** The out-of-domain model's probability for the current text (length-scaled like the topics, no temperature). */
  private outOfDomainProbability(): number {
    const z = (this.outOfDomainBias + this.factor * this.sums[this.k]) / (this.scale / this.temperature);
    return 1 / (1 + Math.exp(-z));
  }

  /** Every topic's logit for a text, before the temperature: what temperature scaling is fitted on. */
  logits(tokens: readonly string[], text: string): number[] {
    const n = findFeatures(this.table, this.charAt, tokens, text, this.found, this.pairs);
    this.table.sum(this.found, n, this.sums);
    const unit = this.scale / this.temperature;
    const factor = lengthFactor(text.length, this.lengthNorm);
    return Array.from(this.bias, (b, j) => (b + factor * this.sums[j]) / unit);
  }

  /** The topic with the highest score (bias plus summed weights, scaled for length). */
  private best(): number {
    const f = this.factor;
    let best = 0;
    for (let j = 1; j < this.k; j++)
      if (this.bias[j] + f * this.sums[j] > this.bias[best] + f * this.sums[best]) best = j;
    return best;
  }

  /** The softmax probability of the topic `best` (scores are in units of 1/scale). */
  private probability(best: number): number {
    const f = this.factor;
    const top = this.bias[best] + f * this.sums[best];
    let sum = 0;
    for (let j = 0; j < this.k; j++) {
      const d = top - (this.bias[j] + f * this.sums[j]);
      sum += d < EXP_TABLE && Number.isInteger(d) ? this.expTable[d] : Math.exp(-d / this.scale);
    }
    return 1 / sum;
  }

  /** The three best features for `topic` among the n found (kind first: words, bigrams, characters; then weight). */
  private evidence(n: number, topic: number): string[] {
    let a0 = -1,
      a1 = -1,
      a2 = -1;
    let v0 = -Infinity,
      v1 = -Infinity,
      v2 = -Infinity;
    for (let i = 0; i < n; i++) {
      const at = this.found[i];
      const weight = this.table.bytes[at + topic];
      if (weight <= 0 || at === a0 || at === a1 || at === a2) continue;
      const tag = this.table.tag(at);
      if (tag === NO_EVIDENCE) continue;
      const v = weight - 0x100 * tag;
      if (v > v0) {
        a2 = a1;
        v2 = v1;
        a1 = a0;
        v1 = v0;
        a0 = at;
        v0 = v;
      } else if (v > v1) {
        a2 = a1;
        v2 = v1;
        a1 = at;
        v1 = v;
      } else if (v > v2) {
        a2 = at;
        v2 = v;
      }
    }
    const out: string[] = [];
    if (a0 >= 0) out.push(this.table.name(a0));
    if (a1 >= 0) out.push(this.table.name(a1));
    if (a2 >= 0) out.push(this.table.name(a2));
    return out;
  }

  private insert(key1: number, key2: number, ws: number[], name: string, tag: number): number {
    if (ws.length !== this.k + 1)
      throw new ProfileError(`topic model: feature ${name} has ${ws.length - 1} weights, expected ${this.k}`);
    if (ws.some((x) => !Number.isInteger(x) || x < -128 || x > 127))
      throw new ProfileError(`topic model: feature ${name} has weights that are not 8-bit integers`);
    if (this.table.find(key1, key2) >= 0) throw new ProfileError(`topic model: feature ${name} appears twice`);
    return this.table.insert(key1, key2, ws, name, tag);
  }
}

/** The weight scale of a text of `length` characters: 1 up to `norm`, then sqrt(norm / length). */
export function lengthFactor(length: number, norm: number): number {
  return length > norm ? Math.sqrt(norm / length) : 1;
}

function checkedKey(s: string, length: number, key: (text: string, i: number) => number): number {
  const k = s.length === length ? key(s, 0) : -1;
  if (k < 0) throw new ProfileError(`topic model: ${JSON.stringify(s)} is not ${length} CJK character(s)`);
  return k;
}

/**
 * A character or bigram's evidence tag: none when it holds a function character (厂的 is no evidence anyone can read).
 */
function evidenceTag(chars: string, tag: number): number {
  return FUNCTION_CHARS.test(chars) ? NO_EVIDENCE : tag;
}

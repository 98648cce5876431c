// Enrichment throughput on one core, as a ratio to jieba segmentation alone on the same texts in the same run.
// Usage: npx tsx benchmarks/text-throughput.ts [feed.ndjson]
//   default texts: the evaluation set; with a feed, 5,000 of its texts, and also its reports as received (most
//   carry district and topic). Text-only reports are enriched one per call (as the JetStream engine does) and a
//   batch per call (Enricher.enrichAll, as detect and replay do: the row the bar is read from).
import { readFileSync } from 'node:fs';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { normalizeReport } from '../engine/intake/normalize-report.ts';
import { INTAKE_BATCH } from '../engine/intake/intake.ts';
import { createEnricher } from '../engine/enrich/enricher.ts';
import { customWords } from '../engine/enrich/custom-dictionary.ts';
import { createSegmenter } from '../engine/enrich/segmenter.ts';
import { readEvalSet, textOnlyReport } from '../engine/enrich/evaluate-text.ts';
import type { Report } from '../engine/intake/report.ts';

/** Blocks measured per variant, after WARM_UP blocks that let the JIT settle. */
const BLOCKS = 100;
const WARM_UP = 5;
/** Calls per variant per block (rounded up to whole passes over the texts): tens of milliseconds, long enough that
 * caches refill from the other variant's block in a small part of it, short enough that a busy spell on a shared
 * machine falls on both variants alike. */
const BLOCK_CALLS = 5_000;
/** Reports taken from a feed, evenly spaced through it: a block stays short enough for its pairing to hold. */
const FEED_SAMPLE = 5_000;
/** Reports per enrichAll call, as intake hands them over. */
const BATCH = INTAKE_BATCH;

const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);
const feed = process.argv[2];
const received: Report[] = feed
  ? evenlySpaced(
      readFileSync(feed, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== ''),
      FEED_SAMPLE,
    ).map((l) => normalizeReport(JSON.parse(l), profile, clock))
  : [];
// Texts as intake meets them: strings from JSON.parse (not slices of the TSV file).
const texts = feed
  ? received.map((r) => r.text)
  : readEvalSet().map((i) => JSON.parse(JSON.stringify(i.text)) as string);
const textOnly = texts.map(textOnlyReport);
const fields = received.map((r) => [r.district, r.topic] as const);
const segmenter = createSegmenter(customWords(profile));
const enricher = createEnricher(profile);
const calls = Math.ceil(BLOCK_CALLS / texts.length) * texts.length;

/** CPU seconds (process.cpuUsage: less skewed by other processes than wall time) of one block of `work`. */
function pass(work: (i: number) => void): number {
  const started = process.cpuUsage();
  for (let i = 0; i < calls; i++) work(i % texts.length);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

let sink = 0;
const variants: Record<string, (i: number) => void> = {
  'jieba segmentation alone': (i) => {
    sink += segmenter.cut(texts[i]).length;
  },
  'enrich, text only (classify every report)': (i) => {
    const r = textOnly[i];
    r.topic = null;
    r.district = null;
    sink += enricher.enrich(r).enrichment!.places.length;
  },
  [`enrichAll, text only, batches of ${BATCH}`]: (i) => {
    if (i % BATCH !== 0) return;
    const batch = textOnly.slice(i, i + BATCH);
    for (const r of batch) {
      r.topic = null;
      r.district = null;
    }
    enricher.enrichAll(batch);
    sink += batch[0].enrichment!.places.length;
  },
};
if (feed) {
  variants['enrich, as received (fields kept)'] = (i) => {
    const r = received[i];
    [r.district, r.topic] = fields[i];
    sink += enricher.enrich(r).enrichment!.places.length;
  };
}
// Blocks alternate between the variants; each block's ratio compares two runs made under the same load, and the
// median over blocks is reported (a best-of-rounds would favour whichever variant finishes a round sooner).
const rates = new Map<string, number[]>(Object.keys(variants).map((name) => [name, []]));
for (let block = 0; block < WARM_UP + BLOCKS; block++) {
  for (const [name, work] of Object.entries(variants)) {
    const perSecond = calls / pass(work);
    if (block >= WARM_UP) rates.get(name)!.push(perSecond);
  }
}

const jieba = rates.get('jieba segmentation alone')!;
const meanChars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
const withFields = received.filter((_r, i) => fields[i][1] !== null).length;
console.log(
  `texts: ${texts.length} from ${feed ?? 'the evaluation set'}, mean ${meanChars.toFixed(1)} characters${
    feed ? `, ${withFields} with a topic field` : ''
  }`,
);
console.log(
  `${BLOCKS} blocks of ${calls} calls per variant, alternating; medians over blocks (quartiles), reports per ` +
    `CPU-second on one thread`,
);
for (const [name, r] of rates) {
  const ratios = r.map((rate, i) => rate / jieba[i]);
  const [q1, median, q3] = quartiles(ratios);
  console.log(
    `${name.padEnd(44)} ${Math.round(quartiles(r)[1]).toLocaleString('en').padStart(9)} /s   ratio to jieba ` +
      `${median.toFixed(2)} (${q1.toFixed(2)}–${q3.toFixed(2)})`,
  );
}
if (sink < 0) console.log(sink);

/** At most n items, evenly spaced through the list. */
function evenlySpaced<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]);
}

/** First quartile, median and third quartile. */
function quartiles(xs: readonly number[]): [number, number, number] {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return [at(0.25), at(0.5), at(0.75)];
}

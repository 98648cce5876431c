// Enrichment throughput on one core, as a ratio to jieba segmentation alone on the same texts in the same run.
// Usage: npx tsx benchmarks/text-throughput.ts [feed.ndjson]   (default texts: the evaluation set)
import { readFileSync } from 'node:fs';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { createEnricher } from '../engine/enrich/enricher.ts';
import { customWords } from '../engine/enrich/custom-dictionary.ts';
import { createSegmenter } from '../engine/enrich/segmenter.ts';
import { readEvalSet, textOnlyReport } from '../engine/enrich/evaluate-text.ts';
import type { Report } from '../engine/intake/report.ts';

const ROUNDS = 5;
const MIN_CALLS = 200_000;

const profile = loadProfile('chengdu');
const texts = process.argv[2] ? feedTexts(process.argv[2]) : readEvalSet().map((i) => i.text);
const reports = texts.map(textOnlyReport);
const segmenter = createSegmenter(customWords(profile));
const enricher = createEnricher(profile);
const calls = Math.ceil(MIN_CALLS / texts.length) * texts.length;

/** CPU seconds (process.cpuUsage: less skewed by other processes than wall time) of one pass of `work` over `calls` reports. */
function pass(work: (r: Report) => void): number {
  const started = process.cpuUsage();
  for (let i = 0; i < calls; i++) work(reports[i % reports.length]);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

let sink = 0;
const variants: Record<string, (r: Report) => void> = {
  jieba: (r) => {
    sink += segmenter.cut(r.text).length;
  },
  textOnly: (r) => {
    r.topic = null;
    r.district = null;
    sink += enricher.enrich(r).enrichment!.places.length;
  },
  withFields: (r) => {
    r.topic = 'property';
    r.district = 'gaoxin';
    sink += enricher.enrich(r).enrichment!.places.length;
  },
};
// Rounds interleave the variants, so a busy spell on a shared machine slows all of them alike; best round wins.
const best: Record<string, number> = { jieba: 0, textOnly: 0, withFields: 0 };
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, work] of Object.entries(variants)) {
    const perSecond = calls / pass(work);
    if (round > 0) best[name] = Math.max(best[name], perSecond);
  }
}
const { jieba, textOnly, withFields } = best;

const meanChars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
console.log(`texts: ${texts.length} (${process.argv[2] ?? 'evaluation set'}), mean ${meanChars.toFixed(1)} characters; ${calls} calls per round, best of ${ROUNDS}, per CPU-second on one thread`);
console.log(`jieba segmentation alone          ${Math.round(jieba).toLocaleString('en')} texts/s`);
console.log(`enrich, text only (classify all)  ${Math.round(textOnly).toLocaleString('en')} reports/s   ratio to jieba ${(textOnly / jieba).toFixed(2)}`);
console.log(`enrich, topic+district as fields  ${Math.round(withFields).toLocaleString('en')} reports/s   ratio to jieba ${(withFields / jieba).toFixed(2)}`);
if (sink < 0) console.log(sink);

function feedTexts(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 50_000)
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

// Incident clustering quality on a generated feed: purity and recall of `incident` alerts against the
// injected incidents in truth.json. Usage:
//   node bin/lizheng.js generate --days 7 --seed 5 --out /tmp/g
//   npx tsx benchmarks/text-incidents.ts /tmp/g
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { CityClock, minuteOf } from '../engine/time/event-time.ts';
import { normalizeReport } from '../engine/intake/normalize-report.ts';
import type { Report } from '../engine/intake/report.ts';
import { createEnricher } from '../engine/enrich/enricher.ts';
import { IncidentTracker } from '../engine/incidents/incident-tracker.ts';
import type { Truth } from '../engine/generate/truth.ts';

const dir = process.argv[2] ?? '/tmp/g';
const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);
const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
const enricher = createEnricher(profile);

const started = performance.now();
const seen = new Set<string>();
const reports: Report[] = [];
for (const line of readFileSync(join(dir, 'feed.ndjson'), 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  const r = normalizeReport(JSON.parse(line), profile, clock);
  if (seen.has(r.id)) continue;
  seen.add(r.id);
  reports.push(enricher.enrich(r));
}
reports.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const enriched = performance.now();

const tracker = new IncidentTracker({ profile, clock });
const alertReports = new Map<string, Set<string>>();
const summaries = new Map<string, string>();
let next = 0;
for (let minute = minuteOf(reports[0].t); next < reports.length; minute++) {
  const batch: Report[] = [];
  while (next < reports.length && minuteOf(reports[next].t) === minute) batch.push(reports[next++]);
  for (const e of tracker.onMinute(minute, batch)) {
    const ids = alertReports.get(e.alert.id) ?? new Set<string>();
    for (const id of e.alert.reportIds) ids.add(id);
    alertReports.set(e.alert.id, ids);
    if (e.type === 'alert.opened' || !summaries.has(e.alert.id))
      summaries.set(e.alert.id, `${e.alert.openedAt} ${e.alert.summary}`);
    else summaries.set(e.alert.id, `${summaries.get(e.alert.id)!.slice(0, 25)} ${e.alert.summary}`);
  }
}
const tracked = performance.now();

const incidents = truth.surges.filter((s) => s.kind === 'incident' || s.kind === 'small_incident');
const overlap = (a: Set<string>, b: readonly string[]) => b.filter((id) => a.has(id)).length;
let coveredReports = 0;
let truthReports = 0;
let detected = 0;
console.log(
  `feed ${dir}: ${reports.length} reports; ${incidents.length} injected incidents; ${alertReports.size} incident ` +
    `alerts`,
);
console.log(
  `enrich ${((enriched - started) / 1000).toFixed(1)} s (with parsing), tracking ` +
    `${((tracked - enriched) / 1000).toFixed(2)} s\n`,
);
for (const s of incidents) {
  let best = '';
  let bestOverlap = 0;
  for (const [id, ids] of alertReports)
    if (overlap(ids, s.reportIds) > bestOverlap) [best, bestOverlap] = [id, overlap(ids, s.reportIds)];
  truthReports += s.reportIds.length;
  coveredReports += bestOverlap;
  detected += Number(bestOverlap > 0);
  console.log(
    `${s.kind.padEnd(15)} ${s.district} ${s.topic} ${s.place}: ${s.people} people, ${s.reportIds.length} reports → ` +
      `${bestOverlap} in ${best || 'no alert'}`,
  );
}
let pure = 0;
let alerted = 0;
let falseAlerts = 0;
for (const [id, ids] of alertReports) {
  const best = Math.max(0, ...incidents.map((s) => overlap(ids, s.reportIds)));
  pure += best;
  alerted += ids.size;
  if (best === 0) falseAlerts += 1;
  console.log(`  alert ${summaries.get(id)} [${best}/${ids.size} injected]`);
}
console.log(`\nincidents detected ${detected}/${incidents.length}`);
console.log(
  `report recall ${(coveredReports / truthReports).toFixed(3)} (${coveredReports}/${truthReports} injected reports ` +
    `inside the best-matching alert)`,
);
console.log(
  `purity ${(pure / Math.max(1, alerted)).toFixed(3)} (${pure}/${alerted} alert reports belong to the injected ` +
    `incident they match)`,
);
console.log(`alerts matching no injected incident: ${falseAlerts}`);
if (process.argv.includes('--missed')) {
  const byId = new Map(reports.map((r) => [r.id, r]));
  const inAlerts = new Set([...alertReports.values()].flatMap((s) => [...s]));
  for (const s of incidents)
    for (const id of s.reportIds) {
      if (inAlerts.has(id)) continue;
      const r = byId.get(id)!;
      console.log(
        `missed ${s.district}/${s.topic}: ${r.district}/${r.topic} (${r.enrichment!.topic.source}) places ` +
          `${JSON.stringify(r.enrichment!.places)} ${r.caller} ${r.text}`,
      );
    }
}

// Detection on the mailbox fixture (test/fixtures/mailbox-city): whether the city's three hot issues are found, when,
// and whether the decoys stay silent — with the profile as the fixture writes it and with its gazetteer beside it.
//
//   npx tsx benchmarks/mailbox-city.mts [--lizheng bin/lizheng.js] [--json]
//
// An issue is found by an alert opened between its first letter and its last that shares two or more of its letters,
// or lies in its district on one of its topics; a decoy is hit by an alert that shares two or more of its letters.
// Runs the compiled CLI (`bash scripts/build.sh` first), so it measures what a city would run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const DIR = resolve('test/fixtures/mailbox-city');

interface Case {
  readonly id: string;
  readonly district: string | null;
  readonly topic: string | null;
  readonly alsoTopics?: string[];
  readonly start: string;
  readonly end: string;
  readonly reportIds: string[];
}
interface Truth {
  readonly hotIssues: Case[];
  readonly decoys: Case[];
}
interface Alert {
  readonly id: string;
  readonly kind: string;
  readonly district: string | null;
  readonly topic: string | null;
  readonly openedAt: string;
  readonly reportIds: string[];
  readonly place?: string;
  readonly distinctCallers: number;
  readonly detector: string;
}

const { values } = parseArgs({
  options: { lizheng: { type: 'string', default: 'bin/lizheng.js' }, json: { type: 'boolean', default: false } },
});
const truth = JSON.parse(readFileSync(join(DIR, 'truth.json'), 'utf8')) as Truth;

/** Every alert the CLI opens on the fixture's feed with this profile file. */
function detect(profile: string): Alert[] {
  const out = execFileSync(
    'node',
    [values.lizheng!, 'detect', '--input', join(DIR, 'feed.ndjson'), '--profile', profile, '--no-progress'],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; alert: Alert })
    .filter((e) => e.type === 'alert.opened')
    .map((e) => e.alert);
}

const shares = (a: Alert, c: Case) => a.reportIds.filter((id) => c.reportIds.includes(id)).length >= 2;
const during = (a: Alert, c: Case) => a.openedAt >= c.start && a.openedAt <= c.end;
const onIt = (a: Alert, c: Case) =>
  a.district === c.district && a.topic !== null && [c.topic, ...(c.alsoTopics ?? [])].includes(a.topic);

function score(alerts: Alert[]) {
  const hot = truth.hotIssues.map((c) => {
    const hits = alerts.filter((a) => during(a, c) && (shares(a, c) || onIt(a, c)));
    const first = hits.map((a) => a.openedAt).sort()[0];
    const day = first ? Math.floor((Date.parse(first) - Date.parse(c.start)) / 86_400_000) + 1 : null;
    return {
      id: c.id,
      found: first ?? null,
      dayOf: day,
      days: Math.ceil((Date.parse(c.end) - Date.parse(c.start)) / 86_400_000),
      alerts: hits.length,
    };
  });
  const decoys = truth.decoys.map((c) => ({ id: c.id, hits: alerts.filter((a) => shares(a, c)).length }));
  const explained = new Set(
    alerts.filter((a) => truth.hotIssues.some((c) => during(a, c) && (shares(a, c) || onIt(a, c)))),
  );
  const other = alerts.filter((a) => !explained.has(a));
  return {
    alerts: alerts.length,
    hot,
    decoys,
    other: other.map(
      (a) =>
        `${a.kind} ${a.district} ${a.topic ?? ''} ${a.place ?? ''} ${a.openedAt.slice(0, 10)} (${a.distinctCallers})`,
    ),
  };
}

const tmp = mkdtempSync(join(tmpdir(), 'mailbox-city-'));
try {
  const withGazetteer = join(tmp, 'profile-with-gazetteer.json');
  const profile = JSON.parse(readFileSync(join(DIR, 'profile.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(withGazetteer, JSON.stringify({ ...profile, gazetteer: join(DIR, 'gazetteer.json') }));
  const runs = {
    'profile as written': score(detect(join(DIR, 'profile.json'))),
    'with its gazetteer': score(detect(withGazetteer)),
  };
  if (values.json) console.log(JSON.stringify(runs, null, 2));
  else
    for (const [name, r] of Object.entries(runs)) {
      console.log(`\n${name}: ${r.alerts} alerts opened`);
      for (const h of r.hot)
        console.log(
          `  ${h.id}: ${h.found ? `found ${h.found.slice(0, 10)}, day ${h.dayOf} of ${h.days}, ${h.alerts} alerts` : 'missed'}`,
        );
      console.log(`  decoys: ${r.decoys.map((d) => `${d.id} ${d.hits}`).join(', ')}`);
      console.log(`  other alerts: ${r.other.length}${r.other.map((o) => `\n    ${o}`).join('')}`);
    }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

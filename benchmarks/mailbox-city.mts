// Detection on the mailbox fixture (test/fixtures/mailbox-city): whether the city's three hot issues are found, when,
// and whether the decoys stay silent — with the profile as the fixture writes it and with its gazetteer beside it.
//
//   npx tsx benchmarks/mailbox-city.mts [--lizheng bin/lizheng.js] [--json]
//
// Scored as test/fixtures/mailbox-city/score-mailbox-city.ts says. Runs the compiled CLI (`bash scripts/build.sh`
// first), so it measures what a city would run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Alert } from '../schemas/alert-event.ts';
import { MAILBOX_CITY_DIR, scoreMailboxCity } from '../test/fixtures/mailbox-city/score-mailbox-city.ts';

const DIR = resolve(MAILBOX_CITY_DIR);

const { values } = parseArgs({
  options: { lizheng: { type: 'string', default: 'bin/lizheng.js' }, json: { type: 'boolean', default: false } },
});

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

const tmp = mkdtempSync(join(tmpdir(), 'mailbox-city-'));
try {
  const withGazetteer = join(tmp, 'profile-with-gazetteer.json');
  const profile = JSON.parse(readFileSync(join(DIR, 'profile.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(withGazetteer, JSON.stringify({ ...profile, gazetteer: join(DIR, 'gazetteer.json') }));
  const runs = {
    'profile as written': scoreMailboxCity(detect(join(DIR, 'profile.json'))),
    'with its gazetteer': scoreMailboxCity(detect(withGazetteer)),
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

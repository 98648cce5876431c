// Forgetting raw texts on schedule: `lizheng retention --dry-run` says what would go and changes nothing, `lizheng
// retention` empties the raw text, payload and street address of old reports only, every aggregate reads the same
// after, and a second run finds nothing. On PostgreSQL through the CLI; on PGlite through the engine's hourly upkeep.
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../engine/intake/report.ts';
import type { Store } from '../engine/store/index.ts';
import { DAY_MS } from '../engine/time/event-time.ts';
import { runLizheng } from './support/lizheng-process.ts';
import { PG_URL, disposeTestStore, makeReport, openTestStore, type Backend } from './store-fixtures.ts';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const OLD = NOW - 3 * 365 * DAY_MS; // past the 730-day default
const RECENT = NOW - 10 * DAY_MS;
const PHONE = '13912345678';

/** Old and recent reports, each with a phone number in its text and a door-level address. */
function reports(): Report[] {
  return [OLD, OLD + DAY_MS, RECENT, RECENT + 3_600_000]
    .flatMap((t, day) =>
      Array.from({ length: 5 }, (_, i) => {
        const text = `锦绣花园5栋2单元30${i}室楼上漏水，电话${PHONE}`;
        return makeReport(`r-${day}-${i}`, t + i * 60_000, {
          text,
          caller: `h:caller-${i % 3}`,
          raw: {
            id: `r-${day}-${i}`,
            receivedAt: new Date(t).toISOString(),
            text,
            location: { address: '锦绣花园5栋2单元301室' },
          },
        });
      }),
    )
    .map((r) => ({ ...r, raw: { ...r.raw, location: { address: '锦绣花园5栋2单元301室', lat: 30.6, lon: 104 } } }));
}

interface Snapshot {
  rows: Array<{ id: string; text: string | null; raw: unknown; text_redacted: string | null; address: string | null }>;
  perDay: unknown;
  series: unknown;
}

async function snapshot(store: Store): Promise<Snapshot> {
  const rows = await store.sql.query<Snapshot['rows'][number]>(
    `SELECT id, text, raw, text_redacted, location->>'address' AS address FROM reports ORDER BY id`,
  );
  const perDay = await store.sql.query(
    `SELECT received_at::date::text AS day, district, topic, channel, count(*)::int AS n,
            count(DISTINCT caller)::int AS people FROM reports GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  );
  const series = await store.sql.query(
    `SELECT bucket, district, topic, reports, callers FROM series_1m ORDER BY 1, 2, 3`,
  );
  return { rows, perDay, series };
}

async function seed(backend: Backend, options = {}) {
  const opened = await openTestStore(backend, options);
  await opened.store.writer.writeReports(reports());
  await opened.store.writer.writeSeries({
    minute: Math.floor(OLD / 60_000),
    cells: [{ district: 'gaoxin', topic: 'property', reports: 5, callers: ['a', 'b', 'c'] }],
  } as never);
  await opened.store.writer.flush();
  return opened;
}

function expectForgotten(before: Snapshot, after: Snapshot): void {
  expect(after.perDay).toEqual(before.perDay);
  expect(after.series).toEqual(before.series);
  for (const row of after.rows) {
    const old = row.id.startsWith('r-0') || row.id.startsWith('r-1');
    const was = before.rows.find((r) => r.id === row.id)!;
    expect(row.text_redacted).toBe(was.text_redacted);
    expect(row.text_redacted).toContain('锦绣花园5栋');
    expect(row.text_redacted).not.toContain(PHONE);
    if (old) expect([row.text, row.raw, row.address]).toEqual([null, null, null]);
    else expect(row).toEqual(was);
  }
}

describe('lizheng retention on PostgreSQL', () => {
  const opened = seed('postgres');
  afterAll(async () => disposeTestStore(await opened, 'postgres'));

  it('--dry-run says what would go and changes nothing; a run empties only old rows; a second run finds nothing', async () => {
    const { store, schema } = await opened;
    const args = ['retention', '--store-schema', schema, '--now', new Date(NOW).toISOString(), '--json'];
    const env = { DATABASE_URL: PG_URL };
    const before = await snapshot(store);
    const dry = JSON.parse((await runLizheng([...args, '--dry-run'], env)).stdout);
    expect(dry).toMatchObject({ dryRun: true, rawTextDays: 730, reports: 10, forgotten: 0 });
    expect(dry.months).toEqual([{ month: new Date(OLD).toISOString().slice(0, 7), reports: 10 }]);
    expect(await snapshot(store)).toEqual(before);

    const run = JSON.parse((await runLizheng(args, env)).stdout);
    expect(run).toMatchObject({ dryRun: false, reports: 10, forgotten: 10 });
    expectForgotten(before, await snapshot(store));

    const again = JSON.parse((await runLizheng(args, env)).stdout);
    expect(again).toMatchObject({ reports: 0, forgotten: 0 });
    const text = await runLizheng(
      args.filter((a) => a !== '--json'),
      env,
    );
    expect(text.stdout).toMatch(/no raw text older than 730 days/);
  }, 120_000);

  it('names a bad --raw-text-days', async () => {
    const { code, stderr } = await import('./support/lizheng-process.ts').then(
      (m) => m.startLizheng(['retention', '--raw-text-days', 'soon'], { DATABASE_URL: PG_URL }).done,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/--raw-text-days: .*never.*"soon"|--raw-text-days.*soon/);
  });
});

describe('the engine store upkeep on PGlite', () => {
  it('empties raw texts past the age at its hourly upkeep, and not in a store opened without upkeep', async () => {
    let clock = OLD; // the old rows are new at first
    const opened = await seed('pglite', { now: () => clock, maintainEveryMs: 3_600_000 });
    try {
      const before = await snapshot(opened.store);
      expect(await opened.store.maintain()).toEqual([]);
      // The hour the oldest day passes 730 days (and the next): the upkeep catches rows as they cross the age.
      clock = OLD + 732 * DAY_MS;
      const done = await opened.store.maintain();
      expect(done).toContain('emptied the raw texts of 10 reports older than 730 days');
      expectForgotten(before, await snapshot(opened.store));
      expect(await opened.store.maintain()).toEqual([]);
    } finally {
      await disposeTestStore(opened, 'pglite');
    }
  });
});

// The writer's connection is killed again and again (pg_terminate_backend) while reports, series and
// redeliveries stream in: the writer pauses, reconnects and resumes; nothing is lost and nothing doubled.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminQuery, disposeTestStore, makeAlert, makeReport, openTestStore } from './store-fixtures.ts';

const T0 = Date.parse('2026-03-01T00:00:00Z');
let open: Awaited<ReturnType<typeof openTestStore>>;
const app = `lz_outage_${process.pid}`;

beforeAll(async () => {
  open = await openTestStore('postgres', {
    applicationName: app,
    writer: { batchRows: 300, retryBaseMs: 10, retryMaxMs: 100 },
  });
});
afterAll(() => disposeTestStore(open, 'postgres'));

it('pauses and resumes across killed connections, storing every report exactly once', async () => {
  const { store, logs } = open;
  let kills = 0;
  let producing = true;
  const killer = (async () => {
    while (producing) {
      const killed = await adminQuery(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
        [`${app}-writer`],
      );
      kills += killed.length;
      await sleep(15);
    }
  })();

  const sent = new Set<string>();
  const results = [];
  let previous: ReturnType<typeof makeReport>[] = [];
  for (let call = 0; call < 60; call++) {
    const batch = Array.from({ length: 200 }, (_, i) =>
      makeReport(`o-${call}-${i}`, T0 + (call * 200 + i) * 1000, { caller: `c:${i % 37}` }),
    );
    for (const r of batch) sent.add(r.id);
    const deliveries: Array<Promise<unknown>> = [
      store.writer.writeReports(batch),
      store.writer.writeSeries({
        minute: Math.floor(T0 / 60_000) + call,
        cells: [{ district: 'gaoxin', topic: 'property', reports: call + 1, callers: ['a'], reportIds: [] }],
      }),
    ];
    if (call % 4 === 3) deliveries.push(store.writer.writeReports(previous)); // a redelivery of the last call
    if (call % 10 === 0)
      deliveries.push(
        store.writer.writeAlertEvents([
          { type: 'alert.opened', alert: makeAlert(`o-alert-${call}`, T0 + call * 60_000) },
        ]),
      );
    results.push(...(await Promise.all(deliveries)));
    previous = batch;
  }
  producing = false;
  await killer;

  expect(kills).toBeGreaterThanOrEqual(3);
  expect(logs.some((l) => l.includes('writer paused'))).toBe(true);
  expect(logs.some((l) => l.includes('writer resumed'))).toBe(true);
  const [stored] = await store.sql.query<{ rows: number; ids: number }>(
    `SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids FROM reports`,
  );
  expect(stored).toEqual({ rows: sent.size, ids: sent.size });
  const missing = await store.sql.query(
    `SELECT x FROM unnest($1::text[]) x WHERE NOT EXISTS (SELECT 1 FROM reports WHERE id = x)`,
    [[...sent]],
  );
  expect(missing).toEqual([]);
  expect(await store.sql.query(`SELECT count(*)::int AS n, sum(reports)::int AS total FROM series_1m`)).toEqual([
    { n: 60, total: (60 * 61) / 2 },
  ]);
  expect(await store.sql.query(`SELECT count(*)::int AS n FROM alert_events`)).toEqual([{ n: 6 }]);
}, 60_000);

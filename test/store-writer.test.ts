// The batched writer on PostgreSQL (COPY) and PGlite (multi-row inserts): idempotent under redelivery,
// text kept byte for byte, bad rows isolated, bounded queue, alert transitions stored once and in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../engine/store/open-store.ts';
import { BACKENDS, disposeTestStore, makeAlert, makeReport, openTestStore, type Backend } from './store-fixtures.ts';

const T0 = Date.parse('2026-01-03T02:00:00Z');

describe.each(BACKENDS)('writer on %s', (backend: Backend) => {
  let open: Awaited<ReturnType<typeof openTestStore>>;
  let store: Store;
  beforeAll(async () => {
    open = await openTestStore(backend, { writer: { batchRows: 500, maxQueuedRows: 1000 } });
    store = open.store;
  }, 60_000);
  afterAll(() => disposeTestStore(open, backend));

  const count = async (sql: string) => (await store.sql.query<{ n: number }>(sql))[0].n;

  it('stores each report once however often it is delivered', async () => {
    const reports = Array.from({ length: 1200 }, (_, i) => makeReport(`dup-${i}`, T0 + i * 1000));
    const first = await store.writer.writeReports(reports);
    expect(first).toEqual({ written: 1200, duplicates: 0, rejected: [] });
    // Redelivery: old ones again, mixed with new ones, in several concurrent calls.
    const again = await Promise.all([
      store.writer.writeReports(reports.slice(0, 600)),
      store.writer.writeReports([...reports.slice(600), makeReport('dup-new', T0)]),
      store.writer.writeReports([makeReport('dup-new', T0)]),
    ]);
    // Batches may commit in either order, so which of the two calls carrying dup-new stores it is open; one does.
    expect(again.map((r) => r.written + r.duplicates)).toEqual([600, 601, 1]);
    expect(again.reduce((n, r) => n + r.written, 0)).toBe(1);
    expect(again[0]).toEqual({ written: 0, duplicates: 600, rejected: [] });
    expect(await count(`SELECT count(*)::int AS n FROM reports WHERE id LIKE 'dup-%'`)).toBe(1201);
  });

  it('keeps text, JSON and flags exactly, dropping only what PostgreSQL cannot hold (NUL)', async () => {
    const text = 'tab\there\nnew line\r\\backslash "quotes" 高新区电梯困人 🚨 \\N end';
    const raw = {
      id: 'text-1',
      receivedAt: '2026-01-03T10:00:00+08:00',
      text,
      location: { address: '天府大道\t中段', lat: 30.5 },
      extra: ['a\\b', 'c\u0000d'],
    };
    await store.writer.writeReports(
      [makeReport('text-1', T0, { text, raw, caller: 'c:老王', channel: null, district: null })],
      { late: true },
    );
    const [row] = await store.sql.query(
      `SELECT text, raw, location, caller, channel, district, late FROM reports WHERE id = 'text-1'`,
    );
    expect(row).toEqual({
      text,
      raw: { ...raw, extra: ['a\\b', 'cd'] },
      location: raw.location,
      caller: 'c:老王',
      channel: null,
      district: null,
      late: true,
    });
  });

  it('rejects only the rows the database refuses and stores the rest of their batch', async () => {
    const bad = makeReport('bad-1', T0, {
      raw: { id: 'bad-1', receivedAt: 'x', text: 'y', 'key\u0000with-nul': 1 } as never,
    });
    const good = Array.from({ length: 9 }, (_, i) => makeReport(`good-${i}`, T0 + i));
    const result = await store.writer.writeReports([...good.slice(0, 4), bad, ...good.slice(4)]);
    expect(result.written).toBe(9);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0].id).toBe('bad-1');
    expect(result.rejected[0].reason).toMatch(/Unicode|\\u0000/);
    expect(await count(`SELECT count(*)::int AS n FROM reports WHERE id LIKE 'good-%'`)).toBe(9);
  });

  it('holds callers back when the queue is full and still stores everything', async () => {
    let highWater = 0;
    const calls = Array.from({ length: 12 }, (_, c) => {
      const p = store.writer.writeReports(Array.from({ length: 300 }, (_, i) => makeReport(`bp-${c}-${i}`, T0 + i)));
      highWater = Math.max(highWater, store.writer.pending);
      return p;
    });
    const sampler = setInterval(() => (highWater = Math.max(highWater, store.writer.pending)), 1);
    const results = await Promise.all(calls);
    clearInterval(sampler);
    expect(highWater).toBeLessThanOrEqual(1000);
    expect(results.reduce((n, r) => n + r.written, 0)).toBe(3600);
    expect(store.writer.pending).toBe(0);
  });

  it('upserts minute series: a closed minute written again replaces its counts', async () => {
    const minute = Math.floor(T0 / 60_000);
    const cell = (reports: number, callers: string[]) => ({
      district: 'wuhou',
      topic: 'traffic',
      reports,
      callers,
      reportIds: [],
    });
    await store.writer.writeSeries({ minute, cells: [cell(3, ['a', 'b'])] });
    await store.writer.writeSeries([
      { minute, cells: [cell(3, ['a', 'b'])] },
      { minute, cells: [cell(4, ['a', 'b', 'c'])] },
    ]);
    expect(await store.sql.query(`SELECT reports, callers FROM series_1m WHERE district = 'wuhou'`)).toEqual([
      { reports: 4, callers: 3 },
    ]);
  });

  it('stores alert transitions once each and moves status forward only', async () => {
    const opened = makeAlert('a-1', T0);
    const updated = { ...opened, updatedAt: new Date(T0 + 60_000).toISOString(), count: 14 };
    const later = { ...opened, updatedAt: new Date(T0 + 180_000).toISOString(), count: 20 };
    expect(
      await store.writer.writeAlertEvents([
        { type: 'alert.opened', alert: opened },
        { type: 'alert.updated', alert: updated },
      ]),
    ).toBe(2);
    expect(await store.writer.writeAlertEvents([{ type: 'alert.opened', alert: opened }])).toBe(0); // redelivered
    const ackAt = new Date(T0 + 120_000).toISOString();
    await store.writer.writeAlertEvents([
      { type: 'alert.acknowledged', alert: updated, actor: 'officer-7', note: '已联系物业', at: ackAt },
    ]);
    await store.writer.writeAlertEvents([{ type: 'alert.updated', alert: later }]); // engine still says open
    await store.writer.writeAlertEvents([
      {
        type: 'alert.dispatched',
        alert: later,
        actor: 'officer-7',
        unit: '高新区住建局',
        at: new Date(T0 + 240_000).toISOString(),
      },
    ]);
    const [row] = await store.sql.query(
      `SELECT status, count, acknowledged_by, unit, note FROM alerts WHERE id = 'a-1'`,
    );
    expect(row).toEqual({
      status: 'dispatched',
      count: 20,
      acknowledged_by: 'officer-7',
      unit: '高新区住建局',
      note: '已联系物业',
    });
    const history = await store.queries.alertHistory('a-1');
    expect(history.map((h) => [h.type, h.status, h.actor])).toEqual([
      ['alert.opened', 'open', null],
      ['alert.updated', 'open', null],
      ['alert.acknowledged', 'acknowledged', 'officer-7'],
      ['alert.updated', 'open', null],
      ['alert.dispatched', 'dispatched', 'officer-7'],
    ]);
    expect(history[2].at).toBe('2026-01-03T10:02:00+08:00');
  });

  it('links an incident alert to its reports, handed over just before it and not yet stored', async () => {
    // A small batch and a large one may be in flight together; the alert must wait for both.
    const reports = Array.from({ length: 910 }, (_, i) => makeReport(`inc-r${i}`, T0 + i));
    const writes = [store.writer.writeReports(reports.slice(0, 10)), store.writer.writeReports(reports.slice(10))];
    await store.writer.writeAlertEvents([
      { type: 'alert.opened', alert: makeAlert('inc-1', T0, { kind: 'incident', reportIds: ['inc-r1', 'inc-r909'] }) },
    ]);
    await Promise.all(writes);
    expect(await store.sql.query(`SELECT id FROM reports WHERE incident_id = 'inc-1' ORDER BY id`)).toEqual([
      { id: 'inc-r1' },
      { id: 'inc-r909' },
    ]);
  });
});

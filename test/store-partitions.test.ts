// Plain layout (asked for, so this runs on a TimescaleDB server too): monthly partitions made ahead, rows at month
// boundaries land in the right month, old months drop.
import { afterEach, describe, expect, it } from 'vitest';
import { expiredMonths, monthIndex, partitionMonth, partitionName } from '../engine/store/partition-layout.ts';
import { disposeTestStore, freshSchema, makeReport, openTestStore } from './store-fixtures.ts';

const partitionsOf = async (store: Awaited<ReturnType<typeof openTestStore>>['store'], table: string) =>
  (
    await store.sql.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid ` +
        `JOIN pg_class p ON p.oid = i.inhparent
      JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = current_schema() AND p.relname = $1 ORDER BY 1`,
      [table],
    )
  ).map((r) => r.name);

describe('partition names and months', () => {
  it('maps times to UTC months and back', () => {
    expect(monthIndex(Date.parse('2026-01-31T23:59:59.999Z'))).toBe(2026 * 12);
    expect(monthIndex(Date.parse('2026-02-01T00:00:00.000Z'))).toBe(2026 * 12 + 1);
    expect(partitionName('reports', 2026 * 12 + 11)).toBe('reports_p202612');
    expect(partitionMonth('reports', 'reports_p202612')).toBe(2026 * 12 + 11);
    expect(partitionMonth('reports', 'series_1m_p202612')).toBeNull();
  });

  it('expires a month only when all of it is older than the retention', () => {
    const months = [2025 * 12 + 11, 2026 * 12, 2026 * 12 + 1];
    // now − 30 days = 2026-02-13: December and January have ended before it, February has not.
    expect(expiredMonths(months, Date.parse('2026-03-15T00:00:00Z'), 30)).toEqual([2025 * 12 + 11, 2026 * 12]);
    expect(expiredMonths(months, Date.parse('2026-03-15T00:00:00Z'), null)).toEqual([]);
  });
});

describe('monthly partitions on PostgreSQL', () => {
  let open: Awaited<ReturnType<typeof openTestStore>> | null = null;
  afterEach(async () => {
    if (open) await disposeTestStore(open, 'postgres');
    open = null;
  });

  it('creates the current month and the ones ahead at start-up, and splits rows exactly at midnight UTC', async () => {
    const now = Date.parse('2026-01-31T23:59:59.999Z');
    open = await openTestStore('postgres', { layout: 'plain', now: () => now });
    const { store } = open;
    expect(await partitionsOf(store, 'reports')).toEqual(['reports_p202601', 'reports_p202602', 'reports_p202603']);
    expect(await partitionsOf(store, 'series_1m')).toEqual([
      'series_1m_p202601',
      'series_1m_p202602',
      'series_1m_p202603',
    ]);
    await store.writer.writeReports([makeReport('last', now), makeReport('first', now + 1)]);
    await store.writer.writeSeries([
      {
        minute: Math.floor(now / 60_000),
        cells: [{ district: 'gaoxin', topic: 'property', reports: 1, callers: ['a'], reportIds: ['last'] }],
      },
      {
        minute: Math.floor((now + 1) / 60_000),
        cells: [{ district: 'gaoxin', topic: 'property', reports: 1, callers: ['b'], reportIds: ['first'] }],
      },
    ]);
    expect(
      await store.sql.query(`SELECT id, tableoid::regclass::text AS part FROM reports ORDER BY received_at`),
    ).toEqual([
      { id: 'last', part: 'reports_p202601' },
      { id: 'first', part: 'reports_p202602' },
    ]);
    expect(await store.sql.query(`SELECT tableoid::regclass::text AS part FROM series_1m ORDER BY bucket`)).toEqual([
      { part: 'series_1m_p202601' },
      { part: 'series_1m_p202602' },
    ]);
  });

  it('makes a partition on demand for a month outside the prepared ones (replayed history)', async () => {
    open = await openTestStore('postgres', { layout: 'plain', now: () => Date.parse('2026-01-15T00:00:00Z') });
    const result = await open.store.writer.writeReports([
      makeReport('old', Date.parse('2024-06-30T12:00:00Z')),
      makeReport('far', Date.parse('2027-02-01T00:00:00Z')),
    ]);
    expect(result).toEqual({ written: 2, duplicates: 0, rejected: [] });
    expect(await partitionsOf(open.store, 'reports')).toEqual(
      expect.arrayContaining(['reports_p202406', 'reports_p202702']),
    );
  });

  it('drops months past the retention and keeps the rest, as the clock moves on', async () => {
    let now = Date.parse('2026-01-10T00:00:00Z');
    open = await openTestStore('postgres', {
      layout: 'plain',
      now: () => now,
      retention: { reportsDays: 30, seriesDays: null },
    });
    const { store } = open;
    await store.writer.writeReports([
      makeReport('jan', Date.parse('2026-01-05T00:00:00Z')),
      makeReport('feb', Date.parse('2026-02-05T00:00:00Z')),
    ]);
    now = Date.parse('2026-03-15T00:00:00Z');
    const done = await store.maintain();
    expect(done).toEqual(['dropped reports_p202601 (older than 30 days)']);
    expect(await partitionsOf(store, 'reports')).toEqual([
      'reports_p202602',
      'reports_p202603',
      'reports_p202604',
      'reports_p202605',
    ]);
    expect(await partitionsOf(store, 'series_1m')).toContain('series_1m_p202601');
    expect(await store.sql.query(`SELECT id FROM reports`)).toEqual([{ id: 'feb' }]);
    // A report for a dropped month still finds a home (the partition is made again).
    expect(
      (await store.writer.writeReports([makeReport('late-jan', Date.parse('2026-01-20T00:00:00Z'))])).written,
    ).toBe(1);
  });

  it('lets several writers open a new month at once', async () => {
    const schema = freshSchema();
    open = await openTestStore('postgres', { schema, layout: 'plain', now: () => Date.parse('2026-01-15T00:00:00Z') });
    const others = await Promise.all(
      [1, 2, 3].map(() =>
        openTestStore('postgres', { schema, layout: 'plain', now: () => Date.parse('2026-01-15T00:00:00Z') }),
      ),
    );
    const t = Date.parse('2028-08-08T08:00:00Z');
    const results = await Promise.all(
      [open, ...others].map((o, i) => o.store.writer.writeReports([makeReport(`w${i}`, t + i)])),
    );
    expect(results.map((r) => r.written)).toEqual([1, 1, 1, 1]);
    expect(await partitionsOf(open.store, 'reports')).toContain('reports_p202808');
    await Promise.all(others.map((o) => o.store.close()));
  });
});

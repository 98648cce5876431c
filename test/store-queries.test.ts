// Every query against totals computed by hand (in JavaScript) from the same generated data, on both backends.
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertStatus } from '../schemas/alert-event.ts';
import type { Report } from '../engine/intake/report.ts';
import type { Store } from '../engine/store/open-store.ts';
import { CityClock, HOUR_MS, MINUTE_MS } from '../engine/time/event-time.ts';
import type { MinuteSeries } from '../engine/windows/minute-series.ts';
import { BACKENDS, disposeTestStore, makeAlert, makeReport, openTestStore, type Backend } from './store-fixtures.ts';

const clock = new CityClock('Asia/Shanghai');
const START = Date.parse('2026-01-05T00:00:00+08:00'); // a Monday, local midnight
const DAYS = 36;
const DISTRICTS = ['gaoxin', 'wuhou', 'jinjiang'];
const TOPICS = ['property', 'traffic', 'noise'];
const CHANNELS = ['hotline', 'web', null];

function generate(): Report[] {
  const rng = seedrandom('store-queries');
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
  return Array.from({ length: 4000 }, (_, i) =>
    makeReport(`q-${i}`, START + Math.floor(rng() * DAYS * 24 * 60) * MINUTE_MS + Math.floor(rng() * 60_000), {
      district: rng() < 0.05 ? null : pick(DISTRICTS),
      topic: rng() < 0.05 ? null : pick(TOPICS),
      caller: `c:${Math.floor(rng() * 60)}`,
      channel: pick(CHANNELS),
    }),
  );
}

/** What the cell counter would emit for these reports: per minute and cell, reports and distinct callers. */
function minuteSeries(reports: readonly Report[]): MinuteSeries[] {
  const byMinute = new Map<number, Map<string, Report[]>>();
  for (const r of reports) {
    const cells = byMinute.get(Math.floor(r.t / MINUTE_MS)) ?? new Map<string, Report[]>();
    byMinute.set(Math.floor(r.t / MINUTE_MS), cells);
    const key = `${r.district ?? 'unknown'}|${r.topic ?? 'unknown'}`;
    cells.set(key, [...(cells.get(key) ?? []), r]);
  }
  return [...byMinute].map(([minute, cells]) => ({
    minute,
    cells: [...cells].map(([key, rs]) => ({
      district: key.split('|')[0],
      topic: key.split('|')[1],
      reports: rs.length,
      callers: [...new Set(rs.map((r) => r.caller))].sort(),
      reportIds: rs.map((r) => r.id),
    })),
  }));
}

type Cell = { district: string; topic: string; t: number; reports: number; callers: number };
const cellRows = (series: MinuteSeries[]): Cell[] =>
  series.flatMap((s) =>
    s.cells.map((c) => ({
      district: c.district,
      topic: c.topic,
      t: s.minute * MINUTE_MS,
      reports: c.reports,
      callers: c.callers.length,
    })),
  );

/** percentile_cont: linear interpolation between order statistics. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const x = (s.length - 1) * p;
  return s[Math.floor(x)] + (s[Math.ceil(x)] - s[Math.floor(x)]) * (x - Math.floor(x));
}

const reports = generate();
const series = minuteSeries(reports);
const cells = cellRows(series);

describe.each(BACKENDS)('queries on %s', (backend: Backend) => {
  let open: Awaited<ReturnType<typeof openTestStore>>;
  let store: Store;
  beforeAll(async () => {
    open = await openTestStore(backend, { now: () => START });
    store = open.store;
    await Promise.all([store.writer.writeReports(reports), store.writer.writeSeries(series)]);
  }, 60_000);
  afterAll(() => disposeTestStore(open, backend));

  it.each([1, 60, 1440])(
    'adds up a cell, a district, a topic and the city at %i-minute buckets',
    async (bucketMinutes) => {
      const from = START + 3 * 86_400_000 + 7 * MINUTE_MS; // not on a bucket boundary: moved back to one
      const to = START + 33 * 86_400_000;
      const stride = bucketMinutes * MINUTE_MS;
      const start = START + Math.floor((from - START) / stride) * stride;
      for (const filter of [
        { district: 'gaoxin', topic: 'noise' },
        { district: 'wuhou' },
        { topic: 'traffic' },
        {},
      ] as Array<{ district?: string; topic?: string }>) {
        const expected = Array.from({ length: Math.ceil((to - start) / stride) }, (_, i) => ({
          t: start + i * stride,
          reports: 0,
          callers: 0,
        }));
        for (const c of cells) {
          if (
            c.t < start ||
            c.t >= to ||
            (filter.district && c.district !== filter.district) ||
            (filter.topic && c.topic !== filter.topic)
          )
            continue;
          const point = expected[Math.floor((c.t - start) / stride)];
          point.reports += c.reports;
          point.callers += c.callers;
        }
        expect(await store.queries.series({ ...filter, from, to, bucketMinutes })).toEqual(expected);
      }
    },
  );

  it('totals a local day by topic, district, channel and hour', async () => {
    const day = '2026-01-20';
    const ofDay = reports.filter((r) => clock.localDay(r.t) === day);
    const tally = (key: (r: Report) => string) => {
      const groups = new Map<string, Report[]>();
      for (const r of ofDay) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
      return [...groups]
        .map(([k, rs]) => ({ key: k, reports: rs.length, callers: new Set(rs.map((r) => r.caller)).size }))
        .sort((a, b) => b.reports - a.reports || a.key.localeCompare(b.key));
    };
    const byHour = Array.from({ length: 24 }, (_, h) => ofDay.filter((r) => clock.hourOfWeek(r.t) % 24 === h).length);
    expect(await store.queries.dailyTotals(day)).toEqual({
      day,
      reports: ofDay.length,
      callers: new Set(ofDay.map((r) => r.caller)).size,
      late: 0,
      byTopic: tally((r) => r.topic ?? 'unknown'),
      byDistrict: tally((r) => r.district ?? 'unknown'),
      byChannel: tally((r) => r.channel ?? 'unknown'),
      byHour,
    });
    await expect(store.queries.dailyTotals('2026-13-45')).rejects.toThrow(/day: expected YYYY-MM-DD/);
  });

  it('ranks cells by excess callers over the same window of past weeks', async () => {
    const at = START + 35 * 86_400_000 + 15 * HOUR_MS;
    const weeks = 4;
    const sums = new Map<string, { reports: number; callers: number; pastReports: number; pastCallers: number }>();
    for (const c of cells) {
      for (let k = 0; k <= weeks; k++) {
        const end = at - k * 7 * 86_400_000;
        if (c.t < end - 3 * HOUR_MS || c.t >= end) continue;
        const key = `${c.district}|${c.topic}`;
        const s = sums.get(key) ?? { reports: 0, callers: 0, pastReports: 0, pastCallers: 0 };
        if (k === 0) {
          s.reports += c.reports;
          s.callers += c.callers;
        } else {
          s.pastReports += c.reports;
          s.pastCallers += c.callers;
        }
        sums.set(key, s);
      }
    }
    const expected = [...sums]
      .filter(([, s]) => s.reports > 0)
      .map(([key, s]) => {
        const [district, topic] = key.split('|');
        const expectedCallers = s.pastCallers / weeks;
        return {
          district,
          topic,
          reports: s.reports,
          callers: s.callers,
          expectedReports: s.pastReports / weeks,
          expectedCallers,
          score: (s.callers - expectedCallers) / Math.sqrt(expectedCallers + 1),
        };
      })
      .sort((a, b) => b.score - a.score || a.district.localeCompare(b.district) || a.topic.localeCompare(b.topic))
      .slice(0, 5);
    const top = await store.queries.topCells({ at, windowMinutes: 180, weeks, limit: 5 });
    expect(top.map((c) => `${c.district}.${c.topic}`)).toEqual(expected.map((c) => `${c.district}.${c.topic}`));
    for (const [i, c] of top.entries()) expect(c.score).toBeCloseTo(expected[i].score, 9);
    expect(top[0]).toMatchObject({ reports: expected[0].reports, callers: expected[0].callers });
  });

  it('gives the warm start hourly counts per cell for the last weeks', async () => {
    const until = START + 30 * 86_400_000 + 30 * MINUTE_MS; // moved back to a whole hour
    const from = START + 30 * 86_400_000 - 2 * 7 * 86_400_000;
    const hours = new Map<
      string,
      { district: string; topic: string; hourStart: number; reports: number; callers: number }
    >();
    for (const c of cells.filter((c) => c.t >= from && c.t < until - 30 * MINUTE_MS)) {
      const hourStart = Math.floor(c.t / HOUR_MS) * HOUR_MS;
      const key = `${hourStart}|${c.district}|${c.topic}`;
      const h = hours.get(key) ?? { district: c.district, topic: c.topic, hourStart, reports: 0, callers: 0 };
      h.reports += c.reports;
      h.callers += c.callers;
      hours.set(key, h);
    }
    const expected = [...hours.values()].sort(
      (a, b) => a.hourStart - b.hourStart || a.district.localeCompare(b.district) || a.topic.localeCompare(b.topic),
    );
    const got = await store.queries.hourlyCounts({ until, weeks: 2 });
    expect(got).toEqual(expected);
  });

  it('lists alerts by filter, newest first, page after page, and measures response times by unit', async () => {
    const statuses: AlertStatus[] = ['open', 'acknowledged', 'dispatched', 'resolved'];
    const units = ['住建局', '交通局'];
    const alerts = Array.from({ length: 23 }, (_, i) =>
      makeAlert(`al-${String(i).padStart(2, '0')}`, START + Math.floor(i / 2) * HOUR_MS, {
        district: DISTRICTS[i % 3],
      }),
    );
    for (const a of alerts) await store.writer.writeAlertEvents([{ type: 'alert.opened', alert: a }]);
    const plan = alerts.map((a, i) => ({
      a,
      status: statuses[i % 4],
      unit: units[i % 2],
      ack: 3 + i,
      dispatch: 10 + 2 * i,
      /** Minutes from the dispatch to the unit signing for it (签收). */
      sign: 4 + (i % 5),
      resolve: 60 + i,
    }));
    for (const p of plan) {
      const at = (m: number) => new Date(Date.parse(p.a.openedAt) + m * MINUTE_MS).toISOString();
      if (p.status !== 'open')
        await store.writer.writeAlertEvents([{ type: 'alert.acknowledged', alert: p.a, actor: 'duty', at: at(p.ack) }]);
      if (p.status === 'dispatched' || p.status === 'resolved')
        await store.writer.writeAlertEvents([
          { type: 'alert.dispatched', alert: p.a, actor: 'duty', unit: p.unit, at: at(p.dispatch) },
          { type: 'alert.acknowledged', alert: p.a, actor: 'unit', at: at(p.dispatch + p.sign) },
        ]);
      if (p.status === 'resolved')
        await store.writer.writeAlertEvents([
          { type: 'alert.resolved', alert: p.a, actor: 'duty', at: at(p.dispatch + p.resolve) },
        ]);
    }
    const byOpening = [...plan].sort(
      (x, y) => Date.parse(y.a.openedAt) - Date.parse(x.a.openedAt) || y.a.id.localeCompare(x.a.id),
    );
    const wanted = byOpening
      .filter((p) => p.a.district === 'gaoxin' && p.status !== 'open')
      .map((p) => [p.a.id, p.status]);
    const seen: Array<[string, string]> = [];
    let cursor: string | undefined;
    do {
      const page = await store.queries.listAlerts({
        district: 'gaoxin',
        status: ['acknowledged', 'dispatched', 'resolved'],
        limit: 2,
        cursor,
      });
      seen.push(...page.items.map((a): [string, string] => [a.id, a.status]));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(wanted);
    const from = START + 3 * HOUR_MS;
    const inRange = (await store.queries.listAlerts({ from, to: from + 2 * HOUR_MS, limit: 500 })).items.map(
      (a) => a.id,
    );
    expect(inRange).toEqual(
      byOpening
        .filter((p) => Date.parse(p.a.openedAt) >= from && Date.parse(p.a.openedAt) < from + 2 * HOUR_MS)
        .map((p) => p.a.id),
    );
    const resolved = (await store.queries.listAlerts({ status: ['resolved'], limit: 1 })).items[0];
    expect(resolved).toMatchObject({ status: 'resolved', workflow: { acknowledgedBy: 'duty', dispatchedBy: 'duty' } });
    expect(resolved.resolvedAt).toMatch(/\+08:00$/);
    await expect(store.queries.listAlerts({ cursor: 'nonsense' })).rejects.toThrow(/cursor/);

    const expected = units
      .map((unit) => {
        const ps = plan.filter((p) => p.unit === unit && (p.status === 'dispatched' || p.status === 'resolved'));
        const done = ps.filter((p) => p.status === 'resolved');
        return {
          unit,
          alerts: ps.length,
          resolved: done.length,
          acknowledgeMedianMinutes: percentile(
            ps.map((p) => p.sign),
            0.5,
          ),
          dispatchMedianMinutes: percentile(
            ps.map((p) => p.dispatch),
            0.5,
          ),
          dispatchP90Minutes: percentile(
            ps.map((p) => p.dispatch),
            0.9,
          ),
          resolveMedianMinutes: percentile(
            done.map((p) => p.resolve),
            0.5,
          ),
        };
      })
      .sort((a, b) => (a.unit < b.unit ? -1 : 1));
    const got = await store.queries.responseTimes();
    expect(got.map((u) => u.unit)).toEqual(expected.map((u) => u.unit));
    got.forEach((u, i) => {
      expect(u).toMatchObject({ dispatched: expected[i].alerts, resolved: expected[i].resolved });
      for (const k of [
        'acknowledgeMedianMinutes',
        'dispatchMedianMinutes',
        'dispatchP90Minutes',
        'resolveMedianMinutes',
      ] as const)
        expect(u[k]).toBeCloseTo(expected[i][k]!, 6);
    });
  });

  it('archives a morning report and reads it back', async () => {
    const pdf = new Uint8Array([37, 80, 68, 70, 0, 255]);
    await store.archive.put({
      profile: 'chengdu',
      day: '2026-01-20',
      summary: { reports: 1 },
      html: '<h1>早报</h1>',
      pdf,
    });
    await store.archive.put({ profile: 'chengdu', day: '2026-01-21', summary: { reports: 2 }, html: null });
    const got = await store.archive.get('chengdu', '2026-01-20');
    expect(got).toMatchObject({
      profile: 'chengdu',
      day: '2026-01-20',
      summary: { reports: 1 },
      html: '<h1>早报</h1>',
    });
    expect([...got!.pdf!]).toEqual([...pdf]);
    expect(await store.archive.days('chengdu')).toEqual(['2026-01-21', '2026-01-20']);
    expect(await store.archive.get('chengdu', '2026-01-22')).toBeNull();
  });

  it('answers bad query input with an error naming the field', async () => {
    await expect(store.queries.series({ from: START, to: START + HOUR_MS, bucketMinutes: 0 })).rejects.toThrow(
      /^bucketMinutes:/,
    );
    await expect(store.queries.series({ from: Number.NaN, to: START, bucketMinutes: 1 })).rejects.toThrow(/^from:/);
    await expect(store.queries.topCells({ at: START, weeks: 0 })).rejects.toThrow(/^weeks:/);
  });
});

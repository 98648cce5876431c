// The morning report of a generated day: the same figures from `report --input FEED` and from the store an engine
// filled from the replayed feed; every total and ranking equal to SQL written independently over that store; the
// injected incidents of the day among its top issues.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Truth } from '../engine/generate/truth.ts';
import { addDays } from '../engine/report/report-days.ts';
import { renderReportHtml } from '../engine/report/render-report-html.ts';
import type { MorningReport } from '../schemas/morning-report.ts';
import { runLizheng } from './support/lizheng-process.ts';
import { PrivateNatsServer } from './support/nats-server.ts';
import { PG_URL, adminQuery, dropSchema, freshSchema } from './store-fixtures.ts';

// A smaller Chengdu (1,000 reports a weekday) keeps the replay short; everything else is the real profile.
const DAYS = 9;
const TZ = 'Asia/Shanghai';
const INCIDENTS = new Set(['incident', 'small_incident']);
/** The day reported on: the last with an injected incident from the 8th day on (so a week earlier exists). */
let DAY: string;

let dir: string;
let nats: PrivateNatsServer;
let schema: string;
let fromFeed: MorningReport;
let fromStore: MorningReport;
let truth: Truth;
const env = { DATABASE_URL: PG_URL };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lizheng-report-'));
  const profile = JSON.parse(readFileSync('engine/profile/chengdu.json', 'utf8')) as { dailyVolume: number };
  profile.dailyVolume = 1_000;
  const profileFile = join(dir, 'city.json');
  writeFileSync(profileFile, JSON.stringify(profile));
  const common = ['--profile', profileFile];
  await runLizheng(['generate', '--days', String(DAYS), '--seed', '3', '--out', dir, '--no-progress', ...common]);
  truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
  DAY = truth.surges
    .filter((s) => INCIDENTS.has(s.kind) && s.start.slice(0, 10) >= '2026-01-12')
    .map((s) => s.start.slice(0, 10))
    .sort()
    .at(-1)!;
  const feed = join(dir, 'feed.ndjson');
  const out = join(dir, 'from-feed.json');
  await runLizheng([
    'report',
    '--input',
    feed,
    '--date',
    DAY,
    '--format',
    'json',
    '--out',
    out,
    '--no-progress',
    ...common,
  ]);
  fromFeed = JSON.parse(readFileSync(out, 'utf8')) as MorningReport;

  nats = await PrivateNatsServer.start();
  schema = freshSchema('t_report');
  await runLizheng(['replay', '--input', feed, '--nats', nats.url, '--no-progress', ...common]);
  await runLizheng(
    ['engine', '--replay', '--store', '--store-schema', schema, '--no-reports', '--nats', nats.url, ...common],
    env,
  );
  const stored = join(dir, 'from-store.json');
  await runLizheng(
    ['report', '--date', DAY, '--format', 'json', '--out', stored, '--store-schema', schema, ...common],
    env,
  );
  fromStore = JSON.parse(readFileSync(stored, 'utf8')) as MorningReport;
}, 300_000);

afterAll(async () => {
  if (schema) await dropSchema(schema);
  await nats?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const local = (column: string) => `(${column} AT TIME ZONE '${TZ}')`;
const onDay = (day: string) => `${local('received_at')}::date = DATE '${day}'`;
const q = <R>(sql: string) => adminQuery<R>(sql.replaceAll('$S', `"${schema}"`));

describe('lizheng report', () => {
  it('gives the same figures from the feed file as from the store the engine filled', () => {
    const strip = ({ generatedAt: _g, source: _s, ...rest }: MorningReport) => rest;
    expect(fromStore.source).toBe('store');
    expect(fromFeed.source).toBe('feed');
    expect(fromStore.hasData).toBe(true);
    expect(strip(fromFeed)).toEqual(strip(fromStore));
  });

  it('adds up as SQL written independently over the same store', async () => {
    const r = fromStore;
    const [day] = await q<{ n: number; people: number; late: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT caller)::int AS people, count(*) FILTER (WHERE late)::int AS late
         FROM $S.reports WHERE ${onDay(DAY)}`,
    );
    expect({ reports: r.overview.reports, callers: r.overview.callers, late: r.overview.late }).toEqual({
      reports: day!.n,
      callers: day!.people,
      late: day!.late,
    });
    const [before] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM $S.reports WHERE ${onDay(addDays(DAY, -1))}`,
    );
    const [week] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM $S.reports WHERE ${onDay(addDays(DAY, -7))}`);
    expect(r.overview.previousDay?.reports).toBe(before!.n);
    expect(r.overview.weekBefore?.reports).toBe(week!.n);

    // Rankings: the same order (count, then code) and the same counts, for each breakdown.
    for (const [column, rows] of [
      ['topic', r.topics.rows],
      ['district', r.districts.rows],
      ['channel', r.overview.channels],
    ] as const) {
      const sql = await q<{ code: string; n: number }>(
        `SELECT coalesce(${column}, 'unknown') AS code, count(*)::int AS n FROM $S.reports WHERE ${onDay(DAY)}
          GROUP BY 1 ORDER BY n DESC, coalesce(${column}, 'unknown') COLLATE "C"`,
      );
      expect(rows.map((x) => [x.code, x.reports])).toEqual(sql.map((x) => [x.code, x.n]));
    }
    const chenghua = r.districts.rows.find((x) => x.code === 'chenghua')!;
    expect(chenghua.per10k).toBeCloseTo((chenghua.reports / 1_382_000) * 10_000, 2);

    const hours = await q<{ h: number; n: number }>(
      `SELECT extract(hour FROM ${local('received_at')})::int AS h, count(*)::int AS n FROM $S.reports
        WHERE ${onDay(DAY)} GROUP BY 1`,
    );
    const observed = Array.from({ length: 24 }, (_, h) => hours.find((x) => x.h === h)?.n ?? 0);
    expect(r.hours.observed).toEqual(observed);
    // The usual curve: the same weekday a week earlier (the only one in a 9-day feed).
    expect(r.hours.usualDays).toEqual([addDays(DAY, -7)]);

    const daily = await q<{ d: string; n: number }>(
      `SELECT ${local('received_at')}::date::text AS d, count(*)::int AS n FROM $S.reports GROUP BY 1 ORDER BY 1`,
    );
    const trend = new Map(r.daily.map((x) => [x.day, x.reports]));
    for (const x of daily.filter((d) => d.d <= DAY)) expect(trend.get(x.d)).toBe(x.n);
    expect(r.daily).toHaveLength(30);

    const alerts = await q<{ id: string }>(
      `SELECT id FROM $S.alerts WHERE ${local('opened_at')}::date = DATE '${DAY}' ORDER BY id`,
    );
    expect(r.alerts.map((a) => a.id).sort()).toEqual(alerts.map((a) => a.id));
    // Nobody handled a replayed feed's alerts: those the engine closed went quiet, they were not 办结.
    const quiet = r.alerts.filter((a) => a.status === 'resolved');
    expect(quiet.length).toBeGreaterThan(0);
    expect(quiet.every((a) => a.resolvedBy === 'engine' && a.unitSuggested)).toBe(true);
    expect(renderReportHtml(r)).toContain('已平息');
  });

  it("names the day's injected incidents among its top issues", () => {
    const injected = truth.surges.filter((s) => INCIDENTS.has(s.kind) && s.start.startsWith(DAY));
    expect(injected.length).toBeGreaterThan(0);
    for (const s of injected) {
      const place = s.place!.split(' ').at(-1)!;
      expect(fromStore.topIssues.map((i) => i.title).join('\n')).toContain(place);
    }
    for (const issue of fromStore.topIssues) {
      expect(issue.caseSummary).toContain(`${issue.people}人`);
      expect(issue.quotes.length).toBeGreaterThan(0);
    }
  });
});

// The morning report's figures in process: gathered from a PGlite store holding a handled day (an incident with its
// surge, a dispatched and an officer-resolved alert, one carried over from the day before), and the rankings and
// sentences on their own — the fair unit ranking, recurring hotspots, top issues and the analyst's wording.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyntheticFeed } from '../engine/generate/synthetic-feed.ts';
import { writeFeed } from '../engine/generate/write-feed.ts';
import { storeFeed } from '../engine/report/feed-report-store.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { hoursSentence, overviewSentence, topicsSentence } from '../engine/report/analyst-sentences.ts';
import { gatherReport } from '../engine/report/gather-report.ts';
import { recurringHotspots } from '../engine/report/recurring-hotspots.ts';
import { reportNames } from '../engine/report/report-names.ts';
import { rankTopIssues, type IssueCandidate } from '../engine/report/top-issues.ts';
import { rankUnits } from '../engine/report/unit-responsiveness.ts';
import type { Store } from '../engine/store/index.ts';
import type { UnitResponseTimes } from '../engine/store/queries/alert-query.ts';
import { CityClock } from '../engine/time/event-time.ts';
import type { MorningReport } from '../schemas/morning-report.ts';
import { disposeTestStore, makeAlert, makeReport, openTestStore } from './store-fixtures.ts';

const profile = loadProfile('chengdu');
const clock = new CityClock('Asia/Shanghai');
const at = (local: string) => Date.parse(`${local}+08:00`);
const iso = (local: string) => new Date(at(local)).toISOString();

describe('gatherReport on a handled day', () => {
  let opened: { store: Store; schema: string };
  let report: MorningReport;
  beforeAll(async () => {
    opened = await openTestStore('pglite');
    const { writer } = opened.store;
    const place = Array.from({ length: 12 }, (_, i) =>
      makeReport(`p${i}`, at(`2026-02-02T20:${String(10 + i).padStart(2, '0')}:00`), {
        district: 'jianyang',
        topic: 'public_safety',
        caller: `c${i}`,
        text: i % 2 ? '紫荆花园有人打架斗殴，老人孩子都不敢出门' : '简阳市紫荆花园晚上有人打架，被困在家里不敢出去',
      }),
    );
    const other = Array.from({ length: 30 }, (_, i) =>
      makeReport(`o${i}`, at(`2026-02-02T${String(8 + (i % 12)).padStart(2, '0')}:05:00`), {
        district: i % 3 ? 'wuhou' : 'chenghua',
        topic: i % 2 ? 'traffic' : 'noise',
        channel: i % 4 ? 'hotline' : 'app',
        caller: `k${i % 25}`,
      }),
    );
    const before = [
      makeReport('b1', at('2026-02-01T10:00:00'), { topic: 'traffic' }),
      makeReport('w1', at('2026-01-26T10:00:00'), { topic: 'traffic' }),
      makeReport('w2', at('2026-01-26T11:00:00'), { topic: 'noise' }),
    ];
    await writer.writeReports([...place, ...other, ...before]);
    const ids = place.map((r) => r.id);
    const incident = makeAlert('inc-1', at('2026-02-02T20:20:00'), {
      kind: 'incident',
      district: 'jianyang',
      topic: 'public_safety',
      place: '紫荆花园',
      count: 12,
      distinctCallers: 12,
      expected: 1,
      reportIds: ids,
    });
    const surge = makeAlert('surge-1', at('2026-02-02T20:25:00'), {
      district: 'jianyang',
      topic: 'public_safety',
      count: 12,
      distinctCallers: 12,
      reportIds: ids,
      incidentIds: ['inc-1'],
    });
    const handled = makeAlert('noise-1', at('2026-02-02T09:00:00'), { district: 'wuhou', topic: 'noise' });
    const carried = makeAlert('old-1', at('2026-02-01T15:00:00'), { district: 'chenghua', topic: 'traffic' });
    await writer.writeAlertEvents([
      { type: 'alert.opened', alert: incident },
      { type: 'alert.opened', alert: surge },
      {
        type: 'alert.dispatched',
        alert: incident,
        actor: 'duty',
        unit: '市公安局',
        deadline: '2h',
        at: iso('2026-02-02T20:40:00'),
      },
      { type: 'alert.opened', alert: handled },
      { type: 'alert.acknowledged', alert: handled, actor: 'duty', at: iso('2026-02-02T09:10:00') },
      {
        type: 'alert.dispatched',
        alert: handled,
        actor: 'duty',
        unit: '市生态环境局、属地公安',
        deadline: '24h',
        at: iso('2026-02-02T09:30:00'),
      },
      { type: 'alert.resolved', alert: handled, actor: 'duty', at: iso('2026-02-02T12:00:00') },
      { type: 'alert.opened', alert: carried },
    ]);
    await writer.flush();
    report = await gatherReport(opened.store.queries, profile, clock, {
      day: '2026-02-02',
      now: at('2026-02-03T00:05:00'),
      source: 'store',
      top: 5,
      events: [
        { date: '2026-02-02', title: '治安专项整治启动', scope: 'public_safety' },
        { date: '2025-12-01', title: '太早', scope: 'city' },
      ],
    });
  });
  afterAll(() => disposeTestStore(opened, 'pglite'));

  it('counts the day against the day before and the same weekday a week earlier', () => {
    expect(report.hasData).toBe(true);
    expect(report.overview.reports).toBe(42);
    expect(report.overview.previousDay).toEqual({ day: '2026-02-01', reports: 1, callers: 1 });
    expect(report.overview.weekBefore).toEqual({ day: '2026-01-26', reports: 2, callers: 2 });
    expect(report.overview.channels.map((c) => [c.name, c.reports])).toEqual([
      ['12345热线', 34],
      ['移动客户端', 8],
    ]);
    expect(report.hours.usualDays).toEqual(['2026-01-26']);
    expect(report.hours.usual?.[10]).toBe(1);
    expect(report.hours.sentence).toMatch(/^来件高峰出现在20时至21时（12件）/);
    expect(report.events.map((e) => [e.title, e.scopeName])).toEqual([['治安专项整治启动', '治安安全']]);
  });

  it('prints each alert with its unit and response minutes, as far as the workflow went', () => {
    const byId = new Map(report.alerts.map((a) => [a.id, a]));
    expect(byId.get('noise-1')).toMatchObject({
      status: 'resolved',
      resolvedBy: 'duty',
      unit: '市生态环境局、属地公安',
      unitSuggested: false,
      response: { acknowledge: 10, dispatch: 30, resolve: 180 },
    });
    expect(byId.get('inc-1')).toMatchObject({ status: 'dispatched', response: { dispatch: 20, resolve: null } });
    expect(byId.get('surge-1')).toMatchObject({ unit: '市公安局', unitSuggested: true });
    expect(byId.has('old-1')).toBe(false); // opened the day before
  });

  it('ranks the incident first, stands it for its surge, and carries over what is still open', () => {
    const titles = report.topIssues.map((i) => i.title);
    expect(titles[0]).toBe('简阳市·紫荆花园');
    expect(titles).not.toContain('简阳市·治安安全'); // the surge the incident is in
    // Carried over from the day before and still open; the one an officer resolved comes last (no 3 points).
    expect(titles.slice(1)).toEqual(['成华区·交通出行', '武侯区·噪音扰民']);
    const first = report.topIssues[0];
    expect(first.urgentSignals).toEqual(expect.arrayContaining(['被困', '暴力']));
    expect(first.caseSummary).toMatch(/^简阳市·紫荆花园：自2月2日20时起，12人反映“.+”等问题，共12件/);
    expect(first.caseSummary).toContain('已派单，待签收，办理中，已派市公安局办理');
    expect(first.quotes).toHaveLength(2);
  });
});

describe('the report rankings', () => {
  const times = (unit: string, dispatched: number, resolvedInTime: number): UnitResponseTimes => ({
    unit,
    dispatched,
    acknowledgedInTime: 0,
    resolved: resolvedInTime,
    resolvedInTime,
    overdueNow: null,
    acknowledgeMedianMinutes: null,
    dispatchMedianMinutes: null,
    dispatchP90Minutes: null,
    resolveMedianMinutes: 60,
  });

  it('ranks units by their rate shrunk toward the city, listing the ones with few cases unranked', () => {
    const units = rankUnits([times('A', 2, 2), times('B', 40, 38), times('C', 10, 1)]);
    expect(units.cityRate).toBeCloseTo(41 / 52, 10);
    expect(units.rows.map((r) => [r.unit, r.rank])).toEqual([
      ['B', 1],
      ['C', 2],
      ['A', null],
    ]);
    const b = units.rows[0];
    expect(b.shrunkRate!).toBeLessThan(b.rate!);
    expect(b.shrunkRate!).toBeGreaterThan(units.cityRate!);
    expect(units.method).toContain('少于5件');
    expect(rankUnits([]).cityRate).toBeNull();
  });

  it('finds cells and places with alerts on at least three of the days', () => {
    const names = reportNames(profile);
    const a = (kind: string, day: string, place: string | null = null, topic = 'noise') => ({
      kind,
      district: 'wuhou',
      topic,
      place,
      day,
    });
    const hotspots = recurringHotspots(
      [
        a('surge', '2026-02-01'),
        a('surge', '2026-02-01'),
        a('surge', '2026-02-03'),
        a('surge', '2026-02-05'),
        a('surge', '2026-02-01', null, 'traffic'),
        a('surge', '2026-02-02', null, 'traffic'),
        a('incident', '2026-02-01', '玉林小区'),
        a('incident', '2026-02-02', '玉林小区'),
        a('incident', '2026-02-04', '玉林小区'),
        a('citywide', '2026-02-01'),
      ],
      names,
    );
    expect(hotspots.map((h) => [h.title, h.days, h.alerts])).toEqual([
      ['武侯区·噪音扰民', 3, 4],
      ['武侯区·玉林小区', 3, 3],
    ]);
  });

  it('ranks top issues by urgency, people and growth, cutting long quotes', () => {
    const candidate = (id: string, people: number, texts: string[], fields: Partial<IssueCandidate> = {}) => ({
      alertId: id,
      kind: 'surge' as const,
      title: id,
      people,
      reports: people,
      expected: 2,
      since: '2026-02-02T09:00:00+08:00',
      unresolved: true,
      state: '尚未处置',
      unit: '市住建局',
      unitSuggested: true,
      texts,
      ...fields,
    });
    const long = `电梯${'很'.repeat(100)}旧`;
    const ranked = rankTopIssues(
      [
        candidate('many', 40, ['物业不作为']),
        candidate('trapped', 6, ['电梯里有人被困', '有人被困在电梯', long]),
        candidate('done', 60, ['路灯坏了'], { unresolved: false, state: '已办结' }),
      ],
      2,
    );
    expect(ranked.map((r) => r.alertId)).toEqual(['trapped', 'many']);
    expect(ranked[0].quotes.every((q) => q.length <= 80)).toBe(true);
    expect(ranked[0].caseSummary).toContain('建议由市住建局牵头处理');
  });

  it('writes the analyst sentences, naming only comparisons that have data', () => {
    const row = (code: string, name: string, reports: number, week: number | null) => ({
      code,
      name,
      reports,
      callers: reports,
      share: reports / 100,
      previousDay: null,
      weekBefore: week,
      changeWeek: week ? (reports - week) / week : null,
    });
    const today = { day: '2026-02-02', reports: 100, callers: 90 };
    expect(overviewSentence(today, null, null, [])).toBe('全天共受理群众诉求100件，涉及90人。');
    expect(
      overviewSentence(today, { ...today, reports: 80 }, { ...today, reports: 100 }, [
        row('app', '移动客户端', 60, null),
      ]),
    ).toBe('全天共受理群众诉求100件，涉及90人，较前一日增加25.0%，较上周同日持平；移动客户端渠道来件最多，占60.0%。');
    expect(topicsSentence([row('traffic', '交通出行', 50, 20), row('noise', '噪音扰民', 30, 29)])).toBe(
      '总体反映量较大的有交通出行和噪音扰民，分别占50.0%、30.0%；交通出行较上周同日增幅最大（增加150.0%）。',
    );
    expect(hoursSentence([0, 3, 1, ...Array(21).fill(0)], null)).toBe(
      '来件高峰出现在1时至2时（3件）；此前同星期无数据，未作常日比较。',
    );
  });
});

describe('storeFeed (report --input)', () => {
  it('stores the window of a feed with detect’s alerts, skipping a bad line by its number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lizheng-feed-store-'));
    try {
      const feed = new SyntheticFeed({ profile, seed: 'feed-store', days: 2, start: '2026-01-05', surges: true });
      const { feedPath } = await writeFeed(feed, dir);
      appendFileSync(feedPath, '{"id": "broken"\n');
      const warnings: string[] = [];
      const from = at('2026-01-06T00:00:00');
      const fed = await storeFeed({
        path: feedPath,
        profileName: 'chengdu',
        profile,
        from,
        to: at('2026-01-07T00:00:00'),
        progress: false,
        warn: (line) => warnings.push(line),
      });
      try {
        const lines = readFileSync(feedPath, 'utf8').trimEnd().split('\n');
        const onDay = lines
          .slice(0, -1)
          .filter((l) => (JSON.parse(l) as { receivedAt: string }).receivedAt >= '2026-01-06');
        expect({ reports: fed.reports, skipped: fed.skipped, broken: fed.broken }).toEqual({
          reports: lines.length - 1,
          skipped: 1,
          broken: null,
        });
        expect(warnings.join('\n')).toContain(`line ${lines.length}`);
        const totals = await fed.store.queries.dailyTotals('2026-01-06');
        expect(totals.reports).toBe(onDay.length);
        expect((await fed.store.queries.dailyTotals('2026-01-05')).reports).toBe(0); // outside the window
        const alerts = await fed.store.queries.listAlerts({ limit: 500 });
        expect(alerts.items.length).toBeGreaterThan(0);
      } finally {
        await fed.store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

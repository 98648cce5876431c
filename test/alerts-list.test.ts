// GET /api/alerts and /api/alerts/:id on a real gateway (real NATS, PGlite): filters, paging, bad input named by
// field, 401 without a token, 404 for an unknown alert, and one alert's timeline, band, grouped texts and unit.
import { beforeAll, describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../engine/time/event-time.ts';
import type { LiveAlert } from '../schemas/alert-workflow.ts';
import { useGateway } from './support/gateway-harness.ts';
import { makeAlert, makeReport } from './store-fixtures.ts';

const WEEK_MS = 7 * 24 * 60 * MINUTE_MS;
/** Three hours before the wall clock (the harness's feed clock), on a whole minute. */
const T0 = Math.floor((Date.now() - 3 * 60 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
const TEXTS = [
  '锦城小区停水三天了，物业不管',
  '锦城小区停水三天了物业不管！',
  '锦城小区已经停水三天了，物业不管',
  '电梯困人',
];

describe('alerts: list and detail', () => {
  const h = useGateway();
  const get = (url: string, role: 'viewer' | 'officer' | null = 'viewer') =>
    h.gateway.app.inject({ method: 'GET', url, headers: role ? h.auth[role] : {} });

  beforeAll(async () => {
    const { writer } = h.gateway.ctx.store;
    const reports = TEXTS.map((text, i) => makeReport(`r${i}`, T0 + i * 1000, { text }));
    await writer.writeReports(reports);
    // The cell's minutes: 6 callers in the opening minute now, 1 in the same minute of each past week.
    const minute = (t: number, callers: number) => ({
      minute: t / MINUTE_MS,
      cells: [
        {
          district: 'gaoxin',
          topic: 'property',
          reports: callers,
          callers: [...'abcdef'].slice(0, callers),
          reportIds: [],
        },
      ],
    });
    await writer.writeSeries([minute(T0, 6), ...[1, 2, 3, 4].map((k) => minute(T0 - k * WEEK_MS, 1))]);
    await writer.writeAlertEvents([
      { type: 'alert.opened', alert: makeAlert('a-gaoxin', T0, { reportIds: reports.map((r) => r.id) }) },
      {
        type: 'alert.opened',
        alert: makeAlert('a-wuhou', T0 + 60 * MINUTE_MS, { district: 'wuhou', topic: 'traffic' }),
      },
      {
        type: 'alert.opened',
        alert: makeAlert('a-city', T0 + 120 * MINUTE_MS, { kind: 'citywide', district: null, topic: 'traffic' }),
      },
    ]);
    const wuhou = makeAlert('a-wuhou', T0 + 60 * MINUTE_MS, { district: 'wuhou', topic: 'traffic' });
    await writer.writeAlertEvents([
      { type: 'alert.acknowledged', alert: wuhou, actor: 'duty-1', at: new Date(T0 + 65 * MINUTE_MS).toISOString() },
    ]);
  });

  it('asks for a token', async () => {
    const res = await get('/api/alerts', null);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('LZ_UNAUTHORIZED');
  });

  it('lists LiveAlerts newest first, with their workflow', async () => {
    const res = await get('/api/alerts');
    expect(res.statusCode).toBe(200);
    const items: LiveAlert[] = res.json().items;
    expect(items.map((a) => [a.id, a.status])).toEqual([
      ['a-city', 'open'],
      ['a-wuhou', 'acknowledged'],
      ['a-gaoxin', 'open'],
    ]);
    expect(items[1].workflow).toMatchObject({ acknowledgedBy: 'duty-1', quiet: false, unit: null });
    expect(items[1].workflow.acknowledgedAt).toMatch(/\+08:00$/);
    expect(res.json().nextCursor).toBeNull();
  });

  it('filters by status (comma list or repeated), kind, district by name, topic and time', async () => {
    const ids = async (query: string) => (await get(`/api/alerts?${query}`)).json().items.map((a: LiveAlert) => a.id);
    expect(await ids('status=acknowledged,resolved')).toEqual(['a-wuhou']);
    expect(await ids('status=open&status=acknowledged')).toEqual(['a-city', 'a-wuhou', 'a-gaoxin']);
    expect(await ids('kind=citywide')).toEqual(['a-city']);
    expect(await ids(`district=${encodeURIComponent('高新区')}`)).toEqual(['a-gaoxin']);
    expect(await ids('topic=traffic')).toEqual(['a-city', 'a-wuhou']);
    const since = encodeURIComponent(new Date(T0 + 30 * MINUTE_MS).toISOString());
    const until = encodeURIComponent(new Date(T0 + 90 * MINUTE_MS).toISOString());
    expect(await ids(`since=${since}&until=${until}`)).toEqual(['a-wuhou']);
    expect(await ids('overdue=true')).toEqual([]);
    expect(await ids(`unit=${encodeURIComponent('市住建局')}`)).toEqual([]);
  });

  it('pages with a cursor', async () => {
    const first = (await get('/api/alerts?limit=2')).json();
    expect(first.items.map((a: LiveAlert) => a.id)).toEqual(['a-city', 'a-wuhou']);
    const second = (await get(`/api/alerts?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toMatchObject({ items: [{ id: 'a-gaoxin' }], nextCursor: null });
  });

  it('names the field of every bad filter', async () => {
    const paths = async (query: string) => {
      const res = await get(`/api/alerts?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('LZ_INVALID_REQUEST');
      return res.json().errors.map((e: { path: string }) => e.path);
    };
    expect(await paths('status=open,closed')).toContain('/status/1');
    expect(await paths('kind=storm')).toContain('/kind');
    expect(await paths('district=atlantis')).toEqual(['/district']);
    expect(await paths('unit=nobody')).toEqual(['/unit']);
    expect(await paths('since=yesterday')).toEqual(['/since']);
    expect(await paths('limit=0')).toEqual(['/limit']);
    expect(await paths('cursor=nonsense')).toEqual(['/cursor']);
    expect(await paths('colour=red')).toEqual(['/colour']);
    const until = encodeURIComponent(new Date(T0).toISOString());
    expect(await paths(`since=${until}&until=${until}`)).toEqual(['/until']);
  });

  it('shows one alert: timeline, minutes against the band, grouped texts and the suggested unit', async () => {
    const res = await get('/api/alerts/a-gaoxin');
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({
      alert: { id: 'a-gaoxin', status: 'open' },
      districtLabel: '高新区 (gaoxin)',
      topicLabel: '物业管理 (property)',
      suggestedUnit: '市住建局',
      workflowHistory: [],
    });
    expect(d.timeline.map((e: { type: string }) => e.type)).toEqual(['alert.opened']);
    expect(d.series.band).toMatch(/2·√expectedCallers/);
    const opening = d.series.points.find((p: { t: number }) => p.t === T0);
    expect(opening).toMatchObject({ reports: 6, callers: 6, expectedCallers: 1, low: 0, high: 3 });
    expect(d.series.points[0].t).toBe(T0 - 120 * MINUTE_MS);
    expect(d.samples.reports).toBe(4);
    expect(d.samples.groups.map((g: { count: number; reportIds: string[] }) => [g.count, g.reportIds])).toEqual([
      [3, ['r2', 'r1', 'r0']],
      [1, ['r3']],
    ]);
  });

  it('answers an unknown alert with 404', async () => {
    const res = await get('/api/alerts/no-such-alert');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'LZ_ALERT_NOT_FOUND', message: 'no alert "no-such-alert"' });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const paths = Object.keys((await h.gateway.app.inject({ method: 'GET', url: '/docs/json' })).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/alerts', '/api/alerts/{id}', '/api/units']));
  });
});

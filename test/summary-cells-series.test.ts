// The live figures over REST: today's summary, the heat grid of every cell against its past weeks, and a series
// with its expected band; Chinese labels with codes, bad query fields named, viewers only.
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUBJECTS } from '../engine/stream/nats-names.ts';
import { MINUTE_MS } from '../engine/time/event-time.ts';
import { makeReport } from './store-fixtures.ts';
import { useGateway } from './support/gateway-harness.ts';

const WEEK_MS = 7 * 86_400_000;

describe('GET /api/summary, /api/cells, /api/series', () => {
  const h = useGateway();
  // Twenty minutes ago (today, unless the suite runs in the city's first twenty minutes after midnight).
  const minute = Math.floor(Date.now() / MINUTE_MS) - 20;
  const get = (url: string, auth = h.auth.viewer) => h.gateway.app.inject({ method: 'GET', url, headers: auth });

  beforeAll(async () => {
    const t = minute * MINUTE_MS;
    const reports = [
      makeReport('s-1', t + 1_000, { caller: 'c1', channel: 'hotline' }),
      makeReport('s-2', t + 2_000, { caller: 'c2', channel: 'hotline' }),
      makeReport('s-3', t + 3_000, { caller: 'c2', channel: 'web' }),
      makeReport('s-4', t + 4_000, { district: 'wuhou', topic: 'noise', caller: 'c4', channel: 'app' }),
    ];
    const cell = (district: string, topic: string, ids: string[], callers: string[]) => ({
      district,
      topic,
      reports: ids.length,
      callers,
      reportIds: ids,
    });
    await h.gateway.ctx.store.writer.writeReports(reports);
    const cells = [
      cell('gaoxin', 'property', ['s-1', 's-2', 's-3'], ['c1', 'c2']),
      cell('wuhou', 'noise', ['s-4'], ['c4']),
    ];
    await h.gateway.ctx.store.writer.writeSeries([
      { minute, cells },
      // The same minute in the two previous weeks: 1 report (1 caller), then 3 reports (3 callers).
      { minute: minute - WEEK_MS / MINUTE_MS, cells: [cell('gaoxin', 'property', ['p1'], ['x'])] },
      {
        minute: minute - (2 * WEEK_MS) / MINUTE_MS,
        cells: [cell('gaoxin', 'property', ['p2', 'p3', 'p4'], ['x', 'y', 'z'])],
      },
    ]);
    // The engine's closed minutes on SERIES, which the live headline figures are made of.
    for (const c of cells)
      await h.nats.nats.js.publish(SUBJECTS.series(c.district, c.topic), JSON.stringify({ minute, at: '', ...c }));
  });

  it('refuses each route without a token (401) and names the route in the API document', async () => {
    for (const url of ['/api/summary', '/api/cells', '/api/series']) {
      const res = await get(url, {});
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('LZ_UNAUTHORIZED');
    }
    const paths = Object.keys((await get('/docs/json', {})).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/summary', '/api/cells', '/api/series']));
  });

  it("sums up today with Chinese labels and codes beside, and the wall's headline figures", async () => {
    let res = await get('/api/summary');
    for (let i = 0; i < 100 && res.json().kpis?.reportsToday !== 4; i++, await sleep(50))
      res = await get('/api/summary');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ reports: 4, callers: 3, late: 0 });
    expect(s.byDistrict).toEqual([
      { code: 'gaoxin', label: '高新区 (gaoxin)', reports: 3, callers: 2 },
      { code: 'wuhou', label: '武侯区 (wuhou)', reports: 1, callers: 1 },
    ]);
    expect(s.byTopic[0]).toEqual({ code: 'property', label: '物业管理 (property)', reports: 3, callers: 2 });
    expect(s.byChannel[0]).toEqual({ code: 'hotline', label: '12345 热线 (hotline)', reports: 2, callers: 2 });
    expect(s.byHour.reduce((a: number, b: number) => a + b, 0)).toBe(4);
    // From the closed minutes on SERIES: the same figures a snapshot carries.
    expect(s.kpis).toMatchObject({ reportsToday: 4, reportsLastHour: 4, openAlerts: 0 });
    expect(s.kpis.openByKind).toEqual({ surge: 0, incident: 0, citywide: 0, district: 0 });
  });

  it('gives every district × topic of the profile against the same window of past weeks', async () => {
    const res = await get('/api/cells?weeks=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const profile = h.gateway.ctx.profile;
    expect(body.cells).toHaveLength(profile.districtCodes.length * profile.topicCodes.length);
    const at = (district: string, topic: string) =>
      body.cells.find((c: { district: string; topic: string }) => c.district === district && c.topic === topic);
    expect(body.cells[0]).toMatchObject({
      district: 'wuhou',
      topic: 'noise',
      reports: 1,
      expectedCallers: 0,
      score: 1,
    });
    expect(at('gaoxin', 'property')).toEqual({
      district: 'gaoxin',
      topic: 'property',
      districtLabel: '高新区 (gaoxin)',
      topicLabel: '物业管理 (property)',
      reports: 3,
      callers: 2,
      expectedReports: 2,
      expectedCallers: 2,
      score: 0,
    });
    expect(at('jinjiang', 'traffic')).toMatchObject({
      reports: 0,
      expectedReports: 0,
      districtLabel: '锦江区 (jinjiang)',
    });
    expect(body).toMatchObject({ windowMinutes: 60, weeks: 2 });
  });

  it('answers a cell by Chinese names, minute by minute, with the expected band', async () => {
    const res = await get(`/api/series?district=${encodeURIComponent('高新区')}&topic=property&hours=1&weeks=2`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ district: 'gaoxin', topic: 'property', label: '高新区 (gaoxin) · 物业管理 (property)' });
    expect(s.band).toMatch(/± 2·√expectedCallers/);
    expect(s.points).toHaveLength(60);
    const p = s.points.find((x: { t: number }) => x.t === minute * MINUTE_MS);
    expect(p).toMatchObject({ reports: 3, callers: 2, expectedReports: 2, expectedCallers: 2 });
    expect(p.low).toBe(0); // 2 − 2√2 is below zero: clipped
    expect(p.high).toBeCloseTo(2 + 2 * Math.SQRT2, 9);
    expect(s.points.filter((x: { reports: number }) => x.reports > 0)).toHaveLength(1);
    const city = (await get('/api/series?bucket=hour&hours=2')).json();
    expect(city.label).toBe('全市 (city)');
    expect(city.points.reduce((a: number, x: { reports: number }) => a + x.reports, 0)).toBe(4);
  });

  it('names the field of a bad query and answers nothing else', async () => {
    for (const [url, path] of [
      ['/api/series?district=atlantis', '/district'],
      ['/api/series?topic=%E7%81%AB%E6%98%9F', '/topic'],
      ['/api/series?bucket=day', '/bucket'],
      ['/api/series?hours=48', '/hours'],
      ['/api/series?colour=red', '/colour'],
      ['/api/cells?weeks=0', '/weeks'],
      ['/api/cells?windowMinutes=abc', '/windowMinutes'],
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('LZ_INVALID_REQUEST');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });
});

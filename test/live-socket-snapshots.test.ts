// Snapshots over Socket.IO: closed minutes read from SERIES make the heat grid's "now", the store's past weeks
// its expectation, and however fast minutes arrive each client gets at most two snapshots a second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBJECTS } from '../engine/stream/nats-names.ts';
import { MINUTE_MS } from '../engine/time/event-time.ts';
import type { CellMessage } from '../engine/stream/series-message.ts';
import { useGateway } from './support/gateway-harness.ts';
import { connectLive, type LiveClient } from './support/live-client.ts';

const WEEK_MS = 7 * 86_400_000;
const DISTRICTS = ['jinjiang', 'qingyang', 'jinniu', 'wuhou', 'chenghua'];
const TOPICS = ['traffic', 'noise', 'property', 'utilities'];

describe('live socket: snapshots', () => {
  const h = useGateway();
  let url: string;
  const clients: LiveClient[] = [];
  // Minutes well inside the last hour, so the window still holds them when the test looks.
  const nowMinute = Math.floor(Date.now() / MINUTE_MS);
  const pastMinute = nowMinute - 30;

  beforeAll(async () => {
    // Four past weeks of gaoxin × property at the same time of day: 4 reports, 3 callers a week.
    await h.gateway.ctx.store.writer.writeSeries(
      [1, 2, 3, 4].map((k) => ({
        minute: pastMinute - (k * WEEK_MS) / MINUTE_MS,
        cells: [
          {
            district: 'gaoxin',
            topic: 'property',
            reports: 4,
            callers: ['a', 'b', 'c'],
            reportIds: ['1', '2', '3', '4'],
          },
        ],
      })),
    );
    url = await h.gateway.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => {
    for (const c of clients) c.close();
  });

  it('gives a connecting client a snapshot with the past weeks as the expectation', async () => {
    const c = await connectLive(url, { token: h.tokens.tokenFor('viewer')! });
    clients.push(c);
    await c.until('the first snapshot', () => c.of('snapshot').length === 1);
    const s = c.of('snapshot')[0];
    expect(s.cells).toEqual([
      {
        district: 'gaoxin',
        topic: 'property',
        reports: 0,
        callers: 0,
        expectedReports: 4,
        expectedCallers: 3,
        score: -3 / 2,
      },
    ]);
    expect(s).toMatchObject({
      windowMinutes: 60,
      weeks: 4,
      kpis: { reportsToday: 0, reportsLastHour: 0, openAlerts: 0 },
    });
    expect(Math.abs(s.t - Date.now())).toBeLessThan(60_000);
  });

  it('coalesces a burst of 1,000 closed minutes into at most 3 snapshots per client, the last with all', async () => {
    const token = h.tokens.tokenFor('viewer')!;
    // The first also follows one cell's trend (by its Chinese names); the others get the city's totals alone.
    const follows = { trend: { district: '武侯区', topic: 'noise' } };
    const watchers = await Promise.all([
      connectLive(url, { token, rooms: [{ all: true }, follows] }),
      connectLive(url, { token }),
      connectLive(url, { token }),
    ]);
    clients.push(...watchers);
    for (const c of watchers) await c.until('the first snapshot', () => c.of('snapshot').length === 1);
    const burst: CellMessage[] = [];
    for (let i = 0; i < 1000; i++) {
      const district = DISTRICTS[i % DISTRICTS.length];
      const topic = TOPICS[Math.floor(i / DISTRICTS.length) % TOPICS.length];
      const minute = nowMinute - 55 + Math.floor(i / (DISTRICTS.length * TOPICS.length));
      burst.push({ minute, at: '', district, topic, reports: 2, callers: ['x'], reportIds: ['r1', 'r2'] });
    }
    await Promise.all(
      burst.map((m) => h.nats.nats.js.publish(SUBJECTS.series(m.district, m.topic), JSON.stringify(m))),
    );
    // Noise on the same stream that is not a cell's minute: the decider's _merge subject.
    await h.nats.nats.js.publish(SUBJECTS.merge('gaoxin'), JSON.stringify({ kind: 'closed', district: 'gaoxin' }));
    for (const c of watchers)
      await c.until('a snapshot with every minute', () => c.of('snapshot').at(-1)?.kpis.reportsLastHour === 2000);
    for (const c of watchers) {
      const after = c.of('snapshot').slice(1);
      expect(after.length).toBeGreaterThanOrEqual(1);
      expect(after.length).toBeLessThanOrEqual(3);
      const last = after.at(-1)!;
      expect(last.cells.filter((x) => x.reports > 0)).toHaveLength(DISTRICTS.length * TOPICS.length);
      expect(last.cells.find((x) => x.district === 'wuhou' && x.topic === 'noise')).toMatchObject({
        reports: 100,
        callers: 50,
        expectedReports: 0,
      });
      expect(last.kpis.reportsToday).toBeGreaterThan(0);
      // The series deltas add up to the city's totals: all 2,000 reports, over the burst's minutes.
      const city = c.of('series').flatMap((d) => d.city);
      expect(new Set(city.map((m) => m.minute))).toEqual(new Set(burst.map((m) => m.minute)));
      expect(city.reduce((n, m) => n + m.reports, 0)).toBe(2000);
      expect(city.reduce((n, m) => n + m.callers, 0)).toBe(1000);
    }
    // A cell's own minutes reach only the client following its trend, each once.
    const [follower, ...others] = watchers;
    const own = follower.of('series').flatMap((d) => d.minutes);
    expect(own.every((m) => m.district === 'wuhou' && m.topic === 'noise')).toBe(true);
    const wuhouNoise = burst.filter((m) => m.district === 'wuhou' && m.topic === 'noise');
    expect(own.map((m) => m.minute).sort()).toEqual(wuhouNoise.map((m) => m.minute).sort());
    expect(own.reduce((n, m) => n + m.reports, 0)).toBe(2 * wuhouNoise.length);
    expect(wuhouNoise.length).toBeGreaterThan(0);
    for (const c of others) expect(c.of('series').flatMap((d) => d.minutes)).toEqual([]);
    const metrics = await h.gateway.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/lizheng_snapshot_build_seconds_count [1-9]/);
  });
});

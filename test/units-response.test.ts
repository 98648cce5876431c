// GET /api/units on PostgreSQL and PGlite: per responsible unit, alerts dispatched, signed for (签收: acknowledged
// after the dispatch) and resolved in time (no later than due), overdue now (feed time), median minutes; every unit of the profile, zeros where none.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AlertTransition } from '../engine/store/index.ts';
import { useGateway } from './support/gateway-harness.ts';
import { BACKENDS, makeAlert } from './store-fixtures.ts';

const MIN = 60_000;
const T0 = Math.floor((Date.now() - 5 * 60 * MIN) / MIN) * MIN;
const at = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();

/** Each alert's story, minutes after T0 (all open at T0). */
const PLAN: Array<{ id: string; steps: Array<Omit<AlertTransition, 'alert'>> }> = [
  {
    id: 'u-1', // acknowledged, dispatched for 1 h, signed for after 15 min, resolved after 30 min: in time twice
    steps: [
      { type: 'alert.acknowledged', actor: 'duty', at: at(5) },
      { type: 'alert.dispatched', actor: 'duty', unit: '市住建局', deadline: '1h', at: at(10) },
      { type: 'alert.acknowledged', actor: 'unit-housing', at: at(25) },
      { type: 'alert.resolved', actor: 'duty', at: at(40) },
    ],
  },
  {
    id: 'u-2', // dispatched straight away for 1 h, signed for after 90 min and resolved after 170: late twice
    steps: [
      { type: 'alert.dispatched', actor: 'duty', unit: '市住建局', deadline: '1h', at: at(10) },
      { type: 'alert.acknowledged', actor: 'unit-housing', at: at(100) },
      { type: 'alert.resolved', actor: 'duty', at: at(180) },
    ],
  },
  {
    id: 'u-3', // dispatched for 1 h five hours ago, never signed for nor resolved: overdue now
    steps: [{ type: 'alert.dispatched', actor: 'duty', unit: '市交通运输局', deadline: '1h', at: at(20) }],
  },
  {
    id: 'u-4', // dispatched for 5 days and signed for 5 min later: not due yet
    steps: [
      { type: 'alert.dispatched', actor: 'duty', unit: '市交通运输局', deadline: '5d', at: at(30) },
      { type: 'alert.acknowledged', actor: 'unit-traffic', at: at(35) },
    ],
  },
  { id: 'u-5', steps: [] }, // never dispatched: no unit's figure
];

describe.each(BACKENDS)('units: response timeliness (%s)', (backend) => {
  const h = useGateway({ backend });
  const get = (url: string, auth = true) =>
    h.gateway.app.inject({ method: 'GET', url, headers: auth ? h.auth.viewer : {} });

  beforeAll(async () => {
    for (const { id, steps } of PLAN) {
      const alert = makeAlert(id, T0, { topic: 'traffic' });
      await h.gateway.ctx.store.writer.writeAlertEvents([
        { type: 'alert.opened', alert },
        ...steps.map((s) => ({ ...s, alert })),
      ]);
    }
  });

  it('counts in time, overdue now and median minutes per unit, every unit of the profile listed', async () => {
    const res = await get('/api/units');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.at).toMatch(/\+08:00$/);
    const unit = (name: string) => body.units.find((u: { unit: string }) => u.unit === name);
    expect(unit('市住建局')).toEqual({
      unit: '市住建局',
      topics: ['城乡住房 (housing)', '物业管理 (property)'],
      dispatched: 2,
      acknowledgedInTime: 1,
      resolved: 2,
      resolvedInTime: 1,
      overdueNow: 0,
      acknowledgeMedianMinutes: 52.5, // signed for 15 and 90 min after the dispatch
      dispatchMedianMinutes: 10,
      resolveMedianMinutes: 100, // 30 and 170 after dispatch
    });
    expect(unit('市交通运输局')).toMatchObject({
      dispatched: 2,
      acknowledgedInTime: 1,
      acknowledgeMedianMinutes: 5, // u-3 was never signed for
      resolved: 0,
      resolvedInTime: 0,
      overdueNow: 1,
      dispatchMedianMinutes: 25,
      resolveMedianMinutes: null,
    });
    expect(unit('市教育局')).toMatchObject({ dispatched: 0, overdueNow: 0, acknowledgeMedianMinutes: null });
    expect(body.units[0].unit).toBe('市交通运输局'); // the profile's order
  });

  it('limits to alerts opened in [since, until)', async () => {
    const since = encodeURIComponent(at(1));
    const body = (await get(`/api/units?since=${since}`)).json();
    expect(body.units.every((u: { dispatched: number }) => u.dispatched === 0)).toBe(true);
    const all = (await get(`/api/units?since=${encodeURIComponent(at(0))}&until=${since}`)).json();
    expect(all.units.reduce((n: number, u: { dispatched: number }) => n + u.dispatched, 0)).toBe(4);
  });

  it('names a bad field and asks for a token', async () => {
    const bad = await get('/api/units?since=soon');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['/since']);
    expect((await get('/api/units', false)).statusCode).toBe(401);
  });
});

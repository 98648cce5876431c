// The duty console's own logic, outside the browser: its filters must agree with GET /api/alerts (the console
// filters socket changes itself, so a disagreement would show an alert the route would not, or hide one), the
// moves it offers follow the state machine (受理 before, 签收 after a dispatch), a report's place is marked where
// it occurs, routes survive the address bar, and feed times keep the city's offset.
import { beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_WORKFLOW } from '../engine/alerts/alert-workflow.ts';
import { MINUTE_MS } from '../engine/time/event-time.ts';
import type { LiveAlert } from '../schemas/alert-workflow.ts';
import {
  type AlertFilter,
  filterQuery,
  isOverdue,
  matchesFilter,
  newestFirst,
  OPEN_WORK,
} from '../dashboard/src/console/alert-filters.ts';
import { acknowledgeKey, moveExpected } from '../dashboard/src/console/alert-moves.ts';
import { cityClock } from '../dashboard/src/console/console-format.ts';
import { parseRoute, routeHash } from '../dashboard/src/console/console-route-controller.ts';
import { highlightPlace } from '../dashboard/src/console/place-highlight.ts';
import { useGateway } from './support/gateway-harness.ts';
import { makeAlert } from './store-fixtures.ts';

const T0 = Math.floor((Date.now() - 3 * 60 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
const live = (id: string, fields: Partial<LiveAlert> = {}): LiveAlert => ({
  ...makeAlert(id, T0),
  workflow: EMPTY_WORKFLOW,
  ...fields,
});

describe('console filters against GET /api/alerts', () => {
  const h = useGateway();
  const all: LiveAlert[] = [];

  beforeAll(async () => {
    const { writer } = h.gateway.ctx.store;
    await writer.writeAlertEvents([
      { type: 'alert.opened', alert: makeAlert('c-gaoxin', T0) },
      { type: 'alert.opened', alert: makeAlert('c-wuhou', T0 + MINUTE_MS, { district: 'wuhou', topic: 'traffic' }) },
      {
        type: 'alert.opened',
        alert: makeAlert('c-inc', T0 + 2 * MINUTE_MS, { kind: 'incident', district: 'wuhou', place: '锦城小区' }),
      },
      {
        type: 'alert.opened',
        alert: makeAlert('c-city', T0 + 3 * MINUTE_MS, { kind: 'citywide', district: null, topic: 'traffic' }),
      },
    ]);
    const post = (id: string, action: string, payload: object) =>
      h.gateway.app.inject({ method: 'POST', url: `/api/alerts/${id}/${action}`, headers: h.auth.officer, payload });
    expect((await post('c-wuhou', 'dispatch', { unit: '市交通运输局', deadline: '1h' })).statusCode).toBe(200);
    expect((await post('c-inc', 'acknowledge', {})).statusCode).toBe(200);
    expect((await post('c-city', 'resolve', {})).statusCode).toBe(200);
    const res = await h.gateway.app.inject({ url: '/api/alerts?limit=500', headers: h.auth.viewer });
    all.push(...res.json().items);
  });

  const filters: Array<[string, Partial<AlertFilter>]> = [
    ['unresolved (the default)', {}],
    ['every status', { status: [] }],
    ['resolved', { status: ['resolved'] }],
    ['a kind', { status: [], kind: 'incident' }],
    ['a district', { status: [], district: 'wuhou' }],
    ['a topic', { status: [], topic: 'traffic' }],
    ['a unit', { status: [], unit: '市交通运输局' }],
    ['not overdue', { status: [], overdue: false }],
    ['two statuses and a district', { status: ['open', 'dispatched'], district: 'wuhou' }],
  ];
  for (const [name, change] of filters)
    it(`${name}: the route answers what the console would keep`, async () => {
      const filter = { ...OPEN_WORK, ...change };
      const res = await h.gateway.app.inject({
        url: `/api/alerts?${filterQuery(filter, 100)}`,
        headers: h.auth.viewer,
      });
      expect(res.statusCode, res.body).toBe(200);
      const served = res.json().items.map((a: LiveAlert) => a.id);
      const kept = all.filter((a) => matchesFilter(a, filter, Date.now())).map((a) => a.id);
      expect(served).toEqual(kept);
      expect(served.length).toBeGreaterThan(0);
    });

  it('the route and the console order alike: newest opening first', () => {
    expect([...all].sort(newestFirst).map((a) => a.id)).toEqual(all.map((a) => a.id));
    expect(all.map((a) => a.id)).toEqual(['c-city', 'c-inc', 'c-wuhou', 'c-gaoxin']);
  });
});

describe('console: overdue, moves, places, routes, times', () => {
  it('overdue: dispatched, unresolved, past due at feed time', () => {
    const due = new Date(T0 + 60 * MINUTE_MS).toISOString();
    const dispatched = live('d', { status: 'dispatched', workflow: { ...EMPTY_WORKFLOW, dueAt: due, unit: 'u' } });
    expect(isOverdue(dispatched, T0 + 61 * MINUTE_MS)).toBe(true);
    expect(isOverdue(dispatched, T0 + 59 * MINUTE_MS)).toBe(false);
    expect(isOverdue({ ...dispatched, status: 'resolved' }, T0 + 61 * MINUTE_MS)).toBe(false);
    const onlyOverdue = { ...OPEN_WORK, overdue: true };
    expect(matchesFilter(dispatched, onlyOverdue, T0 + 61 * MINUTE_MS)).toBe(true);
    expect(matchesFilter(dispatched, onlyOverdue, T0)).toBe(false);
  });

  it('offers the moves the state machine allows, with 签收 once dispatched and only once', () => {
    const open = live('o');
    expect(['acknowledge', 'dispatch', 'resolve', 'reopen'].filter((m) => moveExpected(open, m as never))).toEqual([
      'acknowledge',
      'dispatch',
      'resolve',
    ]);
    expect(acknowledgeKey(open)).toBe('action.acknowledge');
    const dispatched = live('d', { status: 'dispatched' });
    expect(acknowledgeKey(dispatched)).toBe('action.sign');
    expect(moveExpected(dispatched, 'acknowledge')).toBe(true);
    const signed = { ...dispatched, workflow: { ...EMPTY_WORKFLOW, signedAt: new Date(T0).toISOString() } };
    expect(moveExpected(signed, 'acknowledge')).toBe(false);
    expect(moveExpected(live('r', { status: 'resolved' }), 'reopen')).toBe(true);
    expect(moveExpected(live('a', { status: 'acknowledged' }), 'acknowledge')).toBe(false);
  });

  it('marks the place wherever it occurs, and nothing when there is none', () => {
    expect(highlightPlace('锦城小区停水，锦城小区物业不管', '锦城小区')).toEqual([
      { text: '锦城小区', place: true },
      { text: '停水，', place: false },
      { text: '锦城小区', place: true },
      { text: '物业不管', place: false },
    ]);
    expect(highlightPlace('电梯困人', undefined)).toEqual([{ text: '电梯困人', place: false }]);
    expect(highlightPlace('电梯困人', '春熙路')).toEqual([{ text: '电梯困人', place: false }]);
    expect(highlightPlace('春熙路', '春熙路')).toEqual([{ text: '春熙路', place: true }]);
  });

  it('reads its routes back from the address hash', () => {
    for (const route of [{ view: 'list' }, { view: 'units' }, { view: 'alert', id: 'surge-jinniu/noise 1' }] as const)
      expect(parseRoute(routeHash(route))).toEqual(route);
    expect(parseRoute('')).toEqual({ view: 'list' });
    expect(parseRoute('#/nonsense')).toEqual({ view: 'list' });
  });

  it("writes feed times in the city's offset, not the browser's", () => {
    const t = Date.parse('2026-12-04T00:16:05Z');
    expect(cityClock(t, '2026-12-04T08:00:00+08:00')).toBe('12-04 08:16:05');
    expect(cityClock(t, '2026-12-04T00:00:00.000Z')).toBe('12-04 00:16:05');
  });
});

// Issue 18: a district alert the detector raised flows through the store, the gateway's alert list and detail, and
// the open data alerts table (CSV and JSON) with its topic null, read as 全区 · 各类诉求.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../schemas/alert-event.ts';
import type { LiveAlert } from '../schemas/alert-workflow.ts';
import { backgroundFeed, byTime } from './support/background-feed.ts';
import { roomsOf } from '../gateway/plugins/live-socket.ts';
import { useGateway } from './support/gateway-harness.ts';
import { opened, profile, runDetector } from './support/run-detector.ts';

/** The open data's time range, around the constructed day. */
const RANGE = `from=${encodeURIComponent('2026-01-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-01-31T00:00:00+08:00')}`;

describe('a district alert from detector to open data', () => {
  const h = useGateway();
  let alert: Alert;

  beforeAll(async () => {
    const background = backgroundFeed(profile, '2026-01-05T00:00:00+08:00', '2026-01-07T00:00:00+08:00', 'flow');
    const busy = backgroundFeed(profile, '2026-01-06T08:00:00+08:00', '2026-01-06T20:00:00+08:00', 'flow-busy').filter(
      (r) => r.district === 'jinjiang',
    );
    [alert] = opened(runDetector(byTime([...background, ...busy]))).filter((a) => a.kind === 'district');
    const resolvedAt = new Date(Date.parse(alert.openedAt) + 3 * 3_600_000).toISOString();
    await h.gateway.ctx.store.writer.writeAlertEvents([
      { type: 'alert.opened', alert },
      { type: 'alert.resolved', alert: { ...alert, status: 'resolved', updatedAt: resolvedAt, resolvedAt } },
    ]);
    await h.gateway.ctx.store.writer.flush();
  });

  const get = (url: string) => h.gateway.app.inject({ method: 'GET', url, headers: h.auth.viewer });

  it('the store keeps it with its topic null, and the list filters by kind=district', async () => {
    expect(alert).toMatchObject({ kind: 'district', district: 'jinjiang', topic: null });
    const items: LiveAlert[] = (await get('/api/alerts?kind=district')).json().items;
    expect(items.map((a) => [a.id, a.kind, a.district, a.topic, a.status])).toEqual([
      [alert.id, 'district', 'jinjiang', null, 'resolved'],
    ]);
    expect(items[0].topics).toEqual(alert.topics);
    expect((await get('/api/alerts?kind=citywide')).json().items).toEqual([]);
    expect((await get('/api/alerts?district=jinjiang')).json().items.map((a: LiveAlert) => a.id)).toEqual([alert.id]);
  });

  it("live, it goes to its district's room and to the room of each topic it names", () => {
    expect(roomsOf(alert)).toEqual(['alerts', ...alert.topics!.map((t) => `topic:${t}`), 'district:jinjiang']);
  });

  it('its detail names the district and 各类诉求, with no unit of its own', async () => {
    const res = await get(`/api/alerts/${alert.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      districtLabel: '锦江区 (jinjiang)',
      topicLabel: '各类诉求 (all)',
      suggestedUnit: null,
    });
  });

  it('open data publishes it resolved, as 全区 in 锦江区 over 各类诉求, in JSON and CSV', async () => {
    const json = await h.gateway.app.inject({ method: 'GET', url: `/open-data/v1/alerts.json?${RANGE}` });
    expect(json.statusCode, json.body).toBe(200);
    const rows = json.json() as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.alert_id)).toEqual([alert.id]);
    expect(rows[0]).toMatchObject({
      kind: 'district',
      kind_name: '全区',
      district: 'jinjiang',
      district_name: '锦江区',
      topic: null,
      topic_name: '各类诉求',
      minutes_to_resolve: 180,
    });
    expect(String(rows[0].summary)).toMatch(/^锦江区 各类诉求普遍上升：/);
    const csv = await h.gateway.app.inject({ method: 'GET', url: `/open-data/v1/alerts.csv?${RANGE}` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(`${alert.id},district,全区,jinjiang,锦江区,,各类诉求,`);
  });
});

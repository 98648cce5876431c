// POST /api/alerts/:id/acknowledge on a real gateway, on PostgreSQL and PGlite: stored with the token's name and the
// feed time, announced once on NATS alerts.workflow; two officers racing for one alert get one 200 and one 409; a
// viewer may not act (403), nobody without a token (401); an unknown alert is 404.
import { beforeAll, describe, expect, it } from 'vitest';
import { STREAMS, SUBJECTS } from '../engine/stream/nats-names.ts';
import type { LiveAlertChange } from '../schemas/alert-workflow.ts';
import { useGateway } from './support/gateway-harness.ts';
import { readStream } from './support/jetstream-reader.ts';
import { BACKENDS, makeAlert } from './store-fixtures.ts';

const T0 = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;

describe.each(BACKENDS)('alerts: acknowledge (%s)', (backend) => {
  const h = useGateway({ backend });
  const post = (id: string, role: 'viewer' | 'officer' | 'admin' | null, body?: object) =>
    h.gateway.app.inject({
      method: 'POST',
      url: `/api/alerts/${id}/acknowledge`,
      headers: role ? h.auth[role] : {},
      ...(body ? { payload: body } : {}),
    });

  beforeAll(async () => {
    await h.gateway.ctx.store.writer.writeAlertEvents(
      ['a-1', 'a-race', 'a-other'].map((id) => ({ type: 'alert.opened' as const, alert: makeAlert(id, T0) })),
    );
  });

  it('refuses without a token (401) and a viewer (403), changing nothing', async () => {
    expect((await post('a-1', null)).statusCode).toBe(401);
    const res = await post('a-1', 'viewer');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ code: 'LZ_FORBIDDEN', message: 'this needs the officer role' });
    expect((await h.gateway.ctx.store.queries.getAlert('a-1'))?.status).toBe('open');
  });

  it('acknowledges, stores who and when, and announces it on alerts.workflow', async () => {
    const before = Date.now();
    const res = await post('a-1', 'officer', { note: '已联系物业' });
    expect(res.statusCode).toBe(200);
    const change: LiveAlertChange = res.json();
    const officer = h.tokens.access.tokens.find((t) => t.role === 'officer')!.name;
    expect(change).toMatchObject({
      type: 'alert.workflow',
      action: 'acknowledge',
      actor: officer,
      alert: { id: 'a-1', status: 'acknowledged', workflow: { acknowledgedBy: officer, note: '已联系物业' } },
    });
    expect(change.at).toMatch(/\+08:00$/);
    expect(Date.parse(change.at)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    const stored = await h.gateway.ctx.store.queries.getAlert('a-1');
    expect(stored).toEqual(change.alert);
    const history = await h.gateway.ctx.store.queries.alertHistory('a-1');
    expect(history.map((e) => [e.type, e.status, e.actor, e.note])).toEqual([
      ['alert.opened', 'open', null, null],
      ['alert.acknowledged', 'acknowledged', officer, '已联系物业'],
    ]);
    const messages = await readStream(h.nats.server.url, STREAMS.alerts, SUBJECTS.workflow);
    expect(messages.map((m) => JSON.parse(m.data))).toEqual([change]);
    expect(messages[0].headers['Nats-Msg-Id']).toMatch(/^workflow-/);
  });

  it('refuses a second acknowledgement with 409 naming the status', async () => {
    const res = await post('a-1', 'officer');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('LZ_TRANSITION_REFUSED');
    expect(res.json().message).toMatch(/is acknowledged/);
  });

  it('lets exactly one of two racing acknowledgements through', async () => {
    const results = await Promise.all([post('a-race', 'officer'), post('a-race', 'admin')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const history = await h.gateway.ctx.store.queries.alertHistory('a-race');
    expect(history.filter((e) => e.type === 'alert.acknowledged')).toHaveLength(1);
    const messages = await readStream(h.nats.server.url, STREAMS.alerts, SUBJECTS.workflow);
    expect(messages.filter((m) => JSON.parse(m.data).alert.id === 'a-race')).toHaveLength(1);
  });

  it('answers 404 for an unknown alert and 400 naming a bad field', async () => {
    const missing = await post('nope', 'officer');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('LZ_ALERT_NOT_FOUND');
    const bad = await post('a-other', 'officer', { note: 'x'.repeat(4_001), colour: 'red' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/colour', '/note']);
    expect((await h.gateway.ctx.store.queries.getAlert('a-other'))?.status).toBe('open');
  });
});

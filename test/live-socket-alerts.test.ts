// Alerts pushed over Socket.IO: the engine's events and people's workflow actions read from ALERTS reach every
// client in order with their stream sequence, rooms filter them, and only viewer tokens may connect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAction } from '../engine/alerts/alert-workflow.ts';
import { SUBJECTS } from '../engine/stream/nats-names.ts';
import { CityClock } from '../engine/time/event-time.ts';
import type { AlertEvent } from '../schemas/alert-event.ts';
import type { LiveAlert, LiveAlertChange } from '../schemas/alert-workflow.ts';
import type { RoomRequest } from '../schemas/live-events.ts';
import { makeAlert } from './store-fixtures.ts';
import { useGateway } from './support/gateway-harness.ts';
import { connectLive, LiveClient } from './support/live-client.ts';

const clock = new CityClock('Asia/Shanghai');
const T0 = Date.parse('2026-03-02T09:00:00+08:00');

describe('live socket: alerts', () => {
  const h = useGateway();
  let url: string;
  const clients: LiveClient[] = [];
  const open = async (auth: Parameters<typeof connectLive>[1]) => {
    const c = await connectLive(url, auth);
    clients.push(c);
    return c;
  };
  const viewer = () => ({ token: h.tokens.tokenFor('viewer')! });
  const publishEvent = (event: AlertEvent) =>
    h.nats.nats.js.publish(
      SUBJECTS.alert(event.alert.kind, event.alert.district, event.alert.topic),
      JSON.stringify(event),
    );

  beforeAll(async () => {
    url = await h.gateway.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => {
    for (const c of clients) c.close();
  });

  it('refuses a missing, an unknown and an intake token with a clear connect_error', async () => {
    for (const [auth, code, text] of [
      [{}, 'LZ_UNAUTHORIZED', /viewer token is required/],
      [{ token: 'not-a-token-at-all' }, 'LZ_UNAUTHORIZED', /viewer token is required/],
      [{ token: h.tokens.access.apiKeys[0].key }, 'LZ_FORBIDDEN', /viewer role/],
      [{ ...viewer(), rooms: [{ district: 'atlantis' }] }, 'LZ_INVALID_REQUEST', /district: unknown "atlantis"/],
    ] as const) {
      const c = new LiveClient(url, auth);
      const result = await c.connected();
      c.close();
      expect(result).toMatchObject({ ok: false, message: expect.stringMatching(text), data: { code } });
    }
  });

  it('accepts a viewer token in the query string too, and sends the state first', async () => {
    const c = new LiveClient(`${url}?token=${h.tokens.tokenFor('admin')}`, {});
    clients.push(c);
    expect(await c.connected()).toEqual({ ok: true });
    await c.until('the first events', () => c.of('engine').length === 1);
    expect(c.received.map((r) => r.name)).toEqual(['snapshot', 'alerts', 'engine']);
    expect(c.of('engine')[0]).toEqual({ ready: false, lagMessages: 0, watermark: null, roles: [] });
  });

  it('pushes an engine alert with its stream sequence, merged with an empty workflow', async () => {
    const a = await open(viewer());
    const b = await open(viewer());
    const alert = makeAlert('surge-gaoxin-property-1', T0);
    const ack = await publishEvent({ type: 'alert.opened', alert });
    for (const c of [a, b]) await c.until('the alert', () => c.of('alert').length === 1);
    const change = a.of('alert')[0];
    expect(change).toMatchObject({ type: 'alert.opened', seq: ack.seq, alert: { ...alert, status: 'open' } });
    expect(change.alert.workflow).toMatchObject({ acknowledgedAt: null, resolvedBy: null, quiet: false });
    expect(b.of('alert')).toEqual([change]);
    const metrics = await h.gateway.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/lizheng_alerts_pushed_total\{kind="surge"\} [1-9]/);
    expect(metrics.body).toMatch(/lizheng_socket_clients [1-9]/);
  });

  it("carries an officer's action on alerts.workflow to a second client; the engine's later figures win", async () => {
    const a = await open(viewer());
    const b = await open(viewer());
    const alert = makeAlert('surge-wuhou-traffic-1', T0, { district: 'wuhou', topic: 'traffic' });
    await publishEvent({ type: 'alert.opened', alert });
    await a.until('the opened alert', () => a.board.has(alert.id));
    const acknowledged = applyAction(
      a.board.get(alert.id)!,
      { action: 'acknowledge', actor: 'duty-1', at: T0 + 60_000, note: '已签收' },
      (t) => clock.format(t),
    ) as LiveAlert;
    const change: LiveAlertChange = {
      type: 'alert.workflow',
      action: 'acknowledge',
      actor: 'duty-1',
      at: clock.format(T0 + 60_000),
      alert: acknowledged,
    };
    const ack = await h.nats.nats.js.publish(SUBJECTS.workflow, JSON.stringify(change));
    await b.until('the workflow change', () => b.board.get(alert.id)?.status === 'acknowledged');
    expect(b.of('alert').at(-1)).toMatchObject({
      type: 'alert.workflow',
      action: 'acknowledge',
      actor: 'duty-1',
      seq: ack.seq,
    });
    expect(b.board.get(alert.id)!.workflow).toMatchObject({ acknowledgedBy: 'duty-1', note: '已签收' });
    // The engine then sees more people: its figures win, the person's status stays.
    const later = { ...alert, count: 40, distinctCallers: 33, updatedAt: new Date(T0 + 120_000).toISOString() };
    await publishEvent({ type: 'alert.updated', alert: later });
    await a.until('the update', () => a.board.get(alert.id)?.count === 40);
    expect(a.board.get(alert.id)).toMatchObject({ status: 'acknowledged', distinctCallers: 33 });
    expect(b.board).toEqual(a.board);
  });

  it('sends an alert only to the rooms of its district and topic (and all alerts); joins are checked', async () => {
    const wuhou = await open({ ...viewer(), rooms: [{ district: '武侯区' }] });
    const all = await open(viewer());
    const noise = await open({ ...viewer(), rooms: [] });
    expect(await noise.socket.emitWithAck('join', { topic: 'noise' })).toEqual({ ok: true, room: 'topic:noise' });
    expect(await noise.socket.emitWithAck('join', { topic: 'nonsense' })).toEqual({
      ok: false,
      error: 'topic: unknown "nonsense"',
    });
    // A cell's trend room, by Chinese name or code; a wrong part is named.
    expect(await noise.socket.emitWithAck('join', { trend: { district: '武侯区', topic: 'noise' } })).toEqual({
      ok: true,
      room: 'trend:wuhou.noise',
    });
    expect(await noise.socket.emitWithAck('join', { trend: { district: 'atlantis', topic: 'noise' } })).toEqual({
      ok: false,
      error: 'trend.district: unknown "atlantis"',
    });
    expect(
      await noise.socket.emitWithAck('join', { trend: { district: 'wuhou', topic: 42 } } as unknown as RoomRequest),
    ).toEqual({ ok: false, error: 'trend.topic: unknown "42"' });
    await publishEvent({ type: 'alert.opened', alert: makeAlert('surge-gaoxin-noise-9', T0, { topic: 'noise' }) });
    await publishEvent({
      type: 'alert.opened',
      alert: makeAlert('surge-wuhou-utilities-9', T0, { district: 'wuhou', topic: 'utilities' }),
    });
    await publishEvent({
      type: 'alert.opened',
      alert: makeAlert('citywide-noise-9', T0, {
        kind: 'citywide',
        district: null,
        topic: 'noise',
        districts: ['wuhou', 'jinjiang'],
      }),
    });
    await all.until('three alerts', () => all.of('alert').filter((c) => c.alert.id.endsWith('-9')).length === 3);
    const ids = (c: LiveClient) =>
      c
        .of('alert')
        .map((x) => x.alert.id)
        .filter((id) => id.endsWith('-9'));
    await wuhou.until('two alerts', () => ids(wuhou).length === 2);
    await noise.until('two alerts', () => ids(noise).length === 2);
    expect(ids(wuhou)).toEqual(['surge-wuhou-utilities-9', 'citywide-noise-9']);
    expect(ids(noise)).toEqual(['surge-gaoxin-noise-9', 'citywide-noise-9']);
    // Leaving the room stops the pushes; the all-alerts client still gets the next one.
    expect(await noise.socket.emitWithAck('leave', { topic: '噪音扰民' })).toMatchObject({ ok: true });
    await publishEvent({ type: 'alert.opened', alert: makeAlert('surge-gaoxin-noise-10', T0, { topic: 'noise' }) });
    await all.until('the tenth', () => all.board.has('surge-gaoxin-noise-10'));
    expect(noise.board.has('surge-gaoxin-noise-10')).toBe(false);
  });

  it('skips a malformed ALERTS message without stopping the feed', async () => {
    const c = await open(viewer());
    await h.nats.nats.js.publish('alerts.surge.gaoxin.property', '{"type":"alert.opened"}');
    await publishEvent({ type: 'alert.opened', alert: makeAlert('surge-gaoxin-property-after', T0) });
    await c.until('the alert after the bad one', () => c.board.has('surge-gaoxin-property-after'));
    expect(c.of('alert').map((x) => x.alert.id)).toEqual(['surge-gaoxin-property-after']);
  });
});

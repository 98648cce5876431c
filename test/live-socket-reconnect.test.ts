// Nothing lost across a reconnect: a client that misses alert changes while away and comes back with its last
// sequence gets exactly those changes, and ends with the same board as a client that never left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAction } from '../engine/alerts/alert-workflow.ts';
import { SUBJECTS } from '../engine/stream/nats-names.ts';
import { CityClock } from '../engine/time/event-time.ts';
import type { AlertEvent } from '../schemas/alert-event.ts';
import type { LiveAlert, LiveAlertChange } from '../schemas/alert-workflow.ts';
import { makeAlert } from './store-fixtures.ts';
import { useGateway } from './support/gateway-harness.ts';
import { connectLive, type LiveClient } from './support/live-client.ts';

const clock = new CityClock('Asia/Shanghai');
// Ten minutes ago: the board keeps resolved alerts for a day of feed time (the wall clock here).
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 600_000;

describe('live socket: reconnect', () => {
  const h = useGateway();
  let url: string;
  const clients: LiveClient[] = [];
  const open = async (auth = {}) => {
    const c = await connectLive(url, { token: h.tokens.tokenFor('viewer')!, ...auth });
    clients.push(c);
    return c;
  };
  const publish = (event: AlertEvent) =>
    h.nats.nats.js.publish(
      SUBJECTS.alert(event.alert.kind, event.alert.district, event.alert.topic),
      JSON.stringify(event),
    );
  const acknowledge = (alert: LiveAlert, at: number) => {
    const change: LiveAlertChange = {
      type: 'alert.workflow',
      action: 'acknowledge',
      actor: 'duty-2',
      at: clock.format(at),
      alert: applyAction(alert, { action: 'acknowledge', actor: 'duty-2', at }, (t) => clock.format(t)) as LiveAlert,
    };
    return h.nats.nats.js.publish(SUBJECTS.workflow, JSON.stringify(change));
  };

  beforeAll(async () => {
    url = await h.gateway.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => {
    for (const c of clients) c.close();
  });

  it('replays exactly the missed changes to a client coming back with its last sequence', async () => {
    const stayed = await open();
    const away = await open();
    const first = makeAlert('surge-gaoxin-property-r1', T0);
    await publish({ type: 'alert.opened', alert: first });
    for (const c of [stayed, away]) await c.until('the first alert', () => c.board.has(first.id));
    const before = away.received.length;

    away.socket.disconnect();
    const second = makeAlert('surge-wuhou-traffic-r2', T0, { district: 'wuhou', topic: 'traffic' });
    await publish({ type: 'alert.opened', alert: second });
    const updated = { ...first, count: 30, distinctCallers: 27, updatedAt: new Date(T0 + 60_000).toISOString() };
    await publish({ type: 'alert.updated', alert: updated });
    await stayed.until('the update', () => stayed.board.get(first.id)?.count === 30);
    const last = await acknowledge(stayed.board.get(first.id)!, T0 + 90_000);
    await publish({ type: 'alert.resolved', alert: { ...second, status: 'resolved', resolvedAt: second.updatedAt } });
    await stayed.until('the resolution', () => stayed.board.get(second.id)?.status === 'resolved');
    expect(stayed.lastSeq).toBe(last.seq + 1);

    await away.reconnect();
    await away.until('the missed changes', () => away.lastSeq === stayed.lastSeq);
    const again = away.received.slice(before);
    expect(again.map((r) => r.name)).toEqual(['snapshot', 'alert', 'alert', 'alert', 'alert', 'engine']);
    expect(again.filter((r) => r.name === 'alert').map((r) => r.payload)).toEqual(stayed.of('alert').slice(-4));
    expect(away.board).toEqual(stayed.board);
    expect(away.board.get(first.id)).toMatchObject({ status: 'acknowledged', count: 30 });
  });

  it('gives the whole board to a client whose sequence this gateway does not hold', async () => {
    const stayed = await open();
    await stayed.until('the board', () => stayed.of('alerts').length === 1);
    const stranger = await open({ lastSeq: 1_000_000 });
    await stranger.until('the board', () => stranger.of('alerts').length === 1);
    expect(stranger.of('alert')).toEqual([]);
    expect(stranger.board).toEqual(stayed.board);
    expect(stranger.board.size).toBe(2);
    expect(stranger.lastSeq).toBe(stayed.lastSeq);
  });

  it('refuses a lastSeq that is not a sequence', async () => {
    await expect(open({ lastSeq: -3 })).rejects.toThrow(/lastSeq: expected a whole number/);
  });
});

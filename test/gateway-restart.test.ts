// `lizheng gateway` killed with -9 while reports stream in, then restarted: a 202 means the report is durable in
// INTAKE, and clients resending what they are unsure of (or resending everything) never store a report twice; a
// socket client that lost its gateway resynchronises with the restarted one, missing no alert change.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { HEADERS, STREAMS, SUBJECTS } from '../engine/stream/nats-names.ts';
import { freePort } from '../engine/stream/nats-child-server.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { generateAccess } from '../gateway/access-tokens.ts';
import type { AlertEvent } from '../schemas/alert-event.ts';
import { dropSchema, freshSchema, makeAlert, PG_URL } from './store-fixtures.ts';
import { connectLive } from './support/live-client.ts';
import { readStream } from './support/jetstream-reader.ts';
import { startLizheng, type Running } from './support/lizheng-process.ts';
import { usePrivateNats } from './support/nats-server.ts';
import { VALID_REPORT } from './support/valid-report.ts';

const schema = freshSchema('t_gateway_restart');
afterAll(() => dropSchema(schema));

const access = generateAccess();
const key = access.apiKeys[0].key;
const clock = new CityClock('Asia/Shanghai');
/** Reports the clients try to send; the gateway is killed once a third of them were accepted. */
const REPORTS = 600;
const CLIENTS = 8;

describe('lizheng gateway killed with -9 mid-stream and restarted', () => {
  const nats = usePrivateNats({ streams: true });

  async function startGateway(port: number): Promise<Running> {
    const env = { NATS_URL: nats.server.url, DATABASE_URL: PG_URL, LIZHENG_ACCESS: JSON.stringify(access) };
    const run = startLizheng(['gateway', '--port', String(port), '--store-schema', schema, '--log-level', 'warn'], env);
    for (let i = 0; i < 600; i++, await sleep(100)) {
      if (run.child.exitCode !== null) throw new Error(`lizheng gateway exited ${run.child.exitCode}`);
      if ((await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.ok) return run;
    }
    run.child.kill('SIGKILL');
    throw new Error('lizheng gateway did not answer /health within 60 s');
  }

  /** POST one report; true on 202, false on any other answer or a broken connection (the client cannot know). */
  async function post(port: number, i: number): Promise<boolean> {
    const report = { ...VALID_REPORT, id: `gw-${i}`, callerId: `c-${i}`, receivedAt: clock.format(Date.now() - 1_000) };
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify(report),
      });
      await res.arrayBuffer();
      return res.status === 202;
    } catch {
      return false;
    }
  }

  const publishAlert = (event: AlertEvent) =>
    nats.nats.js.publish(
      SUBJECTS.alert(event.alert.kind, event.alert.district, event.alert.topic),
      JSON.stringify(event),
    );

  const storedIds = async (): Promise<string[]> =>
    (await readStream(nats.server.url, STREAMS.intake)).map((m) => m.headers[HEADERS.msgId]);

  it('keeps every report answered 202, once, and a resend of everything stores none twice', async () => {
    const port = await freePort();
    const first = await startGateway(port);
    const accepted = new Set<number>();
    let next = 0;
    let killed = false;
    const client = async () => {
      while (next < REPORTS) {
        const i = next++;
        if (await post(port, i)) accepted.add(i);
        if (!killed && accepted.size >= REPORTS / 3) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    expect((await first.done).signal).toBe('SIGKILL');
    // The kill landed mid-stream: some reports were accepted, and the ones sent after it were not.
    expect(accepted.size).toBeGreaterThanOrEqual(REPORTS / 3);
    expect(accepted.size).toBeLessThan(REPORTS);

    const afterKill = await storedIds();
    for (const i of accepted) expect(afterKill).toContain(`gw-${i}`);
    expect(new Set(afterKill).size).toBe(afterKill.length);

    // Restarted, the clients resend every report, accepted or not: each is answered 202 and stored once.
    const second = await startGateway(port);
    try {
      const resent = await Promise.all(Array.from({ length: REPORTS }, (_, i) => post(port, i)));
      expect(resent.filter((ok) => !ok)).toEqual([]);
      const stored = await storedIds();
      expect(stored.length).toBe(REPORTS);
      expect(new Set(stored)).toEqual(new Set(Array.from({ length: REPORTS }, (_, i) => `gw-${i}`)));
    } finally {
      second.child.kill('SIGTERM');
      expect((await second.done).code).toBe(0);
    }
  }, 240_000);

  it('resynchronises a socket client across the kill: the changes it missed are replayed, nothing doubled', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const token = access.tokens.find((t) => t.role === 'viewer')!.token;
    const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 600_000;
    const first = makeAlert('surge-gaoxin-property-k1', T0);
    const second = makeAlert('surge-wuhou-traffic-k2', T0, { district: 'wuhou', topic: 'traffic' });
    let gateway = await startGateway(port);
    const client = await connectLive(url, { token });
    try {
      await publishAlert({ type: 'alert.opened', alert: first });
      await client.until('the first alert', () => client.board.has(first.id));
      gateway.child.kill('SIGKILL');
      await gateway.done;
      await client.until('the lost connection', () => !client.socket.connected);
      // While no gateway runs, the engine goes on: a new alert and an update of the first.
      await publishAlert({ type: 'alert.opened', alert: second });
      await publishAlert({
        type: 'alert.updated',
        alert: { ...first, count: 30, updatedAt: new Date(T0 + 60_000).toISOString() },
      });
      gateway = await startGateway(port);
      await client.reconnect();
      await client.until(
        'the missed changes',
        () => client.board.has(second.id) && client.board.get(first.id)?.count === 30,
      );
      const fresh = await connectLive(url, { token });
      try {
        await fresh.until('the board', () => fresh.board.size >= 2);
        expect(client.board).toEqual(fresh.board);
        expect(client.lastSeq).toBe(fresh.lastSeq);
      } finally {
        fresh.close();
      }
      const seqs = client.of('alert').map((c) => c.seq);
      expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b)); // each change once, in stream order
    } finally {
      client.close();
      gateway.child.kill('SIGTERM');
      await gateway.done;
    }
  }, 240_000);
});

import { describe, expect, it } from 'vitest';
import { Kvm } from '@nats-io/kv';
import { CHECKPOINT_KEYS, CONSUMERS, HEALTH_BUCKET, STREAMS } from '../engine/stream/nats-names.ts';
import { waitForCheckpoint } from './support/checkpoint-watch.ts';
import { startLiveEngine } from './support/lizheng-process.ts';
import { freePort, usePrivateNats } from './support/nats-server.ts';
import { settledJson } from './support/settled-json.ts';

const ctx = usePrivateNats();

describe('a live engine', () => {
  it('reports readiness over HTTP and in KV, and on SIGTERM checkpoints, acks and exits cleanly', async () => {
    const port = await freePort();
    const engine = await startLiveEngine(ctx.server.url, port);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
    for (let i = 0; i < 20; i++) {
      await ctx.nats.js.publish(
        'intake.gaoxin.property',
        settledJson({ id: `live-${i}`, receivedAt: now, text: '电梯坏了', district: 'gaoxin', topic: 'property' }),
        { msgID: `live-${i}` },
      );
    }
    const covered = await waitForCheckpoint(ctx.server.url, CHECKPOINT_KEYS.whole, 19);
    expect(covered).toBe(20);
    const report = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    expect(report).toMatchObject({ role: 'engine.all', ready: true, lagMessages: 0, processed: 20, poison: 0 });
    expect(report.lastCheckpointAgeMs).toBeLessThan(5_000);

    const kv = await new Kvm(ctx.nats.nc).open(HEALTH_BUCKET);
    expect(JSON.parse((await kv.get('engine.all'))!.string())).toMatchObject({ role: 'engine.all' });

    engine.child.kill('SIGTERM');
    const done = await engine.done;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain('stopping: SIGTERM received');
    const info = await ctx.nats.jsm.consumers.info(STREAMS.intake, CONSUMERS.whole);
    expect(info.ack_floor.stream_seq).toBe(20);
    expect(info.num_ack_pending).toBe(0);
  }, 60_000);
});

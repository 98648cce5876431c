// A wrong time the engine's event-time gate is holding when the engine is killed -9 travels in its checkpoint:
// the restarted engine quarantines it on the votes still to come, and the alerts are the clean feed's.
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Intake } from '../engine/intake/intake.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { CheckpointStore } from '../engine/stream/checkpoint-store.ts';
import { clockEnvelope, intakeEnvelope, settledReport } from '../engine/stream/intake-message.ts';
import { connectNats, type Nats } from '../engine/stream/nats-connection.ts';
import { CHECKPOINT_KEYS, HEADERS, STREAMS } from '../engine/stream/nats-names.ts';
import { PipelinedPublisher } from '../engine/stream/pipelined-publisher.ts';
import { unitCodes } from '../engine/stream/service-lifecycle.ts';
import { ensureStreams, openCheckpointBucket } from '../engine/stream/stream-setup.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { alertLines, readStream } from './support/jetstream-reader.ts';
import { runLizheng, startLizheng } from './support/lizheng-process.ts';
import { replayFixture, type ReplayFixture } from './support/replay-fixture.ts';

let fx: ReplayFixture;
let nats: Nats;
beforeAll(async () => {
  fx = await replayFixture(3, 4);
  nats = await connectNats(fx.server.url, 'test-publisher');
  await ensureStreams(nats.jsm);
}, 120_000);
afterAll(async () => {
  await nats?.nc.close();
  await fx?.dispose();
});

const encoder = new TextEncoder();

describe('engine event-time gate across kill -9', () => {
  it('restores the reports its gate holds and decides them as if never stopped', async () => {
    const profile = loadProfile('chengdu');
    const intake = new Intake(profile, new CityClock(profile.timezone), 'none');
    const lines = readFileSync(fx.feed, 'utf8').trimEnd().split('\n');
    const expected = (await runLizheng(['detect', '--input', fx.feed, '--no-progress', '--enrich', 'none'])).stdout;
    expect(expected.split('\n').length).toBeGreaterThan(20);
    // A publisher that settles reports as replay does but gates nothing, as a careless client of INTAKE would be.
    const publisher = new PipelinedPublisher(nats.nc);
    let sourceTime = 0;
    const publish = async (raw: Record<string, unknown>) => {
      const report = intake.accept(raw);
      sourceTime = Math.max(sourceTime, report.t);
      const out = intakeEnvelope(report, sourceTime);
      await publisher.publish(
        out.subject,
        encoder.encode(JSON.stringify(settledReport(report))),
        out.msgId,
        out.headers,
      );
    };
    const half = Math.floor(lines.length / 2);
    for (const line of lines.slice(0, half)) await publish(JSON.parse(line));
    // The year 2100, last of what the engine sees before it is killed: no later report has voted on it yet.
    const wrong = {
      ...JSON.parse(lines[half]),
      id: 'WRONG-2100',
      callerId: 'wrong',
      receivedAt: '2100-01-06T10:00:00+08:00',
    };
    await publish(wrong);
    await publisher.flush();

    const args = ['engine', '--replay', '--enrich', 'none', '--nats', fx.server.url, '--checkpoint-ms', '200'];
    const first = startLizheng(args);
    const store = new CheckpointStore(await openCheckpointBucket(nats.nc));
    let held: unknown[] = [];
    for (const until = Date.now() + 60_000; Date.now() < until && held.length === 0; await sleep(100)) {
      const saved = await store.load<{ seq: number; gate?: { held: unknown[] } }>(CHECKPOINT_KEYS.whole);
      if (saved && saved.seq === half + 1) held = saved.gate?.held ?? [];
    }
    expect(held).toHaveLength(1);
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');

    for (const line of lines.slice(half)) await publish(JSON.parse(line));
    for (const district of unitCodes(profile)) {
      const end = clockEnvelope(district, sourceTime, true);
      await publisher.publish(end.subject, new Uint8Array(0), end.msgId, end.headers);
    }
    await publisher.flush();
    publisher.close();

    // The killed engine's lease lapses on its own; the new one waits for it.
    const second = await runLizheng([...args, '--wait-lease']);
    expect(second.stderr).toMatch(/restored checkpoint through INTAKE seq/);
    expect(await alertLines(fx.server.url)).toBe(expected);
    const dead = await readStream(fx.server.url, STREAMS.dead);
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0].data).id).toBe('WRONG-2100');
    expect(dead[0].headers[HEADERS.reason]).toMatch(
      /^receivedAt: quarantined \(ahead\): "2100-01-06T10:00:00\+08:00" is 74 years ahead/,
    );
  }, 240_000);
});

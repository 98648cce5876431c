import { describe, expect, it } from 'vitest';
import { nanos } from '@nats-io/transport-node';
import { ensureConsumer } from '../engine/stream/consumer-feed.ts';
import { applyLimitOverrides } from '../engine/stream/limit-overrides.ts';
import { DEFAULT_LIMITS, STREAMS, SUBJECTS } from '../engine/stream/nats-names.ts';
import { ensureStreams } from '../engine/stream/stream-setup.ts';
import { StreamError } from '../engine/stream/stream-errors.ts';
import { usePrivateNats } from './support/nats-server.ts';

const ctx = usePrivateNats();

describe('stream setup', () => {
  it('creates the streams once, leaves them alone when unchanged, and applies new limits in place', async () => {
    expect(Object.values(await ensureStreams(ctx.nats.jsm))).toEqual(['created', 'created', 'created', 'created']);
    await Promise.all([ensureStreams(ctx.nats.jsm), ensureStreams(ctx.nats.jsm)]);
    expect(Object.values(await ensureStreams(ctx.nats.jsm))).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);

    await ctx.nats.js.publish(SUBJECTS.intake('gaoxin', 'property'), '{}', { msgID: 'kept' });
    const limits = applyLimitOverrides(['intakeMaxAge=7d', 'intakeDuplicateWindow=30m']);
    expect(await ensureStreams(ctx.nats.jsm, limits)).toMatchObject({
      [STREAMS.intake]: 'updated',
      [STREAMS.alerts]: 'unchanged',
    });
    const info = await ctx.nats.jsm.streams.info(STREAMS.intake);
    expect(info.config.max_age).toBe(nanos(7 * 86_400_000));
    expect(info.config.duplicate_window).toBe(nanos(30 * 60_000));
    expect(info.config.subjects).toEqual(['intake.*.*']);
    expect(info.state.messages).toBe(1);
    expect((await ctx.nats.jsm.streams.info(STREAMS.dead)).config.subjects).toEqual(['intake.dead']);
  });

  it('names the flag and the accepted names when a limit override is wrong', () => {
    expect(() => applyLimitOverrides(['intakeMaxAge=soon'])).toThrow(
      /--limit intakeMaxAge=soon: "soon" is not a duration/,
    );
    expect(() => applyLimitOverrides(['retention=1d'])).toThrow(/unknown limit "retention" \(one of intakeMaxAge, /);
    expect(applyLimitOverrides(['intakeMaxBytes=2g']).intakeMaxBytes).toBe(2 * 1024 ** 3);
    expect(applyLimitOverrides([])).toEqual(DEFAULT_LIMITS);
  });

  it('creates a durable consumer idempotently and refuses one that filters other subjects', async () => {
    const spec = { stream: STREAMS.intake, durable: 'count-gaoxin', filter: SUBJECTS.intakeDistrict('gaoxin') };
    await ensureConsumer(ctx.nats.jsm, spec, 0);
    await ensureConsumer(ctx.nats.jsm, spec, 0);
    const info = await ctx.nats.jsm.consumers.info(STREAMS.intake, 'count-gaoxin');
    expect(info.config).toMatchObject({ ack_policy: 'all', filter_subject: 'intake.gaoxin.*', deliver_policy: 'all' });
    await expect(ensureConsumer(ctx.nats.jsm, { ...spec, filter: 'intake.wuhou.*' }, 0)).rejects.toThrow(StreamError);
  });
});

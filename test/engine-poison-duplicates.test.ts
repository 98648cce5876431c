// INTAKE carries settled reports: a report published twice is counted once, and every poison message — not JSON,
// a malformed settled envelope, a raw report of before issue 13, a district the subject contradicts — is dead-lettered.
import { describe, expect, it } from 'vitest';
import { Intake } from '../engine/intake/intake.ts';
import { clockEnvelope, settledReport } from '../engine/stream/intake-message.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { CONSUMERS, HEADERS, STREAMS } from '../engine/stream/nats-names.ts';
import { PipelinedPublisher } from '../engine/stream/pipelined-publisher.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { unitCodes } from '../engine/stream/service-lifecycle.ts';
import { readStream } from './support/jetstream-reader.ts';
import { runLizheng } from './support/lizheng-process.ts';
import { usePrivateNats } from './support/nats-server.ts';

const ctx = usePrivateNats({ streams: true });

const encode = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const report = (id: string, minute: number, extra: Record<string, unknown> = {}) => ({
  id,
  receivedAt: `2026-01-05T10:${String(minute).padStart(2, '0')}:00+08:00`,
  text: '电梯坏了',
  district: 'gaoxin',
  topic: 'property',
  ...extra,
});
const profile = loadProfile('chengdu');
const intake = new Intake(profile, new CityClock(profile.timezone), 'all');
/** The report as replay publishes it. */
const settled = (id: string, minute: number, extra: Record<string, unknown> = {}) =>
  settledReport(intake.accept(report(id, minute, extra)));

describe('poison messages and duplicate publishes', () => {
  it('counts a report once however often it is published, and dead-letters every poison message with its ' +
    'reason', async () => {
    const pub = new PipelinedPublisher(ctx.nats.nc);
    const send = (subject: string, body: unknown, msgId: string) => pub.publish(subject, encode(body), msgId);
    for (let i = 0; i < 10; i++) await send('intake.gaoxin.property', settled(`r-${i}`, i), `r-${i}`);
    await send('intake.gaoxin.property', settled('r-3', 3), 'r-3'); // same Nats-Msg-Id: the stream keeps one
    // another msg id: the engine recognises the report id
    await send('intake.gaoxin.property', settled('r-4', 4), 'r-4-again');
    await send('intake.gaoxin.property', 'this is not json {', 'p-1');
    await send('intake.gaoxin.property', { ...settled('p-2', 5), caller: undefined }, 'p-2');
    await send('intake.gaoxin.property', settled('p-3', 6, { district: 'jinjiang' }), 'p-3');
    await send('intake.mars.property', settled('p-4', 7, { district: undefined }), 'p-4');
    await send('intake.gaoxin.property', report('p-5', 8), 'p-5'); // a raw report, as INTAKE carried before issue 13
    await send('intake.gaoxin.property', { ...settled('p-6', 9), enrichment: { places: [] } }, 'p-6');
    for (const d of unitCodes(profile)) {
      const end = clockEnvelope(d, Date.parse('2026-01-05T10:30:00+08:00'), true);
      await pub.publish(end.subject, new Uint8Array(0), end.msgId, end.headers);
    }
    await pub.flush();
    expect(pub.stats.duplicates).toBe(1);
    pub.close();

    const run = await runLizheng(['engine', '--replay', '--nats', ctx.server.url]);
    expect(run.stderr).toMatch(/engine: \d+ messages, 10 counted, 1 duplicates, 0 late, 6 poison/);
    expect(run.stderr).toContain('dead letter: intake.gaoxin.property');

    const dead = await readStream(ctx.server.url, STREAMS.dead);
    expect(dead.map((m) => m.headers[HEADERS.reason])).toEqual([
      expect.stringMatching(/^\(root\): not JSON/),
      'caller: is required in a settled report (schemas/settled-report.ts)',
      'district: report says "jinjiang" but subject says "gaoxin"',
      'subject: unknown district "mars" in intake.mars.property',
      'v: is required in a settled report (schemas/settled-report.ts)',
      'enrichment.topic: is required in a settled report (schemas/settled-report.ts)',
    ]);
    expect(dead[0].data).toBe('this is not json {');
    expect(dead[3].headers[HEADERS.origSubject]).toBe('intake.mars.property');

    // Poison is acknowledged like everything else: nothing is left pending for the consumer.
    const info = await ctx.nats.jsm.consumers.info(STREAMS.intake, CONSUMERS.whole);
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);

    // Processing everything again from the start stores no second dead letter.
    await runLizheng(['engine', '--replay', '--reset', '--nats', ctx.server.url]);
    expect(await readStream(ctx.server.url, STREAMS.dead)).toHaveLength(6);
  }, 120_000);
});

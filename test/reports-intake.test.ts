// POST /api/reports on a real gateway and a private nats-server: 202 only once INTAKE holds the settled report,
// every offending field named, the key's channel, duplicates counted once, impossible live times dead-lettered.
import { describe, expect, it } from 'vitest';
import { hashCaller } from '../engine/privacy/hash-caller.ts';
import { HEADERS, STREAMS } from '../engine/stream/nats-names.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { useGateway, type GatewayHarness } from './support/gateway-harness.ts';
import { readStream } from './support/jetstream-reader.ts';

const clock = new CityClock('Asia/Shanghai');
/** A receivedAt `offsetMs` from the wall clock, written as a city feed writes it. */
const at = (offsetMs = 0) => clock.format(Date.now() + offsetMs);
const DAY = 86_400_000;

let serial = 0;
function report(fields: Record<string, unknown> = {}) {
  serial++;
  return {
    id: `http-${serial}`,
    receivedAt: at(),
    text: '武侯区玉林北路小区电梯坏了三天了，老人上不了楼',
    callerId: `caller-${serial}`,
    ...fields,
  };
}

async function post(h: GatewayHarness, body: unknown, headers: Record<string, string> = h.auth.intake) {
  return h.gateway.app.inject({ method: 'POST', url: '/api/reports', headers, payload: body as object });
}

/** INTAKE's messages whose Nats-Msg-Id is `id`. */
async function stored(h: GatewayHarness, id: string) {
  const messages = await readStream(h.nats.server.url, STREAMS.intake);
  return messages.filter((m) => m.headers[HEADERS.msgId] === id);
}

describe('POST /api/reports', () => {
  const h = useGateway();

  it('answers 202 once INTAKE holds the settled report, classified by the edge, under its id', async () => {
    const r = report();
    const res = await post(h, r);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({
      id: r.id,
      status: 'accepted',
      duplicate: false,
      district: 'wuhou',
      topic: 'property',
      districtLabel: '武侯区 (wuhou)',
      topicLabel: '物业管理 (property)',
    });
    const [message] = await stored(h, r.id);
    expect(message.subject).toBe('intake.wuhou.property');
    const settled = JSON.parse(message.data);
    expect(settled).toMatchObject({
      v: 1,
      id: r.id,
      t: Date.parse(r.receivedAt),
      district: 'wuhou',
      topic: 'property',
    });
    // The caller leaves the edge as its keyed hash, in the payload as received too.
    expect(settled.raw).toMatchObject({
      ...r,
      channel: 'hotline',
      callerId: hashCaller(h.gateway.ctx.callerKey, r.callerId!),
    });
    expect(message.data).not.toContain(r.callerId);
    expect(message.headers[HEADERS.sourceTime]).toBe(String(Date.parse(r.receivedAt)));
  });

  it('takes the same id twice as 202 with duplicate: true, stored once', async () => {
    const r = report();
    expect((await post(h, r)).json().duplicate).toBe(false);
    const again = await post(h, r);
    expect(again.statusCode).toBe(202);
    expect(again.json().duplicate).toBe(true);
    expect(await stored(h, r.id)).toHaveLength(1);
  });

  it("fills the key's channel into a report without one, and refuses a report claiming another", async () => {
    const filled = report();
    await post(h, filled);
    expect(JSON.parse((await stored(h, filled.id))[0].data).channel).toBe('hotline');
    const other = report({ channel: 'mailbox' });
    const res = await post(h, other);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: '/channel', message: 'this API key submits for channel "hotline", the report says "mailbox"' },
    ]);
    expect(await stored(h, other.id)).toHaveLength(0);
    // A person's token speaks for no channel: the report's own stands.
    const byOfficer = report({ channel: 'mailbox' });
    expect((await post(h, byOfficer, h.auth.officer)).statusCode).toBe(202);
    expect(JSON.parse((await stored(h, byOfficer.id))[0].data).channel).toBe('mailbox');
  });

  it('names every field of the wrong shape at once, and publishes nothing', async () => {
    const before = (await readStream(h.nats.server.url, STREAMS.intake)).length;
    const res = await post(h, { id: '', receivedAt: 20260108, text: '', location: { lat: 91 }, district: 7 });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('LZ_INVALID_REPORT');
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths.sort()).toEqual(['/district', '/id', '/location/lat', '/receivedAt', '/text']);
    expect((await readStream(h.nats.server.url, STREAMS.intake)).length).toBe(before);
  });

  it('names every field the edge refuses: a time that does not exist, a district and topic unknown', async () => {
    const r = report({ receivedAt: '2026-02-30T09:00:00+08:00', district: '亚特兰蒂斯', topic: 'nonsense' });
    const res = await post(h, r);
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as Array<{ path: string; message: string }>;
    expect(errors.map((e) => e.path)).toEqual(['/receivedAt', '/district', '/topic']);
    expect(errors[0].message).toBe('not a valid date: "2026-02-30T09:00:00+08:00"');
    expect(errors[1].message).toMatch(/^unknown district "亚特兰蒂斯"/);
    expect(res.json().message).toBe('invalid report: /receivedAt, /district, /topic');
    expect(await stored(h, r.id)).toHaveLength(0);
  });

  it('refuses a text over 4,000 characters naming /text, and takes one of exactly 4,000', async () => {
    const long = report({ text: '电'.repeat(4_001) });
    const res = await post(h, long);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: '/text', message: 'at most 4000 characters, got 4001' }]);
    // Characters as people count them: 4,000 characters outside the BMP are 8,000 UTF-16 units, still 4,000.
    expect((await post(h, report({ text: '𠮷'.repeat(4_000) }))).statusCode).toBe(202);
  });

  it('answers a body that is not a report with 400 naming where', async () => {
    const array = await post(h, [report()]);
    expect(array.statusCode).toBe(400);
    expect(array.json().errors).toEqual([{ path: '/', message: 'a report must be a JSON object' }]);
    const broken = await h.gateway.app.inject({
      method: 'POST',
      url: '/api/reports',
      headers: { ...h.auth.intake, 'content-type': 'application/json' },
      payload: '{"id": "x",',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('LZ_INVALID_REQUEST');
  });

  it('wants an intake key or an officer: 401 without, 403 for a viewer', async () => {
    const none = await post(h, report(), {});
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('LZ_UNAUTHORIZED');
    const viewer = await post(h, report(), h.auth.viewer);
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json()).toEqual({ code: 'LZ_FORBIDDEN', message: 'this needs an intake API key' });
    const wrongKey = await post(h, report(), { 'x-api-key': 'not-a-key-of-this-city-at-all' });
    expect(wrongKey.statusCode).toBe(401);
  });

  it('quarantines live times the gate would refuse (422 naming receivedAt), keeping them in intake.dead', async () => {
    const future = report({ receivedAt: '2100-01-08T09:49:40+08:00' });
    const old = report({ receivedAt: at(-40 * DAY) });
    const soon = report({ receivedAt: at(10 * 60_000) });
    const answers = [await post(h, future), await post(h, old), await post(h, soon)];
    expect(answers.map((a) => a.statusCode)).toEqual([422, 422, 202]);
    expect(answers[0].json()).toMatchObject({ code: 'LZ_REPORT_QUARANTINED' });
    expect(answers[0].json().errors).toEqual([
      {
        path: '/receivedAt',
        message:
          'quarantined (ahead-of-clock): "2100-01-08T09:49:40+08:00" is 73 years ahead of the wall clock; ' +
          'kept in intake.dead',
      },
    ]);
    expect(answers[1].json().errors[0].message).toMatch(/^quarantined \(too-old\): ".*" is 40\.0 days behind/);
    expect(await stored(h, future.id)).toHaveLength(0);
    expect(await stored(h, old.id)).toHaveLength(0);
    const dead = await readStream(h.nats.server.url, STREAMS.dead);
    const letters = dead.filter((m) => [future.id, old.id].includes(JSON.parse(m.data).id));
    expect(letters.map((m) => m.headers[HEADERS.reason])).toEqual([
      expect.stringMatching(/^receivedAt: quarantined \(ahead-of-clock\): "2100-/),
      expect.stringMatching(/^receivedAt: quarantined \(too-old\)/),
    ]);
    expect(letters[0].headers[HEADERS.origSubject]).toBe('intake.wuhou.property');
    // Posting the same impossible report again keeps one letter, not two.
    await post(h, future);
    const again = await readStream(h.nats.server.url, STREAMS.dead);
    expect(again.filter((m) => JSON.parse(m.data).id === future.id)).toHaveLength(1);
  });

  it('counts what it took in on /metrics and documents both routes in OpenAPI', async () => {
    const metrics = (await h.gateway.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/lizheng_intake_reports_total\{outcome="accepted"\} [1-9]/);
    expect(metrics).toMatch(/lizheng_intake_reports_total\{outcome="duplicate"\} 1\b/);
    expect(metrics).toMatch(/lizheng_intake_reports_total\{outcome="quarantined"\} [1-9]/);
    const docs = (await h.gateway.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(docs.paths['/api/reports'].post.requestBody.content['application/json'].schema.properties.text).toEqual({
      minLength: 1,
      maxLength: 4000,
      type: 'string',
    });
    expect(Object.keys(docs.paths['/api/reports/batch'].post.responses).sort()).toEqual(['202', '207', '400']);
  });
});

describe('POST /api/reports, rate-limited', () => {
  const h = useGateway({ limits: { rateLimitPerMinute: 3 } });

  it('answers 429 once a key has sent its limit, and took in the ones before', async () => {
    const sent = [report(), report(), report(), report()];
    const codes: number[] = [];
    for (const r of sent) codes.push((await post(h, r)).statusCode);
    expect(codes).toEqual([202, 202, 202, 429]);
    const limited = await post(h, report());
    expect(limited.json().code).toBe('LZ_RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    expect(await stored(h, sent[3].id)).toHaveLength(0);
    expect(await stored(h, sent[2].id)).toHaveLength(1);
  });
});

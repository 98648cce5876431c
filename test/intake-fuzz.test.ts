// Fuzzing the intake boundary: the NDJSON reader, report validation and the NATS message reader (settled reports,
// schemas/settled-report.ts) take any bytes without throwing, hanging or losing a valid report, and no path through
// the reader is quadratic.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { InputError, ReportError } from '../engine/errors.ts';
import { Intake } from '../engine/intake/intake.ts';
import { normalizeReport } from '../engine/intake/normalize-report.ts';
import { MAX_LINE_BYTES, NdjsonInput, type NdjsonLine } from '../engine/intake/read-ndjson.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import type { CountedReport } from '../engine/intake/report.ts';
import { readCountedIntake } from '../engine/stream/intake-head.ts';
import { readIntake, settledReport } from '../engine/stream/intake-message.ts';
import { HEADERS } from '../engine/stream/nats-names.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { VALID_REPORT } from './support/valid-report.ts';

const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);
const intake = new Intake(profile, clock, 'none');
/** What no echoed message may contain: C0/C1 controls and DEL (ESC among them). */
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Read `chunks` as one input, the way a file or stdin delivers them. */
async function readChunks(
  chunks: readonly Buffer[],
  maxLineBytes?: number,
): Promise<{ lines: NdjsonLine[]; error: unknown }> {
  const input = new NdjsonInput('fuzz', Readable.from(chunks), null, { maxLineBytes });
  const lines: NdjsonLine[] = [];
  try {
    for await (const batch of input.batches(7)) lines.push(...batch);
    return { lines, error: null };
  } catch (error) {
    return { lines, error };
  }
}

/** Cut `bytes` at the given fractions into chunks, as a pipe or a gunzip might. */
function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [...new Set(at.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

const validLine = (k: number) => Buffer.from(JSON.stringify({ fuzzValid: k, text: '锦江区春熙路噪音' }));
/** A line of arbitrary bytes (no newline: that would make it two lines). */
const garbageLine = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a.map((b) => (b === 0x0a ? 0x20 : b))));

describe('NDJSON reader on arbitrary bytes', () => {
  it(
    'never throws or hangs, and yields every valid line ' + 'once with its line number, whatever the chunking',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(fc.constant(null), garbageLine), { maxLength: 40 }),
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
          fc.boolean(),
          fc.boolean(),
          fc.integer({ min: 60, max: 400 }),
          async (slots, cuts, crlf, gzip, maxLineBytes) => {
            // null slots are valid lines, numbered by their position; the rest is garbage.
            const lines = slots.map((s, i) => s ?? validLine(i));
            const plain = Buffer.concat(lines.flatMap((l) => [l, Buffer.from(crlf ? '\r\n' : '\n')]));
            const stored = gzip ? gzipSync(plain) : plain;
            const { lines: read, error } = await readChunks(cut(stored, cuts), maxLineBytes);
            // Plain bytes that happen to start like gzip are read as (broken) gzip: an InputError, never anything else.
            const looksGzip = !gzip && plain[0] === 0x1f && plain[1] === 0x8b;
            if (error !== null) {
              expect(looksGzip, String(error)).toBe(true);
              expect(error).toBeInstanceOf(InputError);
              return;
            }
            const numbers = read.map((l) => l.line);
            expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
            expect(new Set(numbers).size).toBe(numbers.length);
            const valid = read.filter((l) => (l.value as { fuzzValid?: number } | null)?.fuzzValid !== undefined);
            const expected = slots.flatMap((s, i) =>
              s === null ? [{ line: i + 1, value: JSON.parse(validLine(i).toString()) }] : [],
            );
            expect(valid).toEqual(expected);
            for (const l of read) {
              if (l.error === undefined) continue;
              expect(l.error).toMatch(new RegExp(`^line ${l.line}: `));
              expect(l.error).not.toMatch(RAW_CONTROL);
            }
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it(
    'skips a line over the limit whatever its chunking, and no path is quadratic: 4× the garbage takes < 12× the ' +
      'time',
    async () => {
      const garbage = (n: number, every: number) => {
        const b = randomBytes(n);
        for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) b[i] = 0x20;
        for (let i = every - 1; i < n; i += every) b[i] = 0x0a;
        b[0] = 0x20; // never gzip's magic
        return b;
      };
      const time = async (bytes: Buffer) => {
        let best = Infinity;
        for (let run = 0; run < 3; run++) {
          const chunks = cut(
            bytes,
            Array.from({ length: Math.floor(bytes.length / 65_536) }, (_, i) => ((i + 1) * 65_536) / bytes.length),
          );
          const started = performance.now();
          const { lines, error } = await readChunks(chunks);
          best = Math.min(best, performance.now() - started);
          expect(error).toBeNull();
          expect(lines.every((l) => l.error !== undefined)).toBe(true);
        }
        return best;
      };
      // One endless line (the old reader joined its pieces again at every chunk), then many short bad lines (each
      // costs a JSON.parse error, tens of microseconds, so fewer bytes of them).
      for (const [n, every] of [
        [4 << 20, Infinity],
        [256 << 10, 200],
      ]) {
        const small = await time(garbage(n, every));
        const large = await time(garbage(4 * n, every));
        expect(large, `lines every ${every} bytes: ${small.toFixed(1)} ms vs ${large.toFixed(1)} ms`).toBeLessThan(
          12 * Math.max(small, 5),
        );
      }
      const { lines } = await readChunks([
        Buffer.from('{"a":1}\n'),
        garbage(MAX_LINE_BYTES + 10, Infinity),
        Buffer.from('\n{"b":2}\n'),
      ]);
      expect(lines.map((l) => l.value ?? l.error)).toEqual([
        { a: 1 },
        'line 2: 1,048,586 bytes, over the 1 MiB limit for one report',
        { b: 2 },
      ]);
    },
  );
});

const FIELD_NAMES = [
  '(root)',
  'id',
  'receivedAt',
  'text',
  'channel',
  'district',
  'topic',
  'callerId',
  'location',
  'location.address',
  'location.lat',
  'location.lon',
];

/** A valid report with one field replaced by any value, removed, or its location's fields replaced. */
const mutatedReport = fc.oneof(
  fc
    .record({
      field: fc.constantFrom(...Object.keys(VALID_REPORT), 'extra'),
      value: fc.oneof(fc.jsonValue(), fc.anything(), fc.string(), fc.constant(undefined)),
    })
    .map(({ field, value }) => ({ ...VALID_REPORT, [field]: value })),
  fc
    .record({ field: fc.constantFrom('address', 'lat', 'lon'), value: fc.oneof(fc.jsonValue(), fc.double()) })
    .map(({ field, value }) => ({ ...VALID_REPORT, location: { ...VALID_REPORT.location, [field]: value } })),
  fc
    .record({ d: fc.string(), t: fc.string(), at: fc.string() })
    .map(({ d, t, at }) => ({ ...VALID_REPORT, district: d, topic: t, receivedAt: at })),
  fc
    .date({ min: new Date(-1e14), max: new Date(1e14), noInvalidDate: true })
    .map((d) => ({ ...VALID_REPORT, receivedAt: d.toISOString().replace('Z', '+08:00') })),
);

describe('report validation on arbitrary values', () => {
  it(
    'returns a report or throws a ReportError naming a field of the contract, never anything else, never echoing a ' +
      'control character',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), fc.anything(), mutatedReport), (value) => {
          try {
            normalizeReport(value, profile, clock);
          } catch (err) {
            expect(err).toBeInstanceOf(ReportError);
            const { field, message } = err as ReportError;
            expect(FIELD_NAMES).toContain(field);
            expect(message.startsWith(`${field}: `)).toBe(true);
            expect(message).not.toMatch(RAW_CONTROL);
          }
        }),
        { numRuns: 3000 },
      );
    },
  );

  it('answers NDJSON lines with a report or a `line N: field: …` message, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.jsonValue(), mutatedReport), { maxLength: 20 }), (values) => {
        const answers = intake.acceptLines(values.map((value, i) => ({ line: i + 1, value })));
        expect(answers).toHaveLength(values.length);
        answers.forEach((a, i) => {
          if (typeof a === 'string')
            expect(a).toMatch(
              new RegExp(`^line ${i + 1}: (${FIELD_NAMES.map((f) => f.replace(/[().]/g, '\\$&')).join('|')}): `),
            );
          else expect(a.id).toBe((values[i] as { id: string }).id);
        });
      }),
      { numRuns: 500 },
    );
  });
});

/** A delivered INTAKE message as the engine's consumer sees it: subject, real NATS headers, payload bytes. */
function message(subject: string, headerValues: Record<string, string>, data: Uint8Array): JsMsg {
  const h = natsHeaders();
  for (const [k, v] of Object.entries(headerValues)) {
    try {
      h.set(k, v);
    } catch {
      // NATS refuses this header itself (a line break in it): it can never arrive.
    }
  }
  return { subject, headers: h, data } as unknown as JsMsg;
}

const codes = [...profile.data.districts.map((d) => d.code), 'unknown', 'mars'];
const subject = fc.oneof(
  fc.string(),
  fc
    .tuple(
      fc.constantFrom(...codes),
      fc.constantFrom('property', 'noise', 'unknown', '_clock', '_end', 'astrology'),
      fc.string({ maxLength: 3 }),
    )
    .map(([d, t, tail]) => `intake.${d}.${t}${tail}`),
);
/** VALID_REPORT as the edge publishes it: settled and fully enriched. */
const validSettled = JSON.parse(
  JSON.stringify(settledReport(new Intake(profile, clock, 'all').accept(VALID_REPORT))),
) as Record<string, unknown>;

/**
 * A valid settled report with one field (or one of its raw report's or enrichment's) replaced by any value or removed.
 */
const mutatedSettled = fc.oneof(
  fc
    .record({
      field: fc.constantFrom(...Object.keys(validSettled), 'extra'),
      value: fc.oneof(fc.jsonValue(), fc.anything(), fc.string(), fc.constant(undefined)),
    })
    .map(({ field, value }) => ({ ...validSettled, [field]: value })),
  mutatedReport.map((raw) => ({ ...validSettled, raw })),
  fc
    .record({
      field: fc.constantFrom('topic', 'district', 'places', 'urgency'),
      value: fc.oneof(fc.jsonValue(), fc.anything()),
    })
    .map(({ field, value }) => ({
      ...validSettled,
      enrichment: { ...(validSettled.enrichment as object), [field]: value },
    })),
);

const payload = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  mutatedSettled.map((r) => new TextEncoder().encode(JSON.stringify(r) ?? '')),
  mutatedReport.map((r) => new TextEncoder().encode(JSON.stringify(r))),
  fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v) ?? '')),
);

describe('NATS message reader on arbitrary messages', () => {
  it('never throws: a report, a marker, or poison with a reason free of control characters', () => {
    fc.assert(
      fc.property(
        subject,
        fc.dictionary(fc.constantFrom(HEADERS.sourceTime, 'X-Other'), fc.string()),
        payload,
        fc.boolean(),
        (subj, hdrs, data, withSourceTime) => {
          const incoming = readIntake(message(subj, hdrs, data), profile, withSourceTime);
          expect(['report', 'clock', 'end', 'poison']).toContain(incoming.kind);
          if (incoming.kind === 'poison') {
            expect(incoming.reason.length).toBeGreaterThan(0);
            expect(incoming.reason).not.toMatch(RAW_CONTROL);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads a settled report back into the Report the edge settled, without text understanding', () => {
    const settled = new Intake(profile, clock, 'all').accept({ ...VALID_REPORT, text: '紫荆小区3栋电梯坏了，困人了' });
    const incoming = readIntake(
      message(
        'intake.wuhou.property',
        { [HEADERS.sourceTime]: '1' },
        new TextEncoder().encode(JSON.stringify(settledReport(settled))),
      ),
      profile,
    );
    expect(incoming).toEqual({ kind: 'report', district: 'wuhou', report: settled, sourceTime: settled.t });
    expect(settled.enrichment?.places.length).toBeGreaterThan(0);
  });

  it('makes poison of a settled report that is malformed, names unknown codes or disagrees with its subject', () => {
    const read = (body: unknown, subject = 'intake.wuhou.property') =>
      readIntake(message(subject, {}, new TextEncoder().encode(JSON.stringify(body))), profile);
    expect(read(validSettled).kind).toBe('report');
    // A raw report is no longer what INTAKE carries.
    expect(read(VALID_REPORT)).toMatchObject({
      kind: 'poison',
      reason: 'v: is required in a settled report (schemas/settled-report.ts)',
    });
    expect(read({ ...validSettled, t: '2026-01-08' })).toMatchObject({
      kind: 'poison',
      reason: 't: expected integer, got "2026-01-08" (a settled report, schemas/settled-report.ts)',
    });
    expect(read({ ...validSettled, channel: undefined })).toMatchObject({
      kind: 'poison',
      reason: 'channel: is required in a settled report (schemas/settled-report.ts)',
    });
    expect(
      read({ ...validSettled, enrichment: { ...(validSettled.enrichment as object), places: 'x' } }),
    ).toMatchObject({ kind: 'poison', reason: expect.stringMatching(/^enrichment\.places: expected array, got "x"/) });
    expect(read({ ...validSettled, raw: { ...VALID_REPORT, text: 7 } })).toMatchObject({
      kind: 'poison',
      reason: expect.stringMatching(/^raw\.text: expected string, got 7/),
    });
    expect(read({ ...validSettled, raw: { ...VALID_REPORT, id: 'r2' } })).toMatchObject({
      kind: 'poison',
      reason: 'raw.id: "r2" is not the report\'s id "r1"',
    });
    expect(read({ ...validSettled, district: '武侯区' })).toMatchObject({
      kind: 'poison',
      reason: 'district: unknown district code "武侯区"',
    });
    expect(read({ ...validSettled, topic: 'astrology' })).toMatchObject({
      kind: 'poison',
      reason: 'topic: unknown topic code "astrology"',
    });
    expect(read(validSettled, 'intake.gaoxin.property')).toMatchObject({
      kind: 'poison',
      reason: 'district: report says "wuhou" but subject says "gaoxin"',
    });
    expect(read({ ...validSettled, district: null }, 'intake.wuhou.property')).toMatchObject({
      kind: 'poison',
      reason: 'district: report says "unknown" but subject says "wuhou"',
    });
    expect(read(validSettled, 'intake.wuhou.noise')).toMatchObject({
      kind: 'poison',
      reason: 'topic: report says "property" but subject says "noise"',
    });
    expect(read({ ...validSettled, extra: 1 }).kind).toBe('report');
    const huge = read({ ...validSettled, text: 'x'.repeat(MAX_LINE_BYTES) });
    expect(huge).toMatchObject({
      kind: 'poison',
      reason: expect.stringMatching(/^\(root\): \d+ bytes, over the 1048576-byte limit for one report$/),
    });
    expect(readIntake(message('intake.\u001b[2J.property', {}, new Uint8Array()), profile)).toMatchObject({
      kind: 'poison',
      reason: 'subject: unknown district "\\u001b[2J" in intake.\\u001b[2J.property',
    });
  });
});

describe('counting read of a settled report (its head only)', () => {
  const encode = (body: unknown) => new TextEncoder().encode(JSON.stringify(body) ?? '');
  const counted = ({ id, t, district, topic, caller }: CountedReport) => ({ id, t, district, topic, caller });

  it("agrees with the whole read: the same report's counted fields, the same verdict on anything else", () => {
    fc.assert(
      fc.property(fc.oneof(subject, fc.constant('intake.wuhou.property')), payload, (subj, data) => {
        const msg = message(subj, {}, data);
        const head = readCountedIntake(msg, profile);
        const whole = readIntake(msg, profile, false);
        if (head.kind !== 'report') expect(head).toEqual(whole);
        else if (whole.kind === 'report') {
          expect({ ...head, report: counted(head.report) }).toEqual({ ...whole, report: counted(whole.report) });
        } else {
          // Only what follows a sound head goes unread: the enrichment and the raw report.
          expect(whole).toMatchObject({ kind: 'poison', reason: expect.stringMatching(/^(raw|enrichment)\b/) });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the head settledReport() writes first, and reads the whole of anything written otherwise', () => {
    const read = (data: Uint8Array) => readCountedIntake(message('intake.wuhou.property', {}, data), profile);
    const report = { id: 'r1', t: validSettled.t, district: 'wuhou', topic: 'property', caller: validSettled.caller };
    expect(read(encode(validSettled))).toEqual({ kind: 'report', district: 'wuhou', report, sourceTime: report.t });
    // Counted from the head, not the whole: no raw report, no enrichment.
    expect(read(encode(validSettled))).not.toHaveProperty('report.raw');
    // The counted fields after the body: the whole read, which keeps the rest.
    const { enrichment, raw, ...rest } = validSettled;
    expect(read(encode({ enrichment, raw, ...rest }))).toMatchObject({ kind: 'report', report: { ...report, raw } });
    // A member named raw nested inside the head is no end of it: the whole read.
    const { v, id, ...after } = validSettled;
    expect(read(encode({ v, id, x: { a: 1, raw: {} }, ...after }))).toMatchObject({ kind: 'report', report: { raw } });
    // A sound head before a broken body still counts (documented): the whole read alone would refuse it.
    const cut = encode(validSettled).subarray(0, encode(validSettled).length - 20);
    expect(read(cut)).toMatchObject({ kind: 'report', report });
    expect(readIntake(message('intake.wuhou.property', {}, cut), profile).kind).toBe('poison');
  });
});

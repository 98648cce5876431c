// Hostile intake lines, inserted into a clean feed: every way one line has been seen to blind or break a run
// (a time far ahead, an impossible date, a 2 MB report, binary garbage, wrong types, terminal escapes). Tests
// and the robustness benchmark prove that the clean feed's alerts survive them, byte for byte.
import seedrandom from 'seedrandom';

export const HOSTILE_KINDS = [
  'year-2100',
  'day-ahead',
  'utc-as-local',
  'hour-ahead',
  'impossible-date',
  'no-offset',
  'oversized',
  'garbage',
  'wrong-type',
  'control-chars',
  'truncated-json',
  'not-an-object',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

export interface HostileOptions {
  readonly seed: string;
  /** Lines of each kind to insert, as a fraction of the clean lines (0.01 = 1 % of each kind). */
  readonly rate?: number;
  /** Or an exact number of lines of each kind. */
  readonly perKind?: number;
  /** Kinds to insert (default all). */
  readonly kinds?: readonly HostileKind[];
  /** Size of an `oversized` report's text, bytes (default 2 MiB, over NATS's 1 MiB message limit). */
  readonly oversizedBytes?: number;
}

/** At most this many `oversized` lines whatever the rate: at 1 % of a week's feed they would be 700 MB of padding. */
export const MAX_OVERSIZED = 5;

export interface HostileFeed {
  /** The clean lines with the hostile ones among them, newline-terminated. */
  readonly bytes: Buffer;
  /** 1-based line number of each inserted line, with its kind. */
  readonly inserted: ReadonlyArray<{ readonly line: number; readonly kind: HostileKind }>;
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2})$/;

/** `receivedAt` moved by `ms`, written in the zone it was written in. */
function shifted(receivedAt: string, ms: number): string {
  const m = TIME.exec(receivedAt);
  if (!m) return receivedAt;
  const zone = m[5];
  const offsetMin =
    zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const local = new Date(Date.parse(receivedAt) + ms + offsetMin * 60_000).toISOString().slice(0, 19);
  return `${local}${zone}`;
}

/** One hostile line of `kind`, made from a clean report so that it looks like its neighbours. */
function hostileLine(
  kind: HostileKind,
  base: Record<string, unknown>,
  id: string,
  rng: () => number,
  oversized: number,
): Buffer {
  const at = String(base.receivedAt);
  const m = TIME.exec(at);
  const report = { ...base, id, callerId: `hostile-${id}` };
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  switch (kind) {
    case 'year-2100':
      return json({ ...report, receivedAt: m ? `2100${at.slice(4)}` : '2100-01-08T09:49:40+08:00' });
    case 'day-ahead':
      return json({ ...report, receivedAt: shifted(at, 24 * 3_600_000) });
    case 'hour-ahead':
      return json({ ...report, receivedAt: shifted(at, 3_600_000) });
    case 'utc-as-local':
      // The local wall time written with Z: eight hours ahead in Chengdu.
      return json({ ...report, receivedAt: m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}Z` : at });
    case 'impossible-date':
      return json({ ...report, receivedAt: m ? `${m[1]}-02-30T${m[4]}${m[5]}` : '2026-02-30T09:49:40+08:00' });
    case 'no-offset':
      return json({ ...report, receivedAt: m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}` : '2026-01-08T09:49:40' });
    case 'oversized':
      return json({ ...report, text: '电梯坏了'.repeat(Math.ceil(oversized / 12)) });
    case 'wrong-type':
      return json({ ...report, district: 42 });
    case 'not-an-object':
      return json([report]);
    case 'truncated-json': {
      const whole = JSON.stringify(report);
      return Buffer.from(whole.slice(0, Math.floor(whole.length / 2)));
    }
    case 'control-chars':
      return Buffer.from(
        `{"id":"${id}","text":"\u001b[2J\u001b[31m清屏\u0007\u0000","receivedAt":\u001b]0;owned\u0007}`,
      );
    case 'garbage': {
      const bytes = Buffer.alloc(20 + Math.floor(rng() * 400));
      for (let i = 0; i < bytes.length; i++) {
        const b = Math.floor(rng() * 256);
        bytes[i] = b === 0x0a ? 0xff : b;
      }
      return bytes;
    }
  }
}

/**
 * Insert hostile lines at random positions of `cleanLines` (NDJSON lines without their newlines). Each is built
 * from a nearby clean report with a new id and caller, so none can pass as, or be deduplicated with, a real one.
 * The same seed gives the same bytes.
 */
export function insertHostileLines(cleanLines: readonly string[], options: HostileOptions): HostileFeed {
  const rng = seedrandom(options.seed);
  const kinds = options.kinds ?? HOSTILE_KINDS;
  const each = options.perKind ?? Math.max(1, Math.round((options.rate ?? 0.01) * cleanLines.length));
  const oversized = options.oversizedBytes ?? 2 << 20;
  // Where each hostile line goes: before clean line `at` (cleanLines.length = after the last).
  const plan: Array<{ at: number; kind: HostileKind; order: number }> = [];
  for (const kind of kinds)
    for (let i = 0; i < (kind === 'oversized' ? Math.min(each, MAX_OVERSIZED) : each); i++)
      plan.push({ at: Math.floor(rng() * (cleanLines.length + 1)), kind, order: plan.length });
  plan.sort((a, b) => a.at - b.at || a.order - b.order);
  const parts: Buffer[] = [];
  const inserted: Array<{ line: number; kind: HostileKind }> = [];
  const newline = Buffer.from('\n');
  let next = 0;
  for (let i = 0; i <= cleanLines.length; i++) {
    for (; next < plan.length && plan[next].at === i; next++) {
      const { kind, order } = plan[next];
      const base = JSON.parse(cleanLines[Math.min(i, cleanLines.length - 1)]) as Record<string, unknown>;
      parts.push(hostileLine(kind, base, `HOSTILE-${kind}-${order}`, rng, oversized), newline);
      inserted.push({ line: parts.length / 2, kind });
    }
    if (i < cleanLines.length) parts.push(Buffer.from(cleanLines[i]), newline);
  }
  return { bytes: Buffer.concat(parts), inserted };
}

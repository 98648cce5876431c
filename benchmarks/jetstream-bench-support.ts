// Shared by the JetStream benchmarks: a flat-rate city profile (so a steady background is normal to the
// baseline), synthetic pre-classified reports drawn from it, settled and fully enriched as `lizheng replay`
// publishes them, and a fast loader into INTAKE.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { loadProfile, type Profile } from '../engine/profile/city-profile.ts';
import type { Enrichment } from '../engine/enrich/enrichment.ts';
import { Intake } from '../engine/intake/intake.ts';
import { clockEnvelope, intakeEnvelope, settledReport } from '../engine/stream/intake-message.ts';
import { unitCodes } from '../engine/stream/service-lifecycle.ts';
import { CityClock } from '../engine/time/event-time.ts';
import type { Report } from '../engine/intake/report.ts';

const TEXTS = [
  '小区电梯这周坏了三次，困人了，物业一直不管，请尽快处理。',
  '楼下烧烤店每天营业到凌晨两点，噪音太大，老人孩子都睡不好。',
  '公交站台的顶棚被风吹坏了，下雨天等车的人都淋湿了。',
  '社保卡挂失后一直办不下来，跑了三趟窗口都说系统问题。',
  '路边垃圾桶满了三天没人清运，气味很大，希望环卫处理。',
  '工地拖欠农民工工资两个月，包工头联系不上，请劳动部门介入。',
];

/**
 * Chengdu's districts and topics with a flat week at `perSecond` reports a second; districts listed in
 * `quiet` get a tiny weight, so a handful of reports there is a surge. Written to a temp file.
 */
export function benchProfile(perSecond: number, quiet: readonly string[] = []): { profile: Profile; path: string } {
  const base = loadProfile('chengdu').data;
  const data = {
    ...base,
    dailyVolume: perSecond * 86_400,
    hourShape: base.hourShape.map(() => 1),
    weekdayFactors: base.weekdayFactors.map(() => 1),
    districts: base.districts.map((d) => (quiet.includes(d.code) ? { ...d, weight: 1e-6 } : d)),
  };
  const path = join(tmpdir(), `lizheng-bench-profile-${process.pid}.json`);
  writeFileSync(path, JSON.stringify(data));
  return { profile: loadProfile(path), path };
}

/** Local ISO time with milliseconds: 2026-01-05T10:00:00.123+08:00. */
function isoMillis(t: number, clock: CityClock): string {
  const s = clock.format(t);
  return `${s.slice(0, 19)}.${String(((t % 1000) + 1000) % 1000).padStart(3, '0')}${s.slice(19)}`;
}

/** Draws pre-classified reports (district and topic set) in proportion to the profile. */
export class ReportSource {
  private readonly rng: seedrandom.PRNG;
  private readonly cells: Array<{ district: string; topic: string; cum: number }> = [];
  private n = 0;

  constructor(profile: Profile, seed = 'bench') {
    this.rng = seedrandom(seed);
    const weightSum = profile.data.districts.reduce((a, d) => a + d.weight, 0);
    let cum = 0;
    for (const d of profile.data.districts)
      for (const t of profile.data.topics) {
        cum += (d.weight / weightSum) * t.share;
        this.cells.push({ district: d.code, topic: t.code, cum });
      }
  }

  /** One report JSON at event time `t`, optionally forced into a cell and from a given caller. */
  next(
    t: number,
    clock: CityClock,
    cell?: { district: string; topic: string },
    caller?: string,
  ): Record<string, unknown> {
    const id = `B-${(this.n++).toString(36)}`;
    let pick = cell;
    if (!pick) {
      const x = this.rng() * this.cells[this.cells.length - 1].cum;
      pick = this.cells.find((c) => c.cum >= x) ?? this.cells[this.cells.length - 1];
    }
    return {
      id,
      receivedAt: isoMillis(t, clock),
      text: TEXTS[this.n % TEXTS.length],
      channel: 'hotline',
      district: pick.district,
      topic: pick.topic,
      callerId: caller ?? `c-${Math.floor(this.rng() * 1e9).toString(36)}`,
    };
  }
}

/**
 * Settles reports as `lizheng replay --enrich all` does (the edge), with the enrichment of each (text, district,
 * topic) computed once: the benchmarks draw a handful of texts, and what they measure is the engine, not jieba.
 */
export class EdgeSettler {
  private readonly settle: Intake;
  private readonly enrich: Intake;
  private readonly known = new Map<string, Enrichment | undefined>();

  constructor(profile: Profile) {
    const clock = new CityClock(profile.timezone);
    this.settle = new Intake(profile, clock, 'none');
    this.enrich = new Intake(profile, clock, 'all');
  }

  accept(json: Record<string, unknown>): Report {
    const report = this.settle.accept(json);
    const key = `${report.text}|${report.district}|${report.topic}`;
    if (!this.known.has(key)) this.known.set(key, this.enrich.accept(json).enrichment);
    report.enrichment = this.known.get(key);
    return report;
  }
}

/** The subject, settled payload and headers of a report as `lizheng replay` would publish it. */
export function asIntake(
  edge: EdgeSettler,
  json: Record<string, unknown>,
  sourceTime: number,
): { subject: string; data: Uint8Array; msgId: string; headers: Record<string, string> } {
  const report = edge.accept(json);
  const env = intakeEnvelope(report, sourceTime);
  return {
    subject: env.subject,
    data: new TextEncoder().encode(JSON.stringify(settledReport(report))),
    msgId: env.msgId,
    headers: env.headers,
  };
}

/**
 * Load `count` reports at `perSecond` of event time from `start`, plus end markers, into INTAKE with
 * core publishes (no ack per message; a flush every batch), and wait until the stream holds them all.
 */
export async function fillIntake(
  nc: NatsConnection,
  profile: Profile,
  count: number,
  perSecond: number,
  start: number,
): Promise<number> {
  const clock = new CityClock(profile.timezone);
  const source = new ReportSource(profile);
  const edge = new EdgeSettler(profile);
  let t = start;
  for (let i = 0; i < count; i++) {
    t = start + Math.floor((i * 1000) / perSecond);
    const m = asIntake(edge, source.next(t, clock), t);
    const h = headers();
    h.set('Nats-Msg-Id', m.msgId);
    for (const [k, v] of Object.entries(m.headers)) h.set(k, v);
    nc.publish(m.subject, m.data, { headers: h });
    if (i % 5_000 === 4_999) await nc.flush();
  }
  for (const district of unitCodes(profile)) {
    const end = clockEnvelope(district, t, true);
    const h = headers();
    for (const [k, v] of Object.entries(end.headers)) h.set(k, v);
    nc.publish(end.subject, new Uint8Array(0), { headers: h });
  }
  await nc.flush();
  return count + unitCodes(profile).length;
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Intake } from '../engine/intake/intake.ts';
import { CALLER_KEY_ENV, loadCallerKey } from '../engine/privacy/caller-key.ts';
import { hashCaller } from '../engine/privacy/hash-caller.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { settledReport } from '../engine/stream/intake-message.ts';
import { CityClock } from '../engine/time/event-time.ts';

const dir = mkdtempSync(join(tmpdir(), 'lizheng-caller-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);

describe('the caller key', () => {
  it('is created on first use with mode 0600 and read back the same afterwards', () => {
    const file = join(dir, 'data', 'caller-key');
    const first = loadCallerKey(file, {});
    expect(first.source).toBe('created');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadCallerKey(file, {});
    expect(again.source).toBe('file');
    expect(Buffer.from(again.key).equals(Buffer.from(first.key))).toBe(true);
  });

  it('tightens a key file others could read to 0600', () => {
    const file = join(dir, 'loose-key');
    writeFileSync(file, 'k'.repeat(64), { mode: 0o644 });
    chmodSync(file, 0o644);
    loadCallerKey(file, {});
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('comes from the environment ahead of any file, and a short one is refused naming the variable', () => {
    const file = join(dir, 'unused-key');
    const key = loadCallerKey(file, { [CALLER_KEY_ENV]: 's'.repeat(40) });
    expect(key.source).toBe('environment');
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
    expect(() => loadCallerKey(file, { [CALLER_KEY_ENV]: 'short' })).toThrow(
      /LIZHENG_CALLER_KEY: expected at least 32/,
    );
  });

  it('refuses a key file too short to be a secret', () => {
    const file = join(dir, 'short-key');
    writeFileSync(file, 'abc', { mode: 0o600 });
    expect(() => loadCallerKey(file, {})).toThrow(/at least 32 bytes/);
  });
});

describe('callers at intake', () => {
  const key = Buffer.from('0123456789abcdef0123456789abcdef');
  const intake = new Intake(profile, clock, 'none', { callerKey: key });
  const report = (id: string, callerId?: string | null) => ({
    id,
    receivedAt: '2026-01-05T09:00:00+08:00',
    text: '小区门口噪音扰民',
    district: 'wuhou',
    topic: 'noise',
    ...(callerId === undefined ? {} : { callerId }),
  });

  it('leave the edge as keyed hashes, in the report and in its payload as received', () => {
    const r = intake.accept(report('a', '13812345678'));
    expect(r.caller).toBe(hashCaller(key, '13812345678'));
    expect(r.raw.callerId).toBe(r.caller);
    expect(JSON.stringify(settledReport(r))).not.toContain('13812345678');
  });

  it('hash the same person alike and different people apart, so distinct counts are unchanged', () => {
    const callers = Array.from(
      { length: 2_000 },
      (_, i) => `1${String(3_800_000_000 + ((i * 7919) % 500)).padStart(10, '0')}`,
    );
    const hashed = callers.map((c, i) => intake.accept(report(`r${i}`, c)).caller);
    expect(new Set(hashed).size).toBe(new Set(callers).size);
    const byCaller = new Map<string, Set<string>>();
    for (const [i, c] of callers.entries()) byCaller.set(c, (byCaller.get(c) ?? new Set()).add(hashed[i]));
    expect([...byCaller.values()].every((s) => s.size === 1)).toBe(true);
  });

  it('differ under another key, so a table cannot be joined to phone numbers without it', () => {
    const other = new Intake(profile, clock, 'none', { callerKey: Buffer.from('another key of thirty-two bytes!') });
    expect(other.accept(report('a', '13812345678')).caller).not.toBe(intake.accept(report('a', '13812345678')).caller);
  });

  it('a report without a caller counts as its own caller, as before', () => {
    expect(intake.accept(report('x1')).caller).toBe('report:x1');
    expect(intake.accept(report('x2', null)).caller).toBe('report:x2');
  });
});

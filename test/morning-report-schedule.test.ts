// The running service's morning report: generated and archived at the configured local time (00:05) and not before,
// once per day, with the clock faked; dueDay across a daylight-saving change.
import { setTimeout as realSleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { startMorningReports } from '../engine/report/morning-report-service.ts';
import { dueDay, minutesOfDay } from '../engine/report/report-schedule.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { disposeTestStore, makeReport, openTestStore } from './store-fixtures.ts';

const shanghai = new CityClock('Asia/Shanghai');
const newYork = new CityClock('America/New_York');

describe('dueDay', () => {
  it('is the day before the latest run time that has passed, in local time', () => {
    const at = minutesOfDay('00:05');
    expect(dueDay(Date.parse('2026-02-03T00:04:59+08:00'), shanghai, at)).toBe('2026-02-01');
    expect(dueDay(Date.parse('2026-02-03T00:05:00+08:00'), shanghai, at)).toBe('2026-02-02');
    expect(dueDay(Date.parse('2026-02-03T23:59:00+08:00'), shanghai, at)).toBe('2026-02-02');
    // New York springs forward at 02:00 on 2026-03-08: 03:30 that day is 07:30 UTC.
    expect(dueDay(Date.parse('2026-03-08T07:30:00Z'), newYork, minutesOfDay('03:00'))).toBe('2026-03-07');
    expect(dueDay(Date.parse('2026-03-08T06:59:00Z'), newYork, minutesOfDay('03:00'))).toBe('2026-03-06');
  });

  it('refuses a time that is not HH:MM, naming it', () => {
    for (const bad of ['24:00', '0:05', '00:60', 'midnight']) expect(() => minutesOfDay(bad)).toThrow(bad);
  });
});

describe('the morning report schedule', () => {
  const store = openTestStore('pglite');
  afterAll(async () => {
    vi.useRealTimers();
    await disposeTestStore(await store, 'pglite');
  });

  it('archives the previous day at 00:05 local time, not before, and once', async () => {
    const { store: s } = await store;
    const t = (iso: string) => Date.parse(iso);
    await s.writer.writeReports([
      makeReport('a', t('2026-02-02T09:10:00+08:00'), { district: 'jinjiang', topic: 'noise' }),
      makeReport('b', t('2026-02-02T21:40:00+08:00'), { district: 'wuhou', topic: 'traffic' }),
      makeReport('c', t('2026-02-03T00:01:00+08:00'), { district: 'wuhou', topic: 'traffic' }),
    ]);
    await s.writer.flush();
    // Only the schedule's interval and the clock are faked: the store's own timers keep real time.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: t('2026-02-03T00:04:00+08:00') });
    const profile = loadProfile('chengdu');
    const generated: string[] = [];
    const log = pino({ level: 'silent' });
    const schedule = startMorningReports(s, profile, {
      at: minutesOfDay('00:05'),
      clock: 'wall',
      log,
      everyMs: 15_000,
    });
    const archived = () => s.archive.days(profile.data.code);
    try {
      // Checks at 00:04:15, :30, :45: the day due then is 1 February (a start catches up the last day due).
      await vi.advanceTimersByTimeAsync(59_000);
      for (let i = 0; i < 200 && (await archived()).length === 0; i++) await realSleep(50);
      expect(await archived()).toEqual(['2026-02-01']);
      expect(((await s.archive.get(profile.data.code, '2026-02-01'))!.summary as { hasData: boolean }).hasData).toBe(
        false,
      );
      await vi.advanceTimersByTimeAsync(1_000); // the check at 00:05:00
      for (let i = 0; i < 200 && (await archived()).length === 1; i++) await realSleep(50);
      expect(await archived()).toEqual(['2026-02-02', '2026-02-01']);
      const report = await s.archive.get(profile.data.code, '2026-02-02');
      const summary = report!.summary as { overview: { reports: number }; generatedAt: string; hasData: boolean };
      expect(summary.overview.reports).toBe(2);
      expect(summary.generatedAt).toBe('2026-02-03T00:05:00+08:00');
      expect(report!.html).toContain('2026年2月2日');
      generated.push(report!.generatedAt!.toString());
      await vi.advanceTimersByTimeAsync(120_000); // later checks the same day find it archived: nothing again
      expect((await s.archive.get(profile.data.code, '2026-02-02'))!.generatedAt).toBe(Number(generated[0]));
    } finally {
      await schedule.stop();
    }
  }, 60_000);
});

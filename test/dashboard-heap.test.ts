// The wall's memory over a fast replay of a generated day (a day in a minute: the gateway sends its ceiling of two
// snapshots a second throughout): after a warm-up its JS heap, measured after a forced collection, stops growing;
// the numbers are in benchmarks/RESULTS.md ("Wall in the browser").
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser.ts';
import { useDashboardStack } from './support/dashboard-stack.ts';

/** A day in 60 s: snapshots at the gateway's ceiling of two a second the whole time. */
const SPEED = '1440';
const WARM_UP_MS = 20_000;
const SAMPLE_EVERY_MS = 5_000;
/** The heap after warm-up may move with what is on screen (alerts, ticker), never climb with the feed. */
const GROWTH_BOUND = 1.25;

describe("the wall's heap over a fast replayed day", () => {
  const stack = useDashboardStack();
  const browser = useBrowser();

  it(`stays within ${GROWTH_BOUND}× its post-warm-up size after forced GC`, async () => {
    const wall = await browser.session.open('wall', `${stack.url}/wall?token=${stack.token('viewer')}`);
    await browser.session.shown(wall, '[data-testid=connection][data-state=live]');
    const cdp = await wall.context().newCDPSession(wall);
    await cdp.send('Performance.enable');
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
    };
    const feedTime = () => wall.locator('[data-testid=feed-time]').textContent();

    const firstDay = stack.feed.lines.filter((l) => l.includes('"receivedAt":"2026-01-05T'));
    expect(firstDay.length).toBeGreaterThan(4_000);
    const before = await heap();
    stack.play(firstDay, SPEED);
    const started = Date.now();
    const samples: Array<{ s: number; mib: number; feed: string | null }> = [];
    while (Date.now() - started < 75_000) {
      await sleep(SAMPLE_EVERY_MS);
      samples.push({
        s: Math.round((Date.now() - started) / 1000),
        mib: (await heap()) / 2 ** 20,
        feed: await feedTime(),
      });
    }
    const afterWarmUp = samples.filter((x) => x.s * 1000 >= WARM_UP_MS);
    const baseline = afterWarmUp[0].mib;
    const peak = Math.max(...afterWarmUp.map((x) => x.mib));
    const last = samples[samples.length - 1];
    console.log(
      `wall heap: ${(before / 2 ** 20).toFixed(1)} MiB connected, ${baseline.toFixed(1)} MiB after ${WARM_UP_MS / 1000} s ` +
        `warm-up, peak ${peak.toFixed(1)} MiB, last ${last.mib.toFixed(1)} MiB at ${last.s} s (feed ${last.feed}); ` +
        `peak/baseline ${(peak / baseline).toFixed(3)}\n${samples.map((x) => `${x.s}s ${x.mib.toFixed(2)}`).join(', ')}`,
    );
    // The replay really moved the wall's clock through the day, so the page was busy the whole time.
    expect(new Set(samples.map((x) => x.feed)).size).toBeGreaterThan(samples.length / 2);
    expect(peak / baseline).toBeLessThanOrEqual(GROWTH_BOUND);
    expect(browser.session.errors).toEqual([]);
  }, 180_000);
});

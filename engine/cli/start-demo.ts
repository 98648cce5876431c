// `lizheng start --demo`'s feed: generates the demo city into its data directory and plays it into INTAKE through
// the same edge as `lizheng replay` (validate, settle, enrich, gate) — history at full speed, then live at N×.
import { demoCity, DEMO_HISTORY_DAYS, DEMO_LIVE_DAYS } from '../generate/demo-city.ts';
import { demoPlayback } from '../generate/demo-playback.ts';
import { writeFeed } from '../generate/write-feed.ts';
import { INTAKE_BATCH, Intake } from '../intake/intake.ts';
import { openNdjson } from '../intake/read-ndjson.ts';
import type { Profile } from '../profile/city-profile.ts';
import { FeedReplayer } from '../stream/feed-replayer.ts';
import { connectNats } from '../stream/nats-connection.ts';
import { PipelinedPublisher } from '../stream/pipelined-publisher.ts';
import { CityClock, HOUR_MS } from '../time/event-time.ts';
import { progressBar } from './progress-bar.ts';

export interface DemoFeedOptions {
  readonly profile: Profile;
  readonly natsUrl: string;
  /** Where feed.ndjson and truth.json are written (the demo's data directory). */
  readonly dir: string;
  readonly seed: string;
  readonly speed: number;
  readonly signal: AbortSignal;
  readonly progress: boolean;
  readonly say: (line: string) => void;
  /** Called once when the history has been played and live play begins. */
  readonly onLive?: () => void;
  /** What the demo's callers are hashed with: the gateway's key. */
  readonly callerKey: Uint8Array;
}

/** Generate and play the demo city; resolves when the feed has ended or play was stopped through `signal`. */
export async function playDemoFeed(options: DemoFeedOptions): Promise<void> {
  const { profile, dir, speed, signal, say } = options;
  const clock = new CityClock(profile.timezone);
  const city = demoCity(profile, options.seed, Date.now());
  const days = city.feed.days.length;
  say(`demo: generating ${profile.data.city} (${profile.data.code}): ${days} days, seed ${options.seed}, into ${dir}`);
  const generating = progressBar('demo: generate', days, 'days', options.progress);
  // A stop while generating ends it after the day in hand, not after all of them.
  const written = await writeFeed(city.feed, dir, (done, _total, reports) => {
    signal.throwIfAborted();
    generating.update(done, { rate: `${reports} reports` });
  }).finally(() => generating.stop());
  const first = city.firstSurge;
  say(
    `demo: ${written.reports} reports; ${DEMO_HISTORY_DAYS} days of history play at full speed, then ` +
      `${DEMO_LIVE_DAYS} days live at ${speed}× from ${clock.format(city.liveFrom)} (event time)` +
      (first === null
        ? ''
        : `; the first injected surge, ${first.kind} in ${profile.districtLabel(first.district)} · ` +
          `${first.topic === null ? '' : profile.topicLabel(first.topic)}, starts at ${clock.format(first.start)}`),
  );
  const nats = await connectNats(options.natsUrl, 'lizheng-demo-feed');
  const publisher = new PipelinedPublisher(nats.nc);
  const feedStart = city.feed.days[0].start;
  const historyHours = Math.ceil((city.liveFrom - feedStart) / HOUR_MS);
  const history = progressBar('demo: history', historyHours, 'hours', options.progress);
  const started = performance.now();
  let live = false;
  try {
    const input = await openNdjson(written.feedPath);
    const replayer = new FeedReplayer(publisher, new Intake(profile, clock, 'all', { callerKey: options.callerKey }), {
      speed: Number.POSITIVE_INFINITY,
      maxPayloadBytes: nats.nc.info?.max_payload,
      onReject: (message) => say(`demo: ${message}`),
    });
    const playback = demoPlayback(input.batches(INTAKE_BATCH), {
      liveFrom: city.liveFrom,
      speed,
      signal,
      onProgress: (eventTime, nowLive) => {
        if (!nowLive) return history.update(Math.floor((eventTime - feedStart) / HOUR_MS));
        if (live) return;
        live = true;
        history.stop();
        options.onLive?.();
        say(
          `demo: history replayed in ${((performance.now() - started) / 1000).toFixed(0)} s ` +
            `(${replayer.tally.reports} reports); live now at ${speed}×, event time ${clock.format(eventTime)}`,
        );
      },
    });
    const tally = await replayer.run(playback);
    say(`demo: the feed has ended (${tally.reports} reports played); the gateway stays up until Ctrl-C`);
  } catch (err) {
    // A stop through `signal` ends play without end-of-feed markers; anything else is the demo failing.
    if (!signal.aborted) throw err;
  } finally {
    history.stop();
    publisher.close();
    await nats.nc.drain().catch(() => nats.nc.close());
  }
}

// Intake and counting on a thread of their own: reads an NDJSON feed, validates, settles and enriches each
// line, counts it into event-time minutes, and posts the closed minutes in batches — so reading and
// parsing overlap deciding on the main thread. Runs only in a worker started by ThreadedCounting, which
// owns the protocol (threaded-counting.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { loadProfile } from '../profile/city-profile.ts';
import { CityClock } from '../time/event-time.ts';
import { INTAKE_BATCH, Intake } from '../intake/intake.ts';
import { openNdjson } from '../intake/read-ndjson.ts';
import type { Report } from '../intake/report.ts';
import { CellCounter } from './cell-counter.ts';
import { MinutePacker, transferables } from './packed-minutes.ts';
import type { CountingThreadData, CountingThreadMessage, FeedTally } from './threaded-counting.ts';

/** A batch goes out once it holds this many reports or minutes (empty minutes are cheap but many). */
const BATCH_REPORTS = 1024;
const BATCH_MINUTES = 8192;
/**
 * Batches posted but not yet taken by the main thread; beyond this the reader waits (bounded memory: at most
 * 32 × 1,024 reports). Deciding costs more in busy hours than at night, so a short queue left each thread
 * waiting for the other in turn: two batches ahead ran a 90-day feed about 10 % slower than 16 to 128.
 */
const MAX_AHEAD = 32;

const port = parentPort!;
const options = (workerData as { data: CountingThreadData }).data;
let ahead = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  ahead--;
  wake?.();
});

async function run(): Promise<void> {
  const profile = loadProfile(options.profile);
  const intake = new Intake(profile, new CityClock(profile.timezone), options.mode);
  const input = await openNdjson(options.path);
  port.postMessage({ type: 'opened', size: input.size } satisfies CountingThreadMessage);
  const packer = new MinutePacker(profile);
  let reports: Array<readonly Report[]> = [];
  let bad: string[] = [];
  const tally: FeedTally = { lines: 0, counted: 0, duplicate: 0, late: 0, bad: 0 };
  const counter = new CellCounter({
    latenessMs: options.latenessMs,
    keepReports: options.whole,
    onMinute: (series, minuteReports) => {
      packer.add(series);
      if (options.whole) reports.push(minuteReports);
    },
  });
  const send = async () => {
    const minutes = packer.take();
    const message: CountingThreadMessage = { type: 'minutes', minutes, reports, bad, tally: { ...tally }, bytesRead: input.bytesRead };
    port.postMessage(message, transferables(minutes));
    reports = [];
    bad = [];
    if (++ahead >= MAX_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  };
  for await (const lines of input.batches(INTAKE_BATCH)) {
    for (const answer of intake.acceptLines(lines)) {
      tally.lines++;
      if (typeof answer === 'string') bad.push(answer);
      else tally[counter.ingest(answer)]++;
      if (packer.reports >= BATCH_REPORTS || packer.length >= BATCH_MINUTES || bad.length >= BATCH_REPORTS) {
        tally.bad += bad.length;
        await send();
      }
    }
  }
  counter.flush();
  tally.bad += bad.length;
  await send();
  port.postMessage({ type: 'end' } satisfies CountingThreadMessage);
}

run().then(
  () => port.close(),
  (err: Error) => {
    port.postMessage({ type: 'failed', name: err.name, message: err.message } satisfies CountingThreadMessage);
    port.close();
  },
);

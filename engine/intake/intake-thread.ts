// Intake on a thread of its own: reads an NDJSON feed, validates, settles and enriches each line, and posts
// the reports in batches — so reading and parsing, the larger half of `detect`, overlap counting and
// deciding on the main thread. Runs only in a worker started by ThreadedIntake, which owns the protocol
// (threaded-intake.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { loadProfile } from '../profile/city-profile.ts';
import { CityClock } from '../time/event-time.ts';
import { INTAKE_BATCH, Intake } from './intake.ts';
import { openNdjson } from './read-ndjson.ts';
import { PartialInputError } from '../errors.ts';
import type { Report } from './report.ts';
import { ColumnWriter, transferables } from '../checkpoint/counted-columns.ts';
import type { IntakeThreadData, IntakeThreadMessage } from './threaded-intake.ts';
import { EventTimeGate, quarantineMessage } from '../time/event-time-gate.ts';

/** A batch goes out once it holds about this many lines (checked after each intake batch). */
const BATCH_LINES = 1024;
/**
 * Batches posted but not yet taken by the main thread; beyond this the reader waits (bounded memory: about
 * 32 × 1,024 reports). Deciding costs more in busy hours than at night, so a short queue left each thread
 * waiting for the other in turn: two batches ahead ran a 90-day feed about 10 % slower than 16 to 128.
 */
const MAX_AHEAD = 32;

const port = parentPort!;
const options = (workerData as { data: IntakeThreadData }).data;
let ahead = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  ahead--;
  wake?.();
});

async function run(): Promise<void> {
  const profile = loadProfile(options.profile);
  const intake = new Intake(profile, new CityClock(profile.timezone), options.mode, {
    localTimes: options.localTimes,
    callerKey: options.callerKey,
  });
  const input = await openNdjson(options.path);
  port.postMessage({ type: 'opened', size: input.size } satisfies IntakeThreadMessage);
  const packer = new ColumnWriter();
  let whole: Report[] = [];
  let bad: string[] = [];
  let quarantined = 0;
  let lines = 0;
  // Counting sees reports in the order the gate lets them through: a time far ahead of the feed waits for its votes.
  const gate = new EventTimeGate<{ report: Report; line: number }>(options.gate, {
    pass: ({ report }) => (options.whole ? whole.push(report) : packer.add(report)),
    quarantine: ({ report, line }, reason, detail) => {
      quarantined++;
      bad.push(`line ${line}: ${quarantineMessage(report.raw.receivedAt, reason, detail)}`);
    },
  });
  const send = async () => {
    const packed = packer.takeTransferable();
    const message: IntakeThreadMessage = {
      type: 'reports',
      packed,
      whole: options.whole ? whole : null,
      bad,
      quarantined,
      lines,
      bytesRead: input.bytesRead,
    };
    port.postMessage(message, transferables(packed));
    whole = [];
    bad = [];
    quarantined = 0;
    lines = 0;
    if (++ahead >= MAX_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  };
  let broken: PartialInputError | null = null;
  try {
    for await (const batch of input.batches(INTAKE_BATCH)) {
      const answers = intake.acceptLines(batch);
      for (let i = 0; i < answers.length; i++) {
        const answer = answers[i];
        if (typeof answer === 'string') bad.push(answer);
        else gate.offer({ report: answer, line: batch[i].line }, answer.t);
      }
      lines += batch.length;
      if (lines >= BATCH_LINES) await send();
    }
  } catch (err) {
    // A feed cut short: what was read is still counted, then the break is said (ThreadedIntake throws it).
    if (!(err instanceof PartialInputError)) throw err;
    broken = err;
  }
  gate.flush();
  await send();
  if (broken)
    port.postMessage({
      type: 'failed',
      name: broken.name,
      message: broken.message,
      lastLine: broken.lastLine,
    } satisfies IntakeThreadMessage);
  else port.postMessage({ type: 'end' } satisfies IntakeThreadMessage);
}

run().then(
  () => port.close(),
  (err: Error) => {
    port.postMessage({ type: 'failed', name: err.name, message: err.message } satisfies IntakeThreadMessage);
    port.close();
  },
);

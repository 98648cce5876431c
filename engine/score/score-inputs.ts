// Reads what `lizheng score` compares: truth.json from `lizheng generate` and the alert stream of `lizheng detect`.
import { readFile } from 'node:fs/promises';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Alert, AlertEventType } from '../../schemas/alert-event.ts';
import { InputError } from '../errors.ts';
import { Truth } from '../generate/truth.ts';
import { openNdjson } from '../intake/read-ndjson.ts';
import type { OpenedAlert } from './score-alerts.ts';

const checkTruth = TypeCompiler.Compile(Truth);
/** Only the alert fields scoring uses are required, so richer alerts still score. */
const checkEvent = TypeCompiler.Compile(
  Type.Object({ type: AlertEventType, alert: Type.Pick(Alert, ['id', 'kind', 'district', 'topic', 'openedAt']) }),
);

/** Read and validate a truth file; InputError names the file and the first field that is wrong. */
export async function readTruth(path: string): Promise<Truth> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new InputError(`cannot read truth ${path}: ${(cause as Error).message}`, { cause });
  }
  const first = checkTruth.Errors(json).First();
  if (first) throw new InputError(`truth ${path}: ${first.path || '/'} ${first.message}`);
  return json as Truth;
}

export interface AlertRead {
  readonly opened: OpenedAlert[];
  /** Lines of any valid event type. */
  readonly events: number;
  readonly bad: number;
}

/** The `alert.opened` events of an alert stream (NDJSON, .gz or -); bad lines go to `onBad` and are skipped. */
export async function readOpenedAlerts(path: string, onBad: (message: string) => void): Promise<AlertRead> {
  const opened: OpenedAlert[] = [];
  let events = 0;
  let bad = 0;
  for await (const { line, value, error } of await openNdjson(path)) {
    const problem = error ?? eventProblem(value, line);
    if (problem) {
      bad++;
      onBad(problem);
      continue;
    }
    events++;
    const { type, alert } = value as { type: string; alert: OpenedAlert };
    if (type === 'alert.opened') {
      opened.push({
        id: alert.id,
        kind: alert.kind,
        district: alert.district,
        topic: alert.topic,
        openedAt: alert.openedAt,
      });
    }
  }
  return { opened, events, bad };
}

function eventProblem(value: unknown, line: number): string | null {
  const first = checkEvent.Errors(value).First();
  if (first) return `line ${line}: ${first.path.replace(/^\//, '') || '(root)'}: ${first.message}`;
  const openedAt = (value as { alert: { openedAt: string } }).alert.openedAt;
  if (Number.isNaN(Date.parse(openedAt)))
    return `line ${line}: alert/openedAt: not a time: ${JSON.stringify(openedAt)}`;
  return null;
}

// A checkpoint that cannot be restored must stop the engine with one message an operator can act on: which key,
// what is wrong with it, and the way out (--reset), never a restore of wrong state.
import { LizhengError } from '../errors.ts';

/** A checkpoint in the KV bucket that cannot be read back (corrupt, partial, or of another version). */
export class CheckpointError extends LizhengError {}

/** The error for checkpoint `key` and what is wrong with it, in the one wording every unreadable checkpoint gets. */
export const unreadable = (key: string, problem: string, cause?: unknown): CheckpointError =>
  new CheckpointError(
    `checkpoint ${key}: ${problem}; start over with --reset`,
    cause === undefined ? undefined : { cause },
  );

// `--caller-key FILE` for the commands that take reports in on their own (`gateway`, `replay`): each must hash
// callers with the key the others use, so they share one file (or LIZHENG_CALLER_KEY) rather than each its own.
import type { Command } from 'commander';
import { CALLER_KEY_ENV } from '../privacy/caller-key.ts';

export interface CallerKeyFlags {
  callerKey: string;
}

/** Add `--caller-key FILE`, default `./data/caller-key` (where `lizheng start` keeps it). */
export function addCallerKeyFlag(command: Command): Command {
  return command.option(
    '--caller-key <file>',
    `secret that caller ids are hashed with (HMAC-SHA256), created with mode 0600 when missing; ${CALLER_KEY_ENV} ` +
      'holds the secret itself instead. Every process taking reports in must use the same one',
    './data/caller-key',
  );
}

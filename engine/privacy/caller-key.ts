// Where the secret behind hashed caller ids comes from: the environment, or a file in the data directory created
// on first start with mode 0600. Every process that takes reports in (gateway, replay, demo) must hash with the same
// key, or one person would count as two; a process whose output carries no caller ids may use a key of its own.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LizhengError } from '../errors.ts';

/** The environment variable that holds the key itself (at least 32 characters), ahead of any file. */
export const CALLER_KEY_ENV = 'LIZHENG_CALLER_KEY';
/** The key file's name in a data directory. */
export const CALLER_KEY_FILE = 'caller-key';

const MIN_KEY_CHARS = 32;

/** Where the key came from, for the start-up log. */
export interface CallerKey {
  readonly key: Uint8Array;
  readonly source: 'environment' | 'file' | 'created' | 'ephemeral';
}

/**
 * The key from `LIZHENG_CALLER_KEY`, else from `file` (created with 32 random bytes, mode 0600, when missing; a file
 * others may read is tightened to 0600), else — `file` null — a random key for this process only.
 */
export function loadCallerKey(file: string | null, env: NodeJS.ProcessEnv = process.env): CallerKey {
  const fromEnv = env[CALLER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_KEY_CHARS)
      throw new LizhengError(`${CALLER_KEY_ENV}: expected at least ${MIN_KEY_CHARS} characters, got ${fromEnv.length}`);
    return { key: Buffer.from(fromEnv, 'utf8'), source: 'environment' };
  }
  if (file === null) return { key: randomBytes(32), source: 'ephemeral' };
  try {
    const key = readFileSync(file);
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    if (key.length < MIN_KEY_CHARS)
      throw new LizhengError(`${file}: a caller key needs at least ${MIN_KEY_CHARS} bytes, found ${key.length}`);
    return { key, source: 'file' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = Buffer.from(randomBytes(32).toString('hex'), 'utf8');
  try {
    // `wx`: two processes starting at once must not each write a key of their own; the loser reads the winner's.
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadCallerKey(file, env);
    throw err;
  }
  return { key, source: 'created' };
}

let processKey: Uint8Array | null = null;

/**
 * The key of a process that was given none: `LIZHENG_CALLER_KEY` when set, else one random key for the life of the
 * process, so every intake in it hashes a caller the same way.
 */
export function processCallerKey(): Uint8Array {
  processKey ??= loadCallerKey(null).key;
  return processKey;
}

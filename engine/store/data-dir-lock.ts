// A pid file beside the embedded database's directory: two processes writing one PGlite directory would corrupt it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataDirLockedError } from './store-errors.ts';
import { isProcessAlive } from '../process-alive.ts';

/** Take `<dataDir>.lock` for this process; returns the function that gives it back. */
export function lockDataDir(dataDir: string): () => void {
  const file = `${resolve(dataDir)}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) {
      throw new DataDirLockedError(`${dataDir} is in use by process ${holder} (lock file ${file})`);
    }
    writeFileSync(file, String(process.pid)); // stale lock of a dead process
  }
  return () => rmSync(file, { force: true });
}

// Whether a process of this machine still runs: the embedded database's pid lock and the engine's role lease both
// take over from an owner that died (kill -9, a crash) instead of waiting for it.

/** True while `pid` runs on this machine (signal 0 only checks; EPERM means it runs as another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

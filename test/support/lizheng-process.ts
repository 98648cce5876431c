// Runs `node bin/lizheng.js …` as a real child process, so tests can kill -9 it or watch it finish.
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Running {
  readonly child: ChildProcess;
  /** Resolves when the process exits, with everything it printed. */
  readonly done: Promise<Finished>;
}

/** Children still running when the test process exits (a failed test that never awaited them) are killed with it. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Start `lizheng <args>`; stdout and stderr are collected. `group`: in a process group of its own, which
 * `process.kill(-pid, signal)` signals whole, as a terminal's Ctrl-C does. `stdin`: a pipe the caller writes
 * (`--input -` fed at a chosen pace), else none.
 */
export function startLizheng(
  args: readonly string[],
  env: Record<string, string> = {},
  options: { group?: boolean; stdin?: boolean } = {},
): Running {
  const child = spawn(process.execPath, ['bin/lizheng.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: [options.stdin === true ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: options.group === true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  // Decoded as streams: a chunk may end inside a multi-byte character (the alerts' Chinese summaries).
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Finished>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Run `lizheng <args>` to the end; rejects when it exits non-zero (with its stderr in the message). */
export async function runLizheng(args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
  const r = await startLizheng(args, env).done;
  if (r.code !== 0) throw new Error(`lizheng ${args.join(' ')} exited ${r.code ?? r.signal}:\n${r.stderr}`);
  return r;
}

/**
 * Resolve once `running` answers GET /health on `port`. Judged by a deadline, not a count of tries (a loaded
 * machine makes each try slower, and an engine taking over a lease waits up to its TTL before it serves);
 * rejects at once, with the child's stderr, if it exits first.
 */
export async function waitForHealth(running: Running, port: number, timeoutMs = 90_000): Promise<void> {
  const seen: { exited?: Finished } = {};
  void running.done.then((f) => (seen.exited = f));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null)) return;
    const exited = seen.exited;
    if (exited)
      throw new Error(`lizheng exited ${exited.code ?? exited.signal} before serving /health:\n${exited.stderr}`);
    await sleep(50);
  }
  running.child.kill('SIGKILL');
  throw new Error(`lizheng did not serve /health within ${timeoutMs / 1000} s`);
}

/** Start a live `lizheng engine` with its health port and 100 ms checkpoints; resolves once /health answers. */
export async function startLiveEngine(natsUrl: string, port: number): Promise<Running> {
  const engine = startLizheng(['engine', '--nats', natsUrl, '--health-port', String(port), '--checkpoint-ms', '100']);
  await waitForHealth(engine, port);
  return engine;
}

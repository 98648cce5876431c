// The compiled command (dist/, built by scripts/build.sh at install and before `npm test`) answers exactly as the
// TypeScript sources run through tsx do: --help, --version, and detect on a small generated feed; its worker
// threads start on compiled modules, without tsx.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledIsFresh } from '../bin/compiled-is-fresh.js';

const ROOT = join(import.meta.dirname, '..');
// A resolve hook that fails the process when the main thread loads any .ts module: proves the compiled path ran.
const NO_TS = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module';
   register('data:text/javascript,' + encodeURIComponent(
     'export async function resolve(s, c, next) { const r = await next(s, c);' +
     ' if (r.url.endsWith(".ts")) throw new Error("loaded TypeScript: " + r.url); return r; }'));`,
)}`;

function lizheng(run: 'dist' | 'tsx', args: string[]) {
  const node = run === 'dist' ? ['--import', NO_TS] : [];
  return spawnSync(process.execPath, [...node, 'bin/lizheng.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, LIZHENG_RUN: run },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

let dir: string;
beforeAll(() => {
  // Build only a stale dist/: `npm test` has just built it, and rebuilding swaps dist/ under the other tests'
  // running lizheng processes, whose later dynamic imports then find the old directory gone.
  if (!compiledIsFresh(`${ROOT}/`)) execFileSync('bash', ['scripts/build.sh'], { cwd: ROOT, stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'lizheng-compiled-'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the compiled lizheng', () => {
  it('prints the same --help and --version as the tsx path', () => {
    for (const args of [['--help'], ['--version'], ['detect', '--help'], ['engine', '--help']]) {
      const compiled = lizheng('dist', args);
      const tsx = lizheng('tsx', args);
      expect(compiled.stderr).toBe(tsx.stderr);
      expect(compiled.status).toBe(0);
      expect(compiled.stdout).toBe(tsx.stdout);
    }
  });

  it('detects the same alerts as the tsx path on a small generated feed, its intake thread compiled', () => {
    const gen = lizheng('dist', ['generate', '--days', '3', '--seed', '3', '--out', dir, '--no-progress']);
    expect(gen.status, gen.stderr).toBe(0);
    const feed = join(dir, 'feed.ndjson');
    const compiled = lizheng('dist', ['detect', '--input', feed, '--no-progress']);
    const tsx = lizheng('tsx', ['detect', '--input', feed, '--no-progress']);
    expect(compiled.status, compiled.stderr).toBe(0);
    expect(tsx.status, tsx.stderr).toBe(0);
    expect(compiled.stdout.split('\n').length).toBeGreaterThan(2);
    expect(compiled.stdout).toBe(tsx.stdout);
  });

  it('starts a worker on the compiled .js sibling of the .ts module it is given, without tsx', () => {
    // Only probe.js exists: the tsx boot would fail to find probe.ts.
    writeFileSync(
      join(dir, 'probe.js'),
      "import { parentPort, workerData } from 'node:worker_threads';\nparentPort.postMessage(workerData.data);\n",
    );
    const start = pathToFileURL(join(ROOT, 'dist/engine/threads/start-ts-worker.js')).href;
    const probe = pathToFileURL(join(dir, 'probe.ts')).href;
    // A file, not `node -e`: a worker would inherit --input-type, which workers refuse.
    writeFileSync(
      join(dir, 'driver.mjs'),
      `const { startTsWorker, RUNNING_COMPILED } = await import(${JSON.stringify(start)});
       const w = startTsWorker(new URL(${JSON.stringify(probe)}), { hello: 'compiled' });
       w.once('message', (m) => { console.log(RUNNING_COMPILED, JSON.stringify(m)); w.terminate(); });\n`,
    );
    const out = execFileSync(process.execPath, [join(dir, 'driver.mjs')], { encoding: 'utf8' });
    expect(out.trim()).toBe('true {"hello":"compiled"}');
  });
});

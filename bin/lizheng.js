#!/usr/bin/env node
// The `lizheng` command. Runs the JavaScript compiled into dist/ (`npm install` builds it, as does `npm test` and
// `npm run build`) when it is there and no source is newer than it; otherwise, while the sources are being edited,
// loads them through tsx, as before (slower to start: every module is transpiled on each start).
// LIZHENG_RUN=tsx or LIZHENG_RUN=dist forces one of the two (tests compare them).
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['engine', 'gateway', 'schemas', 'package.json'];

/** The modification time of `path`, or -Infinity when it is missing. */
function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}

/** True when `dir` or anything under it was changed after `since` (a file added or removed changes its folder). */
function changedSince(path, since) {
  const stat = statSync(path);
  if (stat.mtimeMs > since) return true;
  if (!stat.isDirectory()) return false;
  return readdirSync(path).some((name) => changedSince(`${path}/${name}`, since));
}

function compiledIsFresh() {
  const built = mtime(`${root}dist/.build-stamp`);
  return built > Number.NEGATIVE_INFINITY && !SOURCES.some((source) => changedSince(`${root}${source}`, built));
}

const run = process.env.LIZHENG_RUN;
const compiled = run === 'dist' || (run !== 'tsx' && compiledIsFresh());
if (!compiled) (await import('tsx/esm/api')).register();
const { main } = await import(compiled ? '../dist/engine/cli/main.js' : '../engine/cli/main.ts');
await main(process.argv);

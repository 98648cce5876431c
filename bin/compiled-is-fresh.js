// Whether dist/ holds a build of the current sources: bin/lizheng.js runs it only then, and the compiled-CLI test
// rebuilds it only when not (a rebuild swaps dist/ under any lizheng already running from it).
import { readdirSync, statSync } from 'node:fs';

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

/** `root` ends with a slash: the project folder holding dist/ and the sources. */
export function compiledIsFresh(root) {
  const built = mtime(`${root}dist/.build-stamp`);
  return built > Number.NEGATIVE_INFINITY && !SOURCES.some((source) => changedSince(`${root}${source}`, built));
}

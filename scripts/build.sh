#!/usr/bin/env bash
# Compiles the engine to JavaScript in dist/ (npm's `prepare` runs this at install; `npm test` before the tests),
# so `lizheng` starts like a compiled tool instead of transpiling every module through tsx on each start.
# tsc only transpiles here (noCheck: `npm run typecheck` checks) and rewrites `./x.ts` imports to `./x.js`.
# Files the code loads at run time (profiles, the topic model, dictionaries, SQL migrations, pglite-worker.js)
# are copied beside the compiled modules, so `new URL('./x.json', import.meta.url)` finds them in dist/ too.
# dist/.build-stamp is dated when compiling started: bin/lizheng.js runs dist/ only while no source is newer.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d .dist-build.XXXXXX)
trap 'rm -rf "$out"' EXIT
chmod 755 "$out"
touch "$out/.build-stamp"
npx tsc -p tsconfig.build.json --outDir "$out"
find engine gateway schemas -type f ! -name '*.ts' ! -name '*.md' -exec cp --parents {} "$out/" \;
# main.ts reads the version from ../../package.json; in dist/ that is this file.
# The dashboard's browser bundle and pages, served by the gateway from dist/dashboard.
node scripts/build-dashboard.mjs "$out/dashboard"
node -e 'const p = require("./package.json"); process.stdout.write(JSON.stringify({ name: p.name, version: p.version, private: true, type: "module" }, null, 2) + "\n")' > "$out/package.json"

# Swap in the new build whole, so a command starting meanwhile sees the old build or the new one.
rm -rf .dist-old
[ ! -e dist ] || mv dist .dist-old
mv "$out" dist
rm -rf .dist-old

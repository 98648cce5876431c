#!/usr/bin/env bash
# The project's one test command (README, `npm test`, .ci/run): installs what the tests need (npm ci also
# compiles dist/, the `prepare` script), starts the services they talk to when they are down, lints, type-checks,
# compiles again (so the CLI tests run the compiled code of these sources), then runs every test with coverage,
# failing under the floor in vitest.config.ts. Arguments select tests (`bash scripts/test.sh test/x.test.ts`);
# a selection runs without the coverage floor, which holds for the whole suite only.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-nats.sh
bash scripts/ensure-postgres.sh
bash scripts/ensure-chromium.sh
npx biome ci .
npx tsc --noEmit
bash scripts/build.sh
if [ $# -eq 0 ]; then
  npx vitest run --coverage
else
  npx vitest run "$@"
fi

#!/usr/bin/env bash
# The project's one test command (README, `npm test`, .ci/run): installs what the tests need, starts the
# services they talk to when they are down, type-checks, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-nats.sh
bash scripts/ensure-postgres.sh
npx tsc --noEmit
npx vitest run "$@"

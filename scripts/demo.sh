#!/usr/bin/env bash
# The main job until `lizheng start` exists: five synthetic weeks of Chengdu intake, their surges
# detected, and the score against the injected truth. Output in data/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
out=data/demo
node bin/lizheng.js generate --days 35 --seed "${SEED:-7}" --out "$out"
node bin/lizheng.js detect --input "$out/feed.ndjson" > "$out/alerts.ndjson"
node bin/lizheng.js score --truth "$out/truth.json" --alerts "$out/alerts.ndjson"
echo "alerts: $out/alerts.ndjson (one JSON alert event a line)"

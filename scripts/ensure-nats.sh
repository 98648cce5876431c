#!/usr/bin/env bash
# Makes sure a NATS server with JetStream answers on 127.0.0.1:4222 (used by .ci/run before the tests):
# starts `nats-server -js` if nothing answers, installing Debian's nats-server with apt-get when missing.
set -euo pipefail

HOST=127.0.0.1
PORT="${NATS_PORT:-4222}"
STORE="${NATS_STORE_DIR:-/tmp/lizheng-nats-store}"
LOG="${NATS_LOG:-/tmp/lizheng-nats-server.log}"

answers() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

if answers; then
  echo "ensure-nats: a server already answers on $HOST:$PORT"
  exit 0
fi

if ! command -v nats-server >/dev/null 2>&1 && [ ! -x /usr/sbin/nats-server ]; then
  echo "ensure-nats: nats-server missing, installing Debian's package"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nats-server
fi
BIN="$(command -v nats-server || echo /usr/sbin/nats-server)"

mkdir -p "$STORE"
echo "ensure-nats: starting $BIN -js on $HOST:$PORT (store $STORE, log $LOG)"
nohup "$BIN" -js -a "$HOST" -p "$PORT" -sd "$STORE" -l "$LOG" >/dev/null 2>&1 &

for _ in $(seq 1 100); do
  if answers; then
    echo "ensure-nats: ready"
    exit 0
  fi
  sleep 0.1
done
echo "ensure-nats: nats-server did not answer on $HOST:$PORT within 10 s; see $LOG" >&2
exit 1

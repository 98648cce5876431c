// One progress bar style for every long command: on stderr, only when stderr is a terminal.
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(value: number, payload?: Record<string, unknown>): void;
  stop(): void;
}

/**
 * A bar from 0 to `total` labelled `label`; `unit` names what is counted (bytes are shown as MB).
 * Prints nothing when stderr is not a terminal (CI logs stay readable) or `enabled` is false.
 */
export function progressBar(label: string, total: number, unit: 'bytes' | string, enabled = true): Progress {
  if (!enabled || !process.stderr.isTTY || total <= 0) return { update() {}, stop() {} };
  const bytes = unit === 'bytes';
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format:
        `${label} [{bar}] {percentage}% | ${bytes ? '{mb}/{totalMb} MB' : `{value}/{total} ${unit}`} | {rate} ` +
        `| ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  const fields = (value: number, payload: Record<string, unknown> = {}) => ({
    mb: (value / 1e6).toFixed(1),
    totalMb: (total / 1e6).toFixed(1),
    rate: payload.rate ?? `${Math.round(value / Math.max(1e-3, (Date.now() - started) / 1000))}/s`,
    ...payload,
  });
  bar.start(total, 0, fields(0));
  return {
    update: (value, payload) => bar.update(value, fields(value, payload)),
    stop: () => bar.stop(),
  };
}

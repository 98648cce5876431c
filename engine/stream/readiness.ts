// /health-style readiness of a pipeline process: consumer lag and checkpoint age, written to the
// `lizheng_health` KV bucket every few seconds (the gateway reads it) and, when asked, served over HTTP.
import { createServer, type Server } from 'node:http';
import type { KV } from '@nats-io/kv';

export interface ReadinessReport {
  readonly role: string;
  /** Consumers are attached and the last checkpoint is recent. */
  readonly ready: boolean;
  /** Messages the server still holds for this process's consumers. */
  readonly lagMessages: number;
  readonly lastCheckpointAgeMs: number;
  readonly checkpoints: number;
  readonly processed: number;
  readonly poison: number;
  readonly watermark: string | null;
  readonly updatedAt: string;
  readonly [extra: string]: unknown;
}

const PUBLISH_EVERY_MS = 5_000;
/** A checkpoint older than this, and than twice its paced interval (while messages flow), makes the process not ready. */
const STALE_CHECKPOINT_MS = 30_000;

export const isCheckpointFresh = (ageMs: number, pacedMs = 0): boolean => ageMs < Math.max(STALE_CHECKPOINT_MS, 2 * pacedMs);

export class Readiness {
  private timer: NodeJS.Timeout | null = null;
  private server: Server | null = null;

  constructor(
    private readonly health: KV,
    private readonly key: string,
    private readonly collect: () => ReadinessReport,
  ) {}

  /** Start writing the report to the health bucket; `port` also serves it at GET /health. */
  async start(port?: number): Promise<void> {
    this.timer = setInterval(() => void this.publish(), PUBLISH_EVERY_MS);
    this.timer.unref();
    await this.publish();
    if (port === undefined) return;
    this.server = createServer((req, res) => {
      const report = this.collect();
      const ok = req.url === '/health' || req.url === '/';
      res.writeHead(!ok ? 404 : report.ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(ok ? JSON.stringify(report) : '{"error":"try GET /health"}');
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.publish();
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async publish(): Promise<void> {
    await this.health.put(this.key, JSON.stringify(this.collect())).catch(() => {
      // Readiness is advisory: a missed write (NATS reconnecting) is retried on the next tick.
    });
  }
}

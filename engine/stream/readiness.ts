// /health-style readiness of a pipeline process: consumer lag and checkpoint age, written to the
// `lizheng_health` KV bucket every few seconds (the gateway reads it) and, when asked, served over HTTP
// beside the same figures in Prometheus text format at /metrics.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { KV } from '@nats-io/kv';
import { Counter, Gauge, Registry } from 'prom-client';

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
/**
 * A checkpoint older than this, and than twice its paced interval (while messages flow), makes the process not ready.
 */
const STALE_CHECKPOINT_MS = 30_000;

/** The tally fields /metrics reads from a report (whole-city and partition reports carry one). */
interface ReportTally {
  readonly counted?: number;
  readonly duplicate?: number;
  readonly late?: number;
  readonly quarantined?: Record<string, number>;
}

/**
 * Prometheus metrics read from one report per scrape. The values are the process's own running totals
 * (restored from its checkpoint), so counters are set from them rather than incremented here.
 */
function metricsRegistry(read: () => ReadinessReport): Registry {
  const registry = new Registry();
  const role = () => read().role;
  const tally = () => (read().tally ?? {}) as ReportTally;
  const counter = (name: string, help: string, value: () => number) =>
    new Counter({
      name,
      help,
      labelNames: ['role'],
      registers: [registry],
      collect() {
        this.reset();
        this.inc({ role: role() }, value());
      },
    });
  const gauge = (name: string, help: string, value: () => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['role'],
      registers: [registry],
      collect() {
        this.set({ role: role() }, value());
      },
    });
  counter('lizheng_messages_total', 'Input messages handled (reports, markers, poison)', () => read().processed);
  counter('lizheng_counted_total', 'Reports counted', () => tally().counted ?? 0);
  counter('lizheng_duplicates_total', 'Reports seen again and not counted', () => tally().duplicate ?? 0);
  counter('lizheng_late_total', 'Reports behind the allowed lateness', () => tally().late ?? 0);
  counter('lizheng_dead_letters_total', 'Poison messages republished to intake.dead', () => read().poison);
  new Counter({
    name: 'lizheng_quarantined_total',
    help: 'Reports kept out of counting for their event time, by reason',
    labelNames: ['role', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      const byReason = Object.entries(tally().quarantined ?? {});
      if (byReason.length === 0) this.inc({ role: role() }, 0);
      for (const [reason, n] of byReason) this.inc({ role: role(), reason }, n);
    },
  });
  counter(
    'lizheng_checkpoints_total',
    'Checkpoints written (and their input acked) by this process',
    () => read().checkpoints,
  );
  counter('lizheng_stream_gaps_total', 'Holes in the input stream sequence (input that will never be delivered)', () =>
    Number(read().streamGaps ?? 0),
  );
  counter('lizheng_missing_messages_total', 'Messages in those holes', () => Number(read().missingMessages ?? 0));
  gauge(
    'lizheng_checkpoint_age_seconds',
    'Since the last checkpoint was written',
    () => read().lastCheckpointAgeMs / 1000,
  );
  gauge('lizheng_consumer_lag_messages', 'Messages the server still holds for this process', () => read().lagMessages);
  gauge('lizheng_lease_held', '1 while this process holds the lease of its role', () =>
    read().leaseHeld === true ? 1 : 0,
  );
  gauge('lizheng_ready', '1 when consumers are attached and the last checkpoint is recent', () =>
    read().ready ? 1 : 0,
  );
  return registry;
}

export const isCheckpointFresh = (ageMs: number, pacedMs = 0): boolean =>
  ageMs < Math.max(STALE_CHECKPOINT_MS, 2 * pacedMs);

export class Readiness {
  private timer: NodeJS.Timeout | null = null;
  private server: Server | null = null;
  /** The report of the scrape in progress, so every metric of one scrape reads the same instant. */
  private scraped: ReadinessReport | null = null;
  private readonly metrics = metricsRegistry(() => (this.scraped ??= this.collect()));

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
      if (req.url === '/metrics') return void this.serveMetrics(res);
      const report = this.collect();
      const ok = req.url === '/health' || req.url === '/';
      res.writeHead(!ok ? 404 : report.ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(ok ? JSON.stringify(report) : '{"error":"try GET /health or GET /metrics"}');
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

  private async serveMetrics(res: ServerResponse): Promise<void> {
    this.scraped = null;
    try {
      const text = await this.metrics.metrics();
      res.writeHead(200, { 'content-type': this.metrics.contentType });
      res.end(text);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`metrics failed: ${(err as Error).message}\n`);
    } finally {
      this.scraped = null;
    }
  }

  private async publish(): Promise<void> {
    await this.health.put(this.key, JSON.stringify(this.collect())).catch(() => {
      // Readiness is advisory: a missed write (NATS reconnecting) is retried on the next tick.
    });
  }
}

// Archive of the morning reports: one per city profile and local day, kept with the figures behind it.
import type { SqlSession } from './sql-client.ts';

export interface ArchivedReport {
  readonly profile: string;
  /** Local day the report covers, YYYY-MM-DD. */
  readonly day: string;
  readonly summary: unknown;
  readonly html?: string | null;
  readonly pdf?: Uint8Array | null;
  readonly generatedAt?: number;
}

export interface DailyReportArchive {
  /** Store a day's report, replacing an earlier version of it. */
  put(report: ArchivedReport): Promise<void>;
  get(profile: string, day: string): Promise<ArchivedReport | null>;
  /** Days with a report, newest first; `through`: only that day and earlier. */
  days(profile: string, limit?: number, through?: string): Promise<string[]>;
}

type Row = {
  profile: string;
  day: string;
  summary: unknown;
  html: string | null;
  pdf: Uint8Array | null;
  generated_at: Date;
};

export function dailyReportArchive(db: SqlSession): DailyReportArchive {
  return {
    async put(r) {
      await db.query(
        `INSERT INTO daily_reports (profile, day, summary, html, pdf, generated_at) ` +
          `VALUES ($1, $2, $3, $4, $5, coalesce($6, now()))
         ON CONFLICT (profile, day) DO UPDATE SET summary = EXCLUDED.summary, html = EXCLUDED.html, ` +
          `pdf = EXCLUDED.pdf, generated_at = EXCLUDED.generated_at`,
        [
          r.profile,
          r.day,
          JSON.stringify(r.summary),
          r.html ?? null,
          r.pdf ?? null,
          r.generatedAt ? new Date(r.generatedAt).toISOString() : null,
        ],
      );
    },
    async get(profile, day) {
      const rows = await db.query<Row>(
        `SELECT profile, day::text AS day, summary, html, pdf, generated_at FROM daily_reports ` +
          `WHERE profile = $1 AND day = $2`,
        [profile, day],
      );
      const r = rows[0];
      return r
        ? {
            profile: r.profile,
            day: r.day,
            summary: r.summary,
            html: r.html,
            pdf: r.pdf,
            generatedAt: new Date(r.generated_at).getTime(),
          }
        : null;
    },
    async days(profile, limit = 100, through = '9999-12-31') {
      const rows = await db.query<{ day: string }>(
        `SELECT day::text AS day FROM daily_reports WHERE profile = $1 AND day <= $3::date ORDER BY day DESC LIMIT $2`,
        [profile, limit, through],
      );
      return rows.map((r) => r.day);
    },
  };
}

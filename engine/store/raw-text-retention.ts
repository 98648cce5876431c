// Forgets what identifies a citizen once it has served: a report's raw text, its payload as received and the street
// address of its location are emptied after the retention age, while the row — time, channel, district, topic, hashed
// caller, redacted text — stays, so every count, series and open-data figure reads the same before and after.
// Rows are emptied rather than dropped on both layouts: a dropped chunk or partition would take the per-report rows
// that distinct-people counts are made from.
import { redactText } from '../privacy/redact-text.ts';
import type { SqlSession } from './sql-client.ts';

/** What a retention run would do (or did): reports whose raw text goes, by month of receipt (UTC). */
export interface RawTextPlan {
  /** Reports received before this ISO time lose their raw text. */
  readonly before: string;
  readonly reports: number;
  readonly months: ReadonlyArray<{ readonly month: string; readonly reports: number }>;
}

/** Rows redacted or emptied per statement: each is its own short transaction, so the engine's writes never wait long. */
const BATCH_ROWS = 5_000;

/** The reports received before `before` (epoch ms) that still hold a raw text, payload or address. */
export async function planRawTextRetention(
  session: SqlSession,
  before: number,
  after = -Infinity,
): Promise<RawTextPlan> {
  const rows = await session.query<{ month: string; reports: string | number }>(
    `SELECT to_char(date_trunc('month', received_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*) AS reports
       FROM reports
      WHERE received_at < $1 AND received_at >= $2 AND (text IS NOT NULL OR raw IS NOT NULL OR location ? 'address')
      GROUP BY 1 ORDER BY 1`,
    [iso(before), iso(after)],
  );
  const months = rows.map((r) => ({ month: r.month, reports: Number(r.reports) }));
  return { before: iso(before), reports: months.reduce((n, m) => n + m.reports, 0), months };
}

/**
 * Give every report received in [after, before) that has none its redacted text, in batches; returns how many.
 * Rows written since migration 0005 have theirs already; this catches older ones, and must run before raw texts go.
 */
export async function redactStoredTexts(session: SqlSession, before = Infinity, after = -Infinity): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await session.query<{ id: string; received_at: Date | string; text: string }>(
      `SELECT id, received_at, text FROM reports
        WHERE text_redacted IS NULL AND text IS NOT NULL AND received_at < $1 AND received_at >= $2
        LIMIT ${BATCH_ROWS}`,
      [iso(before), iso(after)],
    );
    if (rows.length === 0) return done;
    await session.query(
      `UPDATE reports r SET text_redacted = v.redacted
         FROM unnest($1::text[], $2::timestamptz[], $3::text[]) AS v(id, received_at, redacted)
        WHERE r.id = v.id AND r.received_at = v.received_at`,
      [
        rows.map((r) => r.id),
        rows.map((r) => new Date(r.received_at).toISOString()),
        rows.map((r) => redactText(r.text).text),
      ],
    );
    done += rows.length;
  }
}

/**
 * Empty the raw text, raw payload and location address of reports received in [after, before), month by month;
 * returns how many reports were emptied. Running it again finds nothing: it is idempotent.
 */
export async function forgetRawTexts(session: SqlSession, before: number, after = -Infinity): Promise<number> {
  await redactStoredTexts(session, before, after);
  const plan = await planRawTextRetention(session, before, after);
  let done = 0;
  for (const { month } of plan.months) {
    const start = Math.max(after, Date.parse(`${month}-01T00:00:00Z`));
    const [y, m] = month.split('-').map(Number);
    const end = Math.min(before, Date.UTC(y, m, 1));
    for (;;) {
      // A batch at a time through the primary key, so a month of a busy city is not one long transaction.
      const emptied = await session.query<{ id: string }>(
        `UPDATE reports r SET text = NULL, raw = NULL, location = r.location - 'address', forgotten_at = now()
           FROM (SELECT id, received_at FROM reports
                  WHERE received_at >= $1 AND received_at < $2
                    AND (text IS NOT NULL OR raw IS NOT NULL OR location ? 'address')
                  LIMIT ${BATCH_ROWS}) AS old
          WHERE r.id = old.id AND r.received_at = old.received_at
          RETURNING r.id`,
        [iso(start), iso(end)],
      );
      done += emptied.length;
      if (emptied.length < BATCH_ROWS) break;
    }
  }
  return done;
}

/** An epoch-ms bound as a timestamptz parameter; ±Infinity as PostgreSQL's own infinities. */
function iso(t: number): string {
  if (t === Infinity) return 'infinity';
  if (t === -Infinity) return '-infinity';
  return new Date(t).toISOString();
}

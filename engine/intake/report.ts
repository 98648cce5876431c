// The engine's view of one intake report: the contract's fields settled to codes and an epoch time.
import type { IntakeReport } from '../../schemas/intake-report.ts';
import type { Enrichment } from '../enrich/enrichment.ts';

export interface Report {
  readonly id: string;
  /** Event time, epoch milliseconds, from `receivedAt`. */
  readonly t: number;
  /** District code, or null when neither the report nor enrichment settled it. */
  district: string | null;
  /** Topic code, or null when not settled. */
  topic: string | null;
  /** Who called (`callerId`); a report without one counts as its own caller, `report:<id>`. */
  readonly caller: string;
  readonly text: string;
  readonly channel: string | null;
  /** The report as received, unknown fields kept. */
  readonly raw: IntakeReport;
  /** Why district and topic are what they are, places named and urgency; set by the enricher. */
  enrichment?: Enrichment;
}

/**
 * What counting needs of a report: all an open minute of the counter (engine/windows/) holds unless whole reports
 * are kept, and what the intake thread packs for it. Defined here, beside Report, so intake never imports windows'
 * types.
 */
export type CountedReport = Pick<Report, 'id' | 't' | 'district' | 'topic' | 'caller'>;

/** Whether a report is whole or only its counted fields (what an open minute or a counting engine's read keeps). */
export const isWholeReport = (r: CountedReport): r is Report => 'raw' in r;

/** The subject/storage token for a district or topic that is not settled. */
export const UNKNOWN = 'unknown';

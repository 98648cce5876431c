// The edge: one untrusted JSON value in, a settled and enriched Report out. `detect`, `replay` and the
// gateway all call this, so a report is classified the same way whichever path it takes.
import type { Enricher } from '../enrich/enricher.ts';
import { createEnricher } from '../enrich/enricher.ts';
import { ReportError } from '../errors.ts';
import { processCallerKey } from '../privacy/caller-key.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { CityClock } from '../time/event-time.ts';
import { HourMemo, normalizeReport, type NormalizeOptions } from './normalize-report.ts';
import type { NdjsonLine } from './read-ndjson.ts';
import type { Report } from './report.ts';

import type { EnrichMode } from './enrich-mode.ts';

export { ENRICH_MODES, type EnrichMode } from './enrich-mode.ts';

/** How many lines callers of acceptAll hand over at once: enough for the stages to run warm, little to hold. */
export const INTAKE_BATCH = 256;

export interface IntakeOptions extends Omit<NormalizeOptions, 'callerKey' | 'memo'> {
  /**
   * What caller ids are hashed with: by default the process's own key (engine/privacy/caller-key.ts); null keeps them
   * as sent, only for a process whose output holds no caller id (`detect` prints alerts, which carry counts).
   */
  readonly callerKey?: Uint8Array | null;
}

export class Intake {
  private readonly enricher: Enricher | null;
  /** How reports are read beyond the contract, with this feed's own memo of the hour it read last. */
  readonly options: NormalizeOptions;

  constructor(
    readonly profile: Profile,
    readonly clock: CityClock,
    readonly mode: EnrichMode = 'all',
    /** How reports are read beyond the contract (`localTimes`: offset-less times in the profile's timezone). */
    options: IntakeOptions = {},
  ) {
    this.enricher = mode === 'none' ? null : createEnricher(profile);
    const callerKey = options.callerKey === undefined ? processCallerKey() : (options.callerKey ?? undefined);
    this.options = { ...options, callerKey, memo: new HourMemo() };
  }

  /** Validate, settle and enrich; throws ReportError naming the field when the value breaks the contract. */
  accept(value: unknown): Report {
    const report = normalizeReport(value, this.profile, this.clock, this.options);
    if (this.needsEnriching(report)) this.enricher!.enrich(report);
    return report;
  }

  /**
   * accept() for a batch of values, in order: each answer is the Report or the ReportError for that value. The
   * same reports as one by one, enriched stage by stage over the batch (Enricher.enrichAll), which is faster.
   */
  acceptAll(values: readonly unknown[]): Array<Report | ReportError> {
    const answers = values.map((value) => this.settle(value));
    this.enrichSettled(answers);
    return answers;
  }

  /**
   * acceptAll() for lines of an NDJSON input, in order: each answer is the Report, or the message for a bad line
   * (`line N: …`, naming the field), so `detect` and `replay` report bad lines the same way.
   */
  acceptLines(lines: readonly NdjsonLine[]): Array<Report | string> {
    const answers = new Array<Report | string>(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const answer = line.error ?? this.settle(line.value);
      answers[i] = answer instanceof ReportError ? `line ${line.line}: ${answer.message}` : answer;
    }
    this.enrichSettled(answers);
    return answers;
  }

  /** normalizeReport, with a broken field returned as its ReportError instead of thrown. */
  private settle(value: unknown): Report | ReportError {
    try {
      return normalizeReport(value, this.profile, this.clock, this.options);
    } catch (err) {
      if (err instanceof ReportError) return err;
      throw err;
    }
  }

  /** Enrich, as one batch, the settled reports among `answers` that need it. */
  private enrichSettled(answers: ReadonlyArray<Report | ReportError | string>): void {
    if (this.enricher === null) return;
    this.enricher.enrichAll(
      answers.filter(
        (a): a is Report => typeof a === 'object' && !(a instanceof ReportError) && this.needsEnriching(a),
      ),
    );
  }

  private needsEnriching(report: Report): boolean {
    return this.enricher !== null && (this.mode === 'all' || report.district === null || report.topic === null);
  }
}

// Generates a synthetic feed into a temporary directory once per test file and reads it back.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile } from '../../engine/profile/city-profile.ts';
import { SyntheticFeed } from '../../engine/generate/synthetic-feed.ts';
import { writeFeed } from '../../engine/generate/write-feed.ts';
import type { Truth } from '../../engine/generate/truth.ts';
import type { IntakeReport } from '../../schemas/intake-report.ts';

export interface GeneratedFeed {
  readonly feedText: string;
  readonly truthText: string;
  readonly reports: IntakeReport[];
  readonly truth: Truth;
}

/** Generate `days` days from 2026-01-05 (a Monday) with `seed` into a temporary directory and parse both files. */
export async function generateInto(seed: string, days: number, surges = true): Promise<GeneratedFeed> {
  const dir = mkdtempSync(join(tmpdir(), 'feed-'));
  try {
    const feed = new SyntheticFeed({ profile: loadProfile('chengdu'), seed, days, start: '2026-01-05', surges });
    await writeFeed(feed, dir);
    const feedText = readFileSync(join(dir, 'feed.ndjson'), 'utf8');
    const truthText = readFileSync(join(dir, 'truth.json'), 'utf8');
    const reports = feedText
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as IntakeReport);
    return { feedText, truthText, reports, truth: JSON.parse(truthText) as Truth };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

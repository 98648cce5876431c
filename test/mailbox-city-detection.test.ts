// Issue 18's mailbox city: over a year of 江川市's letters (about 11 a day, long texts, no district or topic field),
// `lizheng detect` with the city's minimal profile finds its three hot issues while they last and stays silent on the
// decoys (a market named all year, the heating season, one writer's five letters), with and without its gazetteer.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../schemas/alert-event.ts';
import { MAILBOX_CITY_DIR, scoreMailboxCity } from './fixtures/mailbox-city/score-mailbox-city.ts';
import { runLizheng } from './support/lizheng-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'mailbox-city-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function detect(profile: string) {
  const feed = join(MAILBOX_CITY_DIR, 'feed.ndjson');
  const { stdout, stderr } = await runLizheng(['detect', '--input', feed, '--profile', profile, '--no-progress']);
  const opened = stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AlertEvent)
    .filter((e) => e.type === 'alert.opened')
    .map((e) => e.alert);
  return { score: scoreMailboxCity(opened), stderr };
}

describe('the mailbox city, a year of letters', () => {
  it.each([
    ['as written', () => join(MAILBOX_CITY_DIR, 'profile.json')],
    [
      'with its gazetteer',
      () => {
        const file = join(dir, 'with-gazetteer.json');
        const profile = JSON.parse(readFileSync(join(MAILBOX_CITY_DIR, 'profile.json'), 'utf8')) as object;
        writeFileSync(file, JSON.stringify({ ...profile, gazetteer: resolve(MAILBOX_CITY_DIR, 'gazetteer.json') }));
        return file;
      },
    ],
  ])(
    'finds the three hot issues within their first three weeks, no decoy: profile %s',
    async (_name, profile) => {
      const { score, stderr } = await detect(profile());
      // Every letter is counted: none is lost at the feed's end, an hour after the one before.
      expect(stderr).toMatch(/3986 reports read, 3986 counted, 0 duplicates, 0 late, 0 quarantined/);
      for (const h of score.hot) {
        expect(h.found, `${h.id} missed`).not.toBeNull();
        expect(h.dayOf!, `${h.id} found on day ${h.dayOf}`).toBeLessThanOrEqual(21);
      }
      expect(score.decoys.map((d) => d.hits)).toEqual([0, 0, 0]);
      expect(score.other.length, score.other.join('\n')).toBeLessThanOrEqual(3);
    },
    60_000,
  );
});

// `lizheng profile init`: a profile learned from a history feed — hours, weekdays, volume, channels and shares —
// with the base's districts, topics and gazetteer kept, districts settled from text, and bad lines named and skipped.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initProfile } from '../engine/profile/init-profile.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { runLizheng } from './support/lizheng-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'profile-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = {
  city: '青川市',
  code: 'qingchuan',
  timezone: 'Asia/Shanghai',
  districts: [
    { code: 'dongcheng', name: '东城区' },
    { code: 'xicheng', name: '西城区' },
  ],
  topics: [
    { code: 'noise', name: '噪音扰民' },
    { code: 'water', name: '供水' },
  ],
  gazetteer: 'places/gazetteer.json',
};
mkdirSync(join(dir, 'places'));
writeFileSync(
  join(dir, 'places/gazetteer.json'),
  JSON.stringify([{ name: '金桥花园', district: 'xicheng', kind: 'estate' }]),
);
const basePath = join(dir, 'base.json');
writeFileSync(basePath, JSON.stringify(base));

/**
 * Two weeks from Monday 2026-01-05: 30 reports a weekday, 15 a weekend day, all at 10:xx local but one in three at
 * 15:xx; one in three by mailbox; on weekdays, two in three about 东城区 by field, one in three naming only 金桥花园.
 */
function history(): string[] {
  const lines: string[] = [];
  for (let day = 0; day < 14; day++) {
    const date = `2026-01-${String(5 + day).padStart(2, '0')}`;
    const weekend = day % 7 >= 5;
    for (let i = 0; i < (weekend ? 15 : 30); i++) {
      const hour = i % 3 === 2 ? 15 : 10;
      const byText = i % 3 === 1;
      lines.push(
        JSON.stringify({
          id: `h-${day}-${i}`,
          receivedAt: `${date}T${hour}:${String(i).padStart(2, '0')}:00+08:00`,
          text: byText ? '金桥花园楼下每晚广场舞噪音' : '楼上装修噪音很大',
          ...(byText ? {} : { district: '东城区' }),
          topic: i % 5 === 0 ? 'water' : 'noise',
          channel: i % 3 === 0 ? 'mailbox' : 'hotline',
        }),
      );
    }
  }
  return lines;
}

describe('profile init', () => {
  it('learns hours, weekdays, volume, channels and shares, keeping the base', async () => {
    const feed = join(dir, 'history.ndjson');
    const lines = history();
    lines.splice(3, 0, '{"id": "broken", "receivedAt": "yesterday", "text": "x"}', 'not json');
    writeFileSync(feed, `${lines.join('\n')}\n`);
    const bad: string[] = [];
    const out = join(dir, 'learned', 'city.json');
    mkdirSync(join(dir, 'learned'));
    const result = await initProfile({ feed, base: basePath, out, onBadLine: (m) => bad.push(m) });

    expect(bad).toHaveLength(2);
    expect(bad[0]).toMatch(/^line 4: receivedAt/);
    expect(bad[1]).toMatch(/^line 5: /);
    const p = result.profile as Omit<typeof base, 'districts' | 'topics'> & {
      dailyVolume: number;
      hourShape: number[];
      weekdayFactors: number[];
      channels: string[];
      districts: Array<{ code: string; weight: number }>;
      topics: Array<{ code: string; share: number }>;
    };
    // 12 whole days (the first and last are left out): Monday–Friday 30 a day, weekends half that.
    expect(result.figures.days).toBe(12);
    expect(p.dailyVolume).toBe(30);
    expect(p.weekdayFactors).toEqual([1, 1, 1, 1, 1, 0.5, 0.5]);
    expect(p.hourShape).toHaveLength(24);
    expect(p.hourShape.indexOf(Math.max(...p.hourShape))).toBe(10);
    expect(p.hourShape[15]).toBeGreaterThan(p.hourShape[13]);
    expect(p.hourShape[3]).toBe(0);
    expect(p.channels).toEqual(['hotline', 'mailbox']);
    // Districts: 2 of 3 by field (东城区), 1 of 3 from the text by the gazetteer's 金桥花园 (西城区).
    expect(result.districtFromText).toBeGreaterThan(0);
    const weight = Object.fromEntries(p.districts.map((d) => [d.code, d.weight]));
    expect(weight.dongcheng / weight.xicheng).toBeCloseTo(2, 1);
    const share = Object.fromEntries(p.topics.map((t) => [t.code, t.share]));
    expect(share.water).toBeCloseTo(0.2, 1);
    // The base is kept as written (no defaults frozen in), and its gazetteer still found from the new place.
    expect(p.city).toBe('青川市');
    expect(p.gazetteer).toBe(join('..', 'places', 'gazetteer.json'));
    expect((p.districts[0] as { aliases?: string[] }).aliases).toBeUndefined();
    writeFileSync(out, JSON.stringify(p));
    const loaded = loadProfile(out);
    expect(loaded.data.gazetteer).toEqual([{ name: '金桥花园', district: 'xicheng', kind: 'estate' }]);
    expect(loaded.data.dailyVolume).toBe(30);
  });

  it('takes a label over the feed’s field', async () => {
    const feed = join(dir, 'labelled.ndjson');
    writeFileSync(feed, `${history().join('\n')}\n`);
    const labels = join(dir, 'labels.ndjson');
    // Every report of the first weekday moved to 西城区: the two districts come out even-ish.
    const moved = history()
      .map((l) => JSON.parse(l) as { id: string })
      .filter((r) => r.id.startsWith('h-0-') || r.id.startsWith('h-1-'))
      .map((r) => JSON.stringify({ id: r.id, district: 'xicheng' }));
    writeFileSync(labels, `${moved.join('\n')}\n`);
    const plain = await initProfile({ feed, base: basePath, out: join(dir, 'a.json') });
    const labelled = await initProfile({ feed, base: basePath, labels, out: join(dir, 'b.json') });
    const west = (r: typeof plain) => (r.profile.districts as Array<{ code: string; weight: number }>)[1].weight;
    expect(west(labelled)).toBeGreaterThan(west(plain));
  });

  it('reads a city’s own categories by id through a map: a merged label takes the topic its text names', async () => {
    const feed = join(dir, 'city.ndjson');
    // The feed as a mailbox keeps it: no topic field, the city's category in a file of its own.
    const reports = history().map((l) => {
      const { topic: _topic, ...r } = JSON.parse(l) as { id: string; topic: string; text: string };
      return r;
    });
    writeFileSync(feed, `${reports.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const category = (id: string) =>
      id.startsWith('h-0-') ? '信访' : Number(id.split('-')[2]) % 5 === 0 ? '供水' : '城建环保';
    const labels = join(dir, 'city-labels.tsv');
    writeFileSync(
      labels,
      `id\tlabel\ttext\n${reports.map((r) => `${r.id}\t${category(r.id)}\t${r.text}`).join('\n')}\nh-x\n`,
    );
    const map = join(dir, 'city-map.json'); // 供水 is the base's own name for water: it needs no line
    writeFileSync(map, JSON.stringify({ labels: { 城建环保: ['water', 'noise'], 信访: null } }));
    const bad: string[] = [];
    const r = await initProfile({
      feed,
      base: basePath,
      labels,
      map,
      out: join(dir, 'city.json'),
      onBadLine: (m) => bad.push(m),
    });
    expect(bad).toEqual([expect.stringMatching(/city-labels\.tsv: line \d+: expected 3 tab-separated cells/)]);
    const share = (code: string) =>
      (r.profile.topics as Array<{ code: string; share: number }>).find((t) => t.code === code)!.share;
    // 城建环保 letters all speak of noise: the text picks noise among the two, so water keeps only 供水's fifth.
    expect(share('noise')).toBeGreaterThan(0.7);
    expect(share('water')).toBeGreaterThan(0.15);
    expect(share('water')).toBeLessThan(0.3);
    // A label naming one topic counts as settled; a merged one as the text's.
    expect(r.topicFromField).toBe(reports.filter((x) => category(x.id) === '供水').length);
    expect(r.topicFromText).toBeGreaterThan(200);
    await expect(initProfile({ feed, base: basePath, labels, out: join(dir, 'c.json') })).rejects.toThrow(
      /labels that are not topics of the base: "信访" \(\d+\), "城建环保" \(\d+\); map them/,
    );
    await expect(initProfile({ feed, labels, map, out: join(dir, 'd.json') })).rejects.toThrow(/give --base too/);
  });

  it('without a base, the districts and topics are the feed’s own values', async () => {
    const feed = join(dir, 'bare.ndjson');
    const lines = history().map((l) => {
      const r = JSON.parse(l) as { district?: string };
      return JSON.stringify({ ...r, district: r.district ?? 'xicheng' });
    });
    writeFileSync(feed, `${lines.join('\n')}\n`);
    const out = join(dir, 'bare.json');
    const result = await initProfile({ feed, out, city: '青川市', code: 'qingchuan' });
    expect(result.profile.districts).toEqual([
      { code: 'd1', name: '东城区', weight: expect.any(Number) },
      { code: 'xicheng', name: 'xicheng', weight: expect.any(Number) },
    ]);
    expect((result.profile.topics as Array<{ code: string }>).map((t) => t.code)).toEqual(['water', 'noise']);
    writeFileSync(out, JSON.stringify(result.profile));
    expect(loadProfile(out).data.code).toBe('qingchuan');
  });

  it('runs from the command line and says what it learned', async () => {
    const feed = join(dir, 'cli.ndjson');
    writeFileSync(feed, `${history().join('\n')}\nnot json\n`);
    const out = join(dir, 'cli.json');
    const r = await runLizheng(['profile', 'init', '--from', feed, '--base', basePath, '--out', out]);
    expect(r.stderr).toMatch(/^line 361: /m);
    expect(r.stderr).toMatch(/profile init: 360 reports over 12 whole days, 1 bad lines; .*daily volume 30/);
    expect(loadProfile(out).data.weekdayFactors).toEqual([1, 1, 1, 1, 1, 0.5, 0.5]);
  }, 60_000);
});

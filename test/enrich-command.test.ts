// `lizheng enrich` and `train --labelled` end to end: settled lines in order, bad lines named, a city model used.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLizheng } from './support/lizheng-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'lizheng-enrich-'));
const report = (id: string, text: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, receivedAt: '2026-01-05T09:00:00+08:00', text, ...extra });

describe('lizheng enrich', () => {
  it('prints each good report settled, in order, and names bad lines with their number', async () => {
    const feed = join(dir, 'feed.ndjson');
    writeFileSync(
      feed,
      [
        report('a', '武侯区玉林北路口的红绿灯坏了两天了，早晚高峰车子堵成一锅粥'),
        '{"id": "broken"',
        report('b', '小区电梯三天两头坏，物业收了物业费却一直拖着不修', { district: 'gaoxin' }),
        JSON.stringify({ id: 'c', text: '没有时间' }),
        report('d', 'The quick brown fox jumps over the lazy dog'),
      ].join('\n'),
    );
    const r = await startLizheng(['enrich', '--input', feed]).done;
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 'd']);
    expect(lines[0].district).toMatchObject({ value: 'wuhou', source: 'text' });
    expect(lines[0].topic).toMatchObject({ value: 'traffic', source: 'model' });
    expect(lines[0].topic.confidence).toBeGreaterThan(0.4);
    expect(lines[1].district).toMatchObject({ value: 'gaoxin', source: 'field' });
    expect(lines[1].topic.value).toBe('property');
    expect(lines[2].topic).toMatchObject({ value: 'other', review: true });
    expect(lines[2].topic.why).toMatch(/^unfamiliar text/);
    expect(Object.keys(lines[0])).toEqual(['id', 'district', 'topic', 'places', 'urgency']);
    expect(r.stderr).toMatch(/line 2: /);
    expect(r.stderr).toMatch(/line 4: .*receivedAt/);
    expect(r.stderr).toMatch(/enrich: 3 reports \(1 sent to review\), 2 bad lines/);
  }, 60_000);

  it('trains on labelled messages and enriches with that model', async () => {
    const labels = join(dir, 'labels.tsv');
    const rows = ['id\tlabel\ttext'];
    const phrases: Record<string, string[]> = {
      交通: ['路口红绿灯坏了车堵', '公交车班次太少等很久', '地铁站出口封了绕路'],
      物业: ['物业不修电梯还收费', '小区物业乱收停车费', '物业费涨了服务变差'],
    };
    let id = 0;
    for (const [label, list] of Object.entries(phrases))
      for (const p of list)
        for (const tail of ['', '，请处理', '，谢谢', '！', '，很久了']) rows.push(`${id++}\t${label}\t${p}${tail}`);
    writeFileSync(labels, rows.join('\n'));
    writeFileSync(join(dir, 'map.json'), JSON.stringify({ 交通: 'traffic', 物业: 'property' }));
    const model = join(dir, 'model.json');
    const trained = await startLizheng([
      'train',
      '--labelled',
      labels,
      '--map',
      join(dir, 'map.json'),
      '--mix',
      'none',
      '--members',
      '1',
      '--out',
      model,
    ]).done;
    expect(trained.code).toBe(0);
    expect(trained.stderr).toMatch(/read as TSV with header id, label, text: 30 messages/);
    expect(JSON.parse(readFileSync(model, 'utf8')).temperature).toBeGreaterThan(0);
    const feed = join(dir, 'one.ndjson');
    writeFileSync(feed, report('x', '小区物业乱收停车费，还不修电梯'));
    const r = await startLizheng(['enrich', '--input', feed, '--model', model, '--coverage-floor', '0']).done;
    expect(r.code).toBe(0);
    const topic = JSON.parse(r.stdout).topic;
    expect(topic.guess ?? topic.value).toBe('property');
  }, 120_000);
});

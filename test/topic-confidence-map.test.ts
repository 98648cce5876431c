// The topic model's confidence map: carried by the model file, applied after the temperature, monotone, and absent
// from older files without changing what they say.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { customWords } from '../engine/enrich/custom-dictionary.ts';
import { createSegmenter } from '../engine/enrich/segmenter.ts';
import { DEFAULT_MODEL_PATH, TopicModel, type TopicModelFile } from '../engine/enrich/topic-model.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';

const committed = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as TopicModelFile;
const segmenter = createSegmenter(customWords(loadProfile('chengdu')));
const TEXT = '小区门口的路灯坏了一个多月，晚上黑漆漆的，老人出门很不方便';

/** The best topic's probability under softmax(logits / T), as the model computes it before the map. */
function softmaxTop(model: TopicModel, text: string): number {
  const z = model.logits(segmenter.cut(text), text);
  const top = Math.max(...z);
  return 1 / z.reduce((s, x) => s + Math.exp((x - top) / model.temperature), 0);
}

describe('confidence map', () => {
  it('is fitted into the committed model and maps the tempered probability to the confidence reported', () => {
    expect(committed.confidenceMap).toBeDefined();
    const model = new TopicModel(committed);
    const { probability } = model.score(segmenter.cut(TEXT), TEXT);
    expect(probability).toBeCloseTo(model.confidence(softmaxTop(model, TEXT)), 6);
  });

  it('keeps the order of confidences (the best answer never changes)', () => {
    const model = new TopicModel(committed);
    const grid = Array.from({ length: 99 }, (_, i) => model.confidence((i + 1) / 100));
    for (let i = 1; i < grid.length; i++) expect(grid[i]).toBeGreaterThan(grid[i - 1]);
  });

  it('is the identity for a model file without one: its confidence is the tempered probability', () => {
    const { confidenceMap: _, ...old } = committed;
    const model = new TopicModel(old);
    expect(model.confidenceMap).toEqual({ slope: 1, intercept: 0 });
    expect(model.score(segmenter.cut(TEXT), TEXT).probability).toBeCloseTo(softmaxTop(model, TEXT), 6);
  });
});

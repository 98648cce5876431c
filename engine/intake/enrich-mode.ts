// The modes of text understanding, apart from intake.ts so that a command's options (and `lizheng --help`) can
// list them without loading jieba and the topic model.

/**
 * How much text understanding to run: `all` records topic, district, places and urgency on every report
 * (incidents need places); `missing` only settles reports that lack a district or topic; `none` counts
 * the structured fields as they come (a report without them stays unknown).
 */
export type EnrichMode = 'all' | 'missing' | 'none';
export const ENRICH_MODES: readonly EnrichMode[] = ['all', 'missing', 'none'];

// What enrichment records on a report, so an officer can see why it landed in its district and topic.

export interface TopicEnrichment {
  readonly value: string;
  /** 1 for a field; the model's probability or the lexicon's share otherwise. */
  readonly confidence: number;
  readonly source: 'field' | 'model' | 'lexicon';
  /** The words that weighed most for the topic (or, for a field, the topic's keywords found in the text). */
  readonly evidence: string[];
  /**
   * Set when confidence was below the threshold or the text is unlike what the model was trained on: topic is
   * `other` and a person should check.
   */
  readonly review?: true;
  /** Why it was sent to review: "low confidence: 0.31 < 0.4 for traffic", "unfamiliar text: …". */
  readonly why?: string;
  /** With review: the topic the model or lexicon would have given (its confidence is `confidence`). */
  readonly guess?: string;
}

export interface DistrictEnrichment {
  /** null = unknown: nothing in the report named a district, or names disagreed. */
  readonly value: string | null;
  readonly source: 'field' | 'text' | 'address' | 'none';
  /** The names, short names or landmarks found (all candidates when they disagreed). */
  readonly evidence?: string[];
}

export interface UrgencyEnrichment {
  readonly score: number;
  readonly signals: string[];
}

export interface Enrichment {
  readonly topic: TopicEnrichment;
  readonly district: DistrictEnrichment;
  /** Places named in the text, normalised (紫荆小区3栋, 人民南路3段). */
  readonly places: string[];
  readonly urgency: UrgencyEnrichment;
}

// Invented place names per district (小区, 路, 学校, 医院, 公司…) so texts name places that recur realistically.
import type { Lexicon } from './zh-lexicon.ts';
import { RandomStream } from './random-stream.ts';

export interface Place {
  readonly kind: string;
  /** The place as a caller says it, without the district: 阳光花园, 科华北路, 实验小学. */
  readonly name: string;
}

const PLACES_PER_KIND = 24;

/** A fixed, seeded set of places for every district and place kind, built on first use. */
export class PlaceCatalog {
  private readonly byKey = new Map<string, Place[]>();

  constructor(
    private readonly lexicon: Lexicon,
    private readonly seed: string,
  ) {}

  /** The places of one kind in one district. */
  places(district: string, kind: string): readonly Place[] {
    let list = this.byKey.get(key(district, kind));
    if (!list) {
      list = this.build(district, kind);
      this.byKey.set(key(district, kind), list);
    }
    return list;
  }

  /** Who calls about a place of this kind. */
  roles(kind: string): readonly string[] {
    return this.lexicon.places[kind]?.roles ?? ['市民'];
  }

  private build(district: string, kind: string): Place[] {
    const words = this.lexicon.places[kind] ?? this.lexicon.places.community;
    const rng = new RandomStream(this.seed, `places/${key(district, kind)}`);
    const names = new Set<string>();
    const room = words.prefixes.length * words.suffixes.length;
    while (names.size < Math.min(PLACES_PER_KIND, room)) names.add(rng.pick(words.prefixes) + rng.pick(words.suffixes));
    return [...names].map((name) => ({ kind, name }));
  }
}

const key = (district: string, kind: string) => `${district}/${kind}`;

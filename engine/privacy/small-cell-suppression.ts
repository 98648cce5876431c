// Open data must not single out a caller: counts of fewer than three people are withheld, with enough other counts
// that no published total gives a withheld one back by subtraction.

/** One count of a table: reports, and the distinct people who made them. */
export interface SuppressionCell {
  readonly reports: number;
  readonly people: number;
}

/** Each relation: the index of a total cell and the indices of the cells whose `reports` sum to it. */
export interface Relation {
  readonly total: number;
  readonly parts: readonly number[];
}

/** Per cell: withheld at all (`suppressed`), and withheld for its own small count (`primary`, a subset). */
export interface Suppression {
  readonly suppressed: boolean[];
  readonly primary: boolean[];
}

/**
 * Which cells to withhold from a table whose `relations` say which `reports` counts add up to which.
 *
 * Primary: every cell, part or total alike, with 0 < people < `minPeople`. Complementary, repeated until a whole pass
 * changes nothing: in relation order, a relation (its total and its parts) with exactly one withheld member gets a
 * second one — the part not yet withheld with the fewest reports above zero, the lowest index on a tie, or the total
 * when no such part is left. Cells with 0 reports are never withheld (a reader takes a missing row as a published 0).
 * Every pass but the last withholds at least one more cell, so there are at most cells.length + 1 passes, each
 * O(Σ relation sizes); the result is deterministic, and no relation ends with exactly one withheld member.
 *
 * What that protects, and what not: no withheld `reports` count equals a published total minus published parts of any
 * single relation. It is a greedy heuristic, not an optimum (it may withhold more than needed), and not an audit:
 * with several overlapping relations, an attacker who solves them together as a linear system (with counts ≥ 0) can
 * still bound a withheld value, in unlucky patterns to a narrow range or even exactly; a guarantee against that needs
 * a linear-programming audit (as τ-ARGUS does). Only the relations given are protected — a table published elsewhere
 * over the same cells (a week, a month) is another relation. `people` are distinct callers and do not add up, so they
 * are hidden with their cell but take part in no relation; a total's people still bound its parts' from above.
 *
 * Policy: throws RangeError when `minPeople` is not a positive integer, a count is not a non-negative integer, a cell
 * has people > reports or people 0 with reports > 0 (every report has a caller), a relation names a cell out of range,
 * repeats a part or lists its total among its parts, or its parts' reports do not add up to its total's.
 *
 * @example
 * // Cell 0 is the total of cells 1-3; cell 1 has two people, cell 2 the fewest reports of the rest.
 * const cell = (reports, people) => ({ reports, people });
 * const cells = [cell(11, 9), cell(2, 2), cell(4, 4), cell(5, 3)];
 * const sum = [{ total: 0, parts: [1, 2, 3] }];
 * suppressSmallCells(cells, sum).suppressed; // => [false, true, true, false]
 * suppressSmallCells(cells, sum).primary; // => [false, true, false, false]
 * suppressSmallCells(cells, sum, 1).suppressed; // => [false, false, false, false]
 * // A total with a single part withheld is withheld too: it equals the part.
 * suppressSmallCells([cell(6, 4), cell(6, 2)], [{ total: 0, parts: [1] }]).suppressed; // => [true, true]
 */
export function suppressSmallCells(
  cells: readonly SuppressionCell[],
  relations: readonly Relation[],
  minPeople = 3,
): Suppression {
  check(cells, relations, minPeople);
  const primary = cells.map(({ people }) => people > 0 && people < minPeople);
  const suppressed = primary.slice();
  let changed = true;
  while (changed) {
    changed = false;
    for (const { total, parts } of relations) {
      let withheld = suppressed[total] ? 1 : 0;
      for (const part of parts) if (suppressed[part]) withheld++;
      if (withheld !== 1) continue;
      // The single withheld member has reports > 0 and the parts add up to the total, so a part is left to withhold
      // unless that member is the only part with reports — and then the total is left.
      let pick = -1;
      for (const part of parts) {
        const reports = cells[part].reports;
        if (suppressed[part] || reports === 0) continue;
        if (pick === -1 || reports < cells[pick].reports || (reports === cells[pick].reports && part < pick))
          pick = part;
      }
      suppressed[pick === -1 ? total : pick] = true;
      changed = true;
    }
  }
  return { suppressed, primary };
}

function check(cells: readonly SuppressionCell[], relations: readonly Relation[], minPeople: number): void {
  if (!Number.isInteger(minPeople) || minPeople < 1) {
    throw new RangeError(`suppressSmallCells: minPeople must be a positive integer (got ${minPeople})`);
  }
  cells.forEach(({ reports, people }, index) => {
    const count = (n: number) => Number.isInteger(n) && n >= 0;
    if (!count(reports) || !count(people) || people > reports || (people === 0 && reports > 0)) {
      throw new RangeError(
        `suppressSmallCells: cell ${index} has ${reports} reports from ${people} people (need integers 0 ≤ people ≤ reports, people > 0 when reports > 0)`,
      );
    }
  });
  relations.forEach(({ total, parts }, index) => {
    const members = [total, ...parts];
    const outside = members.find((cell) => !Number.isInteger(cell) || cell < 0 || cell >= cells.length);
    if (outside !== undefined) {
      throw new RangeError(`suppressSmallCells: relation ${index} names cell ${outside} of ${cells.length}`);
    }
    if (new Set(members).size !== members.length) {
      throw new RangeError(`suppressSmallCells: relation ${index} names a cell twice (total ${total}, parts ${parts})`);
    }
    const sum = parts.reduce((acc, part) => acc + cells[part].reports, 0);
    if (sum !== cells[total].reports) {
      throw new RangeError(
        `suppressSmallCells: relation ${index}: total cell ${total} has ${cells[total].reports} reports, its parts sum to ${sum}`,
      );
    }
  });
}

// Sorting the handful of items a minute or a cell usually holds: Array.prototype.sort allocates work arrays on
// every call, which at one call per closed minute made the counter's garbage outweigh its work.

/** Arrays up to this length are sorted by insertion; longer ones by the built-in sort. */
const SMALL = 16;

/**
 * Sort `items` in place by `compare`, stably, and return them. Below 17 items by insertion (no allocation),
 * otherwise with `Array.prototype.sort`; the order is the same either way.
 *
 * @example
 * sortInPlace([3, 1, 2], (a, b) => a - b); // => [1, 2, 3]
 */
export function sortInPlace<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > SMALL) return items.sort(compare);
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i - 1;
    for (; j >= 0 && compare(items[j], item) > 0; j--) items[j + 1] = items[j];
    items[j + 1] = item;
  }
  return items;
}

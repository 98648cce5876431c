// The engine's one string hash: 32-bit FNV-1a over UTF-16 code units. Callers in the windows, report ids in
// deduplication, words in the topic model, districts in partition plans and incident ids all use it.

/**
 * 32-bit FNV-1a of a string's UTF-16 code units, as an unsigned integer.
 * @example
 *   fnv1a(''); // => 2166136261 (0x811c9dc5, the offset basis)
 *   fnv1a('chengdu').toString(16); // => '754f4d61'
 */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The order of sorted-set elements, by score then by member bytes (latin1 strings, so '<' is a
 * byte comparison like Redis's memcmp), and the binary searches over parallel score/member
 * arrays that the listpack form (sorted-set.ts) and the counted B+tree's nodes both use.
 * See https://redis.io/docs/data-types/sorted-sets/
 */

/** True when (s1, m1) sorts before (s2, m2). */
export function pairBefore(s1: number, m1: string, s2: number, m2: string): boolean {
  return s1 < s2 || (s1 === s2 && m1 < m2)
}

/**
 * Index of the first pair of the ordered parallel arrays 'scores'/'members' that does not sort
 * before (score, member): where it is, or where it would be inserted. O(log n).
 */
export function pairLowerBound(
  scores: readonly number[],
  members: readonly string[],
  score: number,
  member: string,
): number {
  let lo = 0
  let hi = scores.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (pairBefore(scores[mid] as number, members[mid] as string, score, member)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** How many leading 'scores' (ascending) are below 's' (at or below it when 'orEqual'). O(log n). */
export function scoreBound(scores: readonly number[], s: number, orEqual: boolean): number {
  let lo = 0
  let hi = scores.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const v = scores[mid] as number
    if (v < s || (orEqual && v === s)) lo = mid + 1
    else hi = mid
  }
  return lo
}

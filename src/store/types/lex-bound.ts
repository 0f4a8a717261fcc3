/**
 * Bounds of lexicographic ranges (ZRANGEBYLEX and friends): a member string, or Redis's "-"
 * and "+" that sort below and above every string. Members compare by bytes (latin1 char codes,
 * which JS string comparison orders as memcmp does). See https://redis.io/commands/zrangebylex/
 */

/**
 * A bound of a lexicographic range: 'inf' -1 is Redis's "-" (below every string), +1 is "+"
 * (above every string), 0 means 'value' is the bound.
 */
export interface LexBound {
  readonly value: string
  readonly inf: -1 | 0 | 1
}

/** Orders 'member' against a lex bound: negative, zero or positive (Redis's sdscmplex). */
export function compareLex(member: string, bound: LexBound): number {
  if (bound.inf !== 0) return -bound.inf
  const v = bound.value
  return member < v ? -1 : member > v ? 1 : 0
}

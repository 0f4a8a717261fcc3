/**
 * Strict integer parsing with the rules of Redis's string2ll() and string2l() (util.c; long is
 * 64-bit on Linux): optional '-', no '+', no spaces, no leading zeros (except "0" itself),
 * "-0" rejected, at most 20 chars, signed 64-bit range. Used wherever Redis calls
 * getLongLongFromObject (INCRBY, EXPIRE, LRANGE indexes, ...); the reply on failure is the caller's.
 */

/** Smallest signed 64-bit integer (LLONG_MIN). */
export const INT64_MIN = -(2n ** 63n)
/** Largest signed 64-bit integer (LLONG_MAX). */
export const INT64_MAX = 2n ** 63n - 1n

/** True when 's' is written as string2ll accepts (shape only, not range). */
function wellFormed(s: string): boolean {
  const n = s.length
  if (n === 0 || n > 20) return false
  let i = 0
  if (s.charCodeAt(0) === 45) {
    i = 1
    if (n === 1) return false
  }
  const first = s.charCodeAt(i)
  if (first === 48) return n === 1
  if (first < 49 || first > 57) return false
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

/** Parses a signed 64-bit integer as Redis does; null when invalid or out of range. */
export function parseInt64(s: string): bigint | null {
  if (!wellFormed(s)) return null
  const v = BigInt(s)
  return v < INT64_MIN || v > INT64_MAX ? null : v
}

/**
 * Fast path: the integer as a number when it is valid and within ±(2^53-1); null when
 * invalid or beyond that (callers needing the full 64-bit range then use parseInt64).
 */
export function parseSafeInt(s: string): number | null {
  if (!wellFormed(s)) return null
  if (s.length < 16) return Number(s)
  const v = Number(s)
  return Number.isSafeInteger(v) ? v : null
}

/** True when 's' is a valid signed 64-bit integer by Redis's rules. */
export function isInt64(s: string): boolean {
  return parseInt64(s) !== null
}

/**
 * A signed 64-bit integer by string2ll rules in the cheapest exact form: a number when within
 * ±(2^53-1), else a bigint; null when invalid or out of range.
 */
export function parseInteger(s: string): number | bigint | null {
  const n = parseSafeInt(s)
  return n !== null ? n : parseInt64(s)
}

/**
 * 'a' + 'b' checked for signed 64-bit overflow, as INCRBY and HINCRBY check before adding: the
 * sum (a number when both operands are numbers and the sum is a safe integer, which is then
 * exact; else a bigint), or null when it would leave the 64-bit range.
 */
export function addInt64(a: number | bigint, b: number | bigint): number | bigint | null {
  if (typeof a === 'number' && typeof b === 'number' && Number.isSafeInteger(a + b)) return a + b
  const sum = BigInt(a) + BigInt(b)
  return sum < INT64_MIN || sum > INT64_MAX ? null : sum
}

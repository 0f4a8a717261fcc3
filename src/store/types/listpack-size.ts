/**
 * Byte sizes of Redis 7.0 listpack entries, so a hash can track how large its listpack
 * would be and convert to a hash table where Redis's lpSafeToAdd() would refuse to grow it
 * past LISTPACK_MAX_SAFETY_SIZE (1 GiB). Only sizes are computed; nothing is encoded.
 * See https://github.com/antirez/listpack/blob/master/listpack.md (entry layout).
 */

/** Total header (6 bytes) plus end marker (1 byte) of an empty listpack. */
export const LISTPACK_EMPTY_BYTES = 7
/** Redis's LISTPACK_MAX_SAFETY_SIZE: a listpack is never grown beyond this. */
export const LISTPACK_MAX_SAFETY_SIZE = 1 << 30

/** Longest text a listpack tries to store as an integer (LONG_STR_SIZE - 1). */
const MAX_INT_TEXT = 20

/** Bytes of the back-length trailer for an entry whose encoding takes 'n' bytes. */
function backlenBytes(n: number): number {
  if (n <= 127) return 1
  if (n < 16383) return 2
  if (n < 2097151) return 3
  if (n < 268435455) return 4
  return 5
}

/**
 * The integer value of 's' when a listpack would store it as an integer (the same strict
 * rules as string2ll: no sign but '-', no leading zeros, no "-0", within int64); else null.
 * Returns a number, exact for the ranges that decide the encoding size.
 */
function listpackInteger(s: string): number | null {
  const n = s.length
  if (n === 0 || n > MAX_INT_TEXT) return null
  let i = 0
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return null
    i = 1
  }
  const first = s.charCodeAt(i)
  if (first === 48) return n === 1 ? 0 : null
  if (first < 49 || first > 57) return null
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j)
    if (c < 48 || c > 57) return null
  }
  if (n - i === 19) {
    // 19 digits may exceed int64: compare as BigInt only in that rare case.
    const v = BigInt(s)
    if (v > 9223372036854775807n || v < -9223372036854775808n) return null
  } else if (n - i > 19) {
    return null
  }
  return Number(s)
}

/** Bytes one entry holding 's' takes in a listpack (encoding plus back-length). */
export function listpackEntryBytes(s: string): number {
  const v = listpackInteger(s)
  if (v !== null) {
    if (v >= 0 && v <= 127) return 2
    if (v >= -4096 && v <= 4095) return 3
    if (v >= -32768 && v <= 32767) return 4
    if (v >= -8388608 && v <= 8388607) return 5
    if (v >= -2147483648 && v <= 2147483647) return 6
    return 10
  }
  const len = s.length
  const enc = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len
  return enc + backlenBytes(enc)
}

/**
 * Double parsing as Redis 7.0's getDoubleFromObject() (object.c) does it for ZADD, ZINCRBY,
 * ZRANGEBYSCORE bounds, GEO* and other double arguments: the whole string must be what C's
 * strtod() accepts (decimal, hex float, inf/infinity), with no leading space, no NaN, and no
 * overflow or underflow to zero (strtod's ERANGE). See https://redis.io/commands/zadd/
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const INFINITY = /^[+-]?inf(?:inity)?$/i
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/

/** Binary exponent magnitude past which any nonzero hex mantissa overflows or underflows. */
const HEX_EXPONENT_CLAMP = 1_000_000_000

/**
 * Rounds 'm' * 2^'e' (m > 0, 'bits' its bit length) to the nearest double, ties to even, as strtod does, subnormals
 * included. Returns Infinity on overflow and 0 on underflow.
 */
function scaleToDouble(m: bigint, bits: number, e: number): number {
  const top = bits - 1 + e
  if (top > 1023) return Number.POSITIVE_INFINITY
  // Below 2^-1076 the value is under half the smallest subnormal: it rounds to zero.
  if (top < -1076) return 0
  // Lowest kept bit: 53 significant bits, but never below the smallest subnormal's 2^-1074.
  const lowest = Math.max(top - 52, -1074)
  let q = m
  if (lowest > e) {
    const shift = BigInt(lowest - e)
    q = m >> shift
    const rem = m - (q << shift)
    const half = 1n << (shift - 1n)
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++
  } else if (lowest < e) {
    q = m << BigInt(e - lowest)
  }
  // q < 2^54 here; the product is exact unless it overflows the largest finite double.
  return Number(q) * 2 ** lowest
}

function parseHex(sign: string, whole: string, frac: string, exp: string | undefined): number | null {
  if (whole.length + frac.length === 0) return null
  const negative = sign === '-'
  const digits = (whole + frac).replace(/^0+/, '')
  if (digits.length === 0) return negative ? -0 : 0
  const m = BigInt(`0x${digits}`)
  const bits = 4 * (digits.length - 1) + Number.parseInt(digits[0] ?? '1', 16).toString(2).length
  let e = exp === undefined ? 0 : Number(exp)
  if (e > HEX_EXPONENT_CLAMP) e = HEX_EXPONENT_CLAMP
  if (e < -HEX_EXPONENT_CLAMP) e = -HEX_EXPONENT_CLAMP
  const v = scaleToDouble(m, bits, e - 4 * frac.length)
  // strtod reports ERANGE for overflow and for underflow to zero; Redis rejects both.
  if (v === 0 || v === Number.POSITIVE_INFINITY) return null
  return negative ? -v : v
}

/**
 * True for the common short form, at most 15 characters of an optional '-', digits and at
 * most one '.', with a digit: Number() reads it exactly as strtod (both round correctly), it
 * cannot overflow or underflow, and the regular expressions are skipped.
 */
function isPlainDecimal(s: string): boolean {
  const n = s.length
  if (n === 0 || n > 15) return false
  let digits = 0
  let dots = 0
  for (let i = s.charCodeAt(0) === 45 ? 1 : 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) digits++
    else if (c === 46 && dots === 0) dots++
    else return false
  }
  return digits > 0
}

/**
 * Parses 's' as Redis parses a double argument; null where Redis replies "value is not a valid
 * float". Accepts "1.5", "+.5", "5.", "1E+05", "-0", "inf", "-Infinity" (any case), hex floats
 * such as "0x1.8p1"; rejects "", " 1", "1 ", "nan", "1e", "0x", "1e400" (overflow) and "1e-400"
 * (underflow to zero), while "1e-310" (a subnormal) is accepted.
 */
export function parseDouble(s: string): number | null {
  if (isPlainDecimal(s)) return Number(s)
  if (DECIMAL.test(s)) {
    const v = Number(s)
    if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) return null
    // Zero from a mantissa with a nonzero digit is an underflow (ERANGE).
    if (v === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))) return null
    return v
  }
  if (INFINITY.test(s)) return s.charCodeAt(0) === 45 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
  const hex = HEX.exec(s)
  if (hex !== null) return parseHex(hex[1] ?? '', hex[2] ?? '', hex[3] ?? '', hex[4])
  return null
}

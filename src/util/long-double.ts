/**
 * INCRBYFLOAT (and HINCRBYFLOAT) arithmetic exactly as Redis 7.0 does it on x86-64: operands
 * parsed by string2ld() (strtold into an 80-bit long double, 64-bit mantissa), summed in long
 * double, printed by ld2string(LD_STR_HUMAN) ("%.17Lf", trailing zeros and dot stripped, "-0"
 * as "0"). A tiny software float on BigInt reproduces each rounding step, including one glibc
 * strtold quirk at the smallest subnormal. HINCRBYFLOAT uses the pieces directly (it checks the
 * increment first and says "hash value is not a float" for a bad field value).
 * See https://redis.io/commands/incrbyfloat/
 */

/** A finite x87 extended value, (-1)^neg * m * 2^e with 0 <= m < 2^64, or an infinity. */
export interface LongDouble {
  readonly neg: boolean
  readonly m: bigint
  readonly e: number
  readonly inf: boolean
}

/** string2ld refuses strings of MAX_LONG_DOUBLE_CHARS (5 KiB) bytes or more. */
export const MAX_LONG_DOUBLE_CHARS = 5 * 1024

const MANT_BITS = 64
/** Exponent of the lowest bit of the smallest subnormal, 2^-16445. */
const MIN_LSB = -16445
/** Exponent of the top bit of the largest finite value, about 1.19e4932. */
const MAX_TOP = 16383
/** Decimal exponents beyond which a nonzero value surely overflows or underflows. */
const DEC_OVERFLOW = 4934
const DEC_UNDERFLOW = -4952

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/
const INFINITY = /^([+-]?)inf(?:inity)?$/i

const ZERO: LongDouble = { neg: false, m: 0n, e: 0, inf: false }

/** Number of bits of 'n' >= 0 (0 for 0). */
function bitLength(n: bigint): number {
  if (n === 0n) return 0
  const hex = n.toString(16)
  return hex.length * 4 - Math.clz32(Number.parseInt(hex[0]!, 16)) + 28
}

function infinity(neg: boolean): LongDouble {
  return { neg, m: 0n, e: 0, inf: true }
}

/**
 * Rounds 'num' / 'den' * 2^'scale' (num >= 0, den >= 1) to the nearest long double, ties to
 * even, subnormals included: the rounding of strtold and of the x87 FPU. Returns an infinity
 * on overflow and zero on underflow.
 */
function roundExact(neg: boolean, num: bigint, den: bigint, scale: number): LongDouble {
  if (num === 0n) return { neg, m: 0n, e: 0, inf: false }
  // The value lies in [2^(t-1), 2^(t+1)).
  const t = bitLength(num) - bitLength(den) + scale
  if (t - 1 > MAX_TOP) return infinity(neg)
  if (t + 1 < MIN_LSB - 1) return { neg, m: 0n, e: 0, inf: false }
  // Quotient with at least one bit below the final lowest bit, plus a sticky remainder.
  const low = Math.max(t - MANT_BITS - 2, MIN_LSB - 1)
  const sh = scale - low
  const n = sh >= 0 ? num << BigInt(sh) : num
  const d = sh >= 0 ? den : den << BigInt(-sh)
  const q = n / d
  const sticky = n % d !== 0n
  let lsb = Math.max(low + bitLength(q) - MANT_BITS, MIN_LSB)
  const extra = BigInt(lsb - low)
  let kept = q >> extra
  const dropped = q - (kept << extra)
  const half = 1n << (extra - 1n)
  if (dropped > half || (dropped === half && (sticky || (kept & 1n) === 1n))) kept++
  if (kept >> BigInt(MANT_BITS) !== 0n) {
    kept >>= 1n
    lsb++
  }
  if (kept === 0n) return { neg, m: 0n, e: 0, inf: false }
  if (lsb + bitLength(kept) - 1 > MAX_TOP) return infinity(neg)
  return { neg, m: kept, e: lsb, inf: false }
}

/** Parses the digits of a decimal strtold string; null on ERANGE (overflow, underflow to 0). */
function parseDecimal(neg: boolean, whole: string, frac: string, exp: string | undefined): LongDouble | null {
  const digits = (whole + frac).replace(/^0+/, '')
  if (digits.length === 0) return { neg, m: 0n, e: 0, inf: false }
  const exp10 = (exp === undefined ? 0 : Number(exp)) - frac.length
  const magnitude = digits.length + exp10
  if (magnitude - 1 > DEC_OVERFLOW || magnitude < DEC_UNDERFLOW) return null
  const d = BigInt(digits)
  const v =
    exp10 >= 0
      ? roundExact(neg, d * 10n ** BigInt(exp10), 1n, 0)
      : roundExact(neg, d, 10n ** BigInt(-exp10), 0)
  return v.inf || v.m === 0n ? null : v
}

/** Parses a strtold hex float; null on ERANGE. */
function parseHex(neg: boolean, whole: string, frac: string, exp: string | undefined): LongDouble | null {
  const digits = (whole + frac).replace(/^0+/, '')
  if (digits.length === 0) return { neg, m: 0n, e: 0, inf: false }
  const p = Math.min(Math.max(exp === undefined ? 0 : Number(exp), -1e6), 1e6)
  const m = BigInt(`0x${digits}`)
  const scale = p - 4 * frac.length
  const bits = bitLength(m)
  if (bits - 1 + scale === MIN_LSB - 1) {
    // glibc quirk: a value in [2^-16446, 2^-16445) rounds to the smallest subnormal or to 0
    // (rejected), and glibc forgets the bit 2^-64 below the leading one when deciding, so
    // 0x1.0000000000000001p-16446 is rejected although it lies above the halfway point.
    const rest = m - (1n << BigInt(bits - 1))
    const ignored = bits >= 65 ? 1n << BigInt(bits - 65) : 0n
    return (rest & ~ignored) === 0n ? null : { neg, m: 1n, e: MIN_LSB, inf: false }
  }
  const v = roundExact(neg, m, 1n, scale)
  return v.inf || v.m === 0n ? null : v
}

/**
 * Parses 's' as Redis's string2ld(): the whole string must be a strtold number (decimal, hex
 * float, inf or infinity in any case; no spaces anywhere, no NaN), shorter than 5 KiB, and
 * must neither overflow nor underflow to zero (1e-4950, a subnormal, is fine; so is "1e400").
 * Returns null where Redis replies "value is not a valid float".
 */
export function parseLongDouble(s: string): LongDouble | null {
  if (s.length === 0 || s.length >= MAX_LONG_DOUBLE_CHARS) return null
  const dec = DECIMAL.exec(s)
  if (dec !== null) {
    const whole = dec[2] ?? ''
    const frac = dec[3] ?? ''
    if (whole.length + frac.length === 0) return null
    return parseDecimal(dec[1] === '-', whole, frac, dec[4])
  }
  const hex = HEX.exec(s)
  if (hex !== null) {
    const whole = hex[2] ?? ''
    const frac = hex[3] ?? ''
    if (whole.length + frac.length === 0) return null
    return parseHex(hex[1] === '-', whole, frac, hex[4])
  }
  const inf = INFINITY.exec(s)
  if (inf !== null) return infinity(inf[1] === '-')
  return null
}

/** The long double sum 'a' + 'b' (one rounding, ties to even); null when it is NaN (inf - inf). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.inf || b.inf) {
    if (a.inf && b.inf && a.neg !== b.neg) return null
    return a.inf ? a : b
  }
  const e = Math.min(a.e, b.e)
  const x = (a.m << BigInt(a.e - e)) * (a.neg ? -1n : 1n)
  const y = (b.m << BigInt(b.e - e)) * (b.neg ? -1n : 1n)
  const sum = x + y
  if (sum === 0n) return ZERO
  return roundExact(sum < 0n, sum < 0n ? -sum : sum, 1n, e)
}

/**
 * Prints a finite long double as Redis's ld2string(LD_STR_HUMAN): C's "%.17Lf" (the exact value
 * rounded to 17 decimals, ties to even, in full fixed notation even for 1e4000), then trailing
 * zeros and a trailing dot removed, and "-0" printed as "0".
 */
export function formatLongDoubleHuman(v: LongDouble): string {
  if (v.inf) return v.neg ? '-inf' : 'inf'
  const scaled = v.m * 10n ** 17n
  let q: bigint
  if (v.e >= 0) q = scaled << BigInt(v.e)
  else {
    const sh = BigInt(-v.e)
    q = scaled >> sh
    const rem = scaled - (q << sh)
    const half = 1n << (sh - 1n)
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++
  }
  const digits = q.toString().padStart(18, '0')
  const whole = digits.slice(0, -17)
  const frac = digits.slice(-17).replace(/0+$/, '')
  const text = `${v.neg ? '-' : ''}${whole}${frac.length > 0 ? `.${frac}` : ''}`
  return text === '-0' ? '0' : text
}

/** Outcome of incrByFloat: the new value's text, or which Redis error to reply with. */
export type IncrByFloatResult =
  | { ok: true; value: string }
  | {
      ok: false
      /** 'not-float': "ERR value is not a valid float"; 'nan-or-inf': "ERR increment would produce NaN or Infinity". */
      error: 'nan-or-inf' | 'not-float'
    }

/**
 * INCRBYFLOAT's arithmetic: 'current' (the stored text; "0" for a missing key) plus 'incr',
 * both parsed by string2ld rules, summed in 80-bit long double and printed as Redis stores and
 * replies with it. Either operand invalid gives 'not-float' (checked before the sum, so
 * "inf" + "abc" is 'not-float'); an infinite or NaN sum, including any "inf" operand, gives
 * 'nan-or-inf'. Examples: "10.5" + "0.1" = "10.6"; "5.0e3" + "2.0e2" = "5200"; "0" + "1e300"
 * prints all 301 digits of the long double nearest 1e300.
 */
export function incrByFloat(current: string, incr: string): IncrByFloatResult {
  const a = parseLongDouble(current)
  const b = a === null ? null : parseLongDouble(incr)
  if (a === null || b === null) return { ok: false, error: 'not-float' }
  const sum = addLongDouble(a, b)
  if (sum === null || sum.inf) return { ok: false, error: 'nan-or-inf' }
  return { ok: true, value: formatLongDoubleHuman(sum) }
}

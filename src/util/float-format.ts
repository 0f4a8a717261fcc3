/**
 * Number formatting as Redis 7.0 prints doubles: printf("%.17g") with "inf"/"-inf" spelled
 * out (addReplyDouble: ZSCORE, ZRANGE WITHSCORES, ZINCRBY, ZMSCORE; RESP3 doubles too).
 * glibc rounds the exact binary value, ties to even; JS's toExponential/toFixed round ties
 * away from zero, so the rare exact ties take an exact BigInt path
 * (1000000000000000.25 prints "1000000000000000.2", not ".3").
 */

const f64 = new Float64Array(1)
const u64 = new BigUint64Array(f64.buffer)

function stripZeros(s: string): string {
  if (s.indexOf('.') === -1) return s
  let end = s.length
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--
  if (end > 0 && s.charCodeAt(end - 1) === 46) end--
  return s.slice(0, end)
}

/** C's "e+05" / "e-310" exponent suffix: sign and at least two digits. */
function exponentSuffix(x: number): string {
  const ax = Math.abs(x)
  return `e${x < 0 ? '-' : '+'}${ax < 10 ? `0${ax}` : ax}`
}

/**
 * True when the exact value of 'd' might be a tie at 'p' significant digits. A tie needs an
 * exact decimal expansion of p+1 digits ending in 5: an integer (impossible above 2^53, and
 * below it has too few digits when p >= 16) or m / 2^k with k <= (p+1) / log10(5).
 */
function mayTie(d: number, p: number): boolean {
  if (p > 40) return true
  if (Number.isInteger(d) ? p >= 16 : !Number.isInteger(d * 2 ** Math.ceil((p + 1) / Math.log10(5))))
    return false
  // A tie shows as a final 5 in the p+1 digits, which toExponential then prints exactly.
  const e = d.toExponential(p)
  return e.charCodeAt(e.indexOf('e') - 1) === 53
}

/** The exact decimal digits of |d| (finite, nonzero) and the exponent of the first digit. */
function exactDigits(d: number): [string, number] {
  f64[0] = d
  const bits = u64[0]!
  const biased = Number((bits >> 52n) & 0x7ffn)
  const frac = bits & 0xfffffffffffffn
  const m = biased === 0 ? frac : frac | (1n << 52n)
  const e = (biased === 0 ? 1 : biased) - 1075
  const n = e >= 0 ? m << BigInt(e) : m * 5n ** BigInt(-e)
  const digits = n.toString()
  return [digits, digits.length - 1 + Math.min(e, 0)]
}

/** %.{p}g from the exact expansion, rounding ties to even as glibc does. */
function formatExact(d: number, p: number): string {
  let [digits, x] = exactDigits(d)
  if (digits.length > p) {
    const head = digits.slice(0, p)
    const rest = digits.slice(p)
    const r = rest.charCodeAt(0)
    const up = r > 53 || (r === 53 && (/[1-9]/.test(rest.slice(1)) || (head.charCodeAt(p - 1) & 1) === 1))
    digits = up ? (BigInt(head) + 1n).toString() : head
    if (digits.length > p) {
      digits = digits.slice(0, p)
      x++
    }
  }
  const sign = d < 0 ? '-' : ''
  if (x < -4 || x >= p) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    return `${sign}${stripZeros(mant)}${exponentSuffix(x)}`
  }
  const padded = digits.padEnd(p, '0')
  const fixed =
    x >= 0 ? `${padded.slice(0, x + 1)}.${padded.slice(x + 1)}` : `0.${'0'.repeat(-x - 1)}${padded}`
  return `${sign}${stripZeros(fixed)}`
}

/** Formats 'd' like C's printf("%.*g", precision, d); infinities as "inf"/"-inf". */
export function formatG(d: number, precision: number): string {
  if (d === Number.POSITIVE_INFINITY) return 'inf'
  if (d === Number.NEGATIVE_INFINITY) return '-inf'
  if (Number.isNaN(d)) return 'nan'
  if (d === 0) return Object.is(d, -0) ? '-0' : '0'
  const p = precision === 0 ? 1 : precision
  // Common case (scores, counters): a safe integer has at most 16 digits, printed exactly.
  if (p >= 16 && Number.isSafeInteger(d)) return String(d)
  if (mayTie(d, p)) return formatExact(d, p)
  const e = d.toExponential(p - 1)
  const at = e.indexOf('e')
  const x = Number(e.slice(at + 1))
  if (x < -4 || x >= p) return `${stripZeros(e.slice(0, at))}${exponentSuffix(x)}`
  // toFixed switches to exponent notation from 1e21 on; %g with a high precision does not.
  if (x >= 21) return formatExact(d, p)
  return stripZeros(d.toFixed(p - 1 - x))
}

/** Formats a double as Redis 7.0 replies with it (%.17g). */
export function formatDouble(d: number): string {
  return formatG(d, 17)
}

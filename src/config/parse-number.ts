/**
 * The number readers redis.conf values go through, each with the quirks of the C function
 * Redis 7.0 uses for it: memtoull() for memory values (1gb, 100mb, 5k), strtoll() for 'save',
 * 'oom-score-adj-values' and buffer-limit seconds, strtoll(base 8) for 'unixsocketperm'; and
 * the number formats of CONFIG GET and CONFIG REWRITE. Strict integers use util/strict-int.ts,
 * doubles util/parse-double.ts.
 */

const U64 = 2n ** 64n
const U64_MAX = U64 - 1n
const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/** C isspace(): space, \t \n \v \f \r. */
function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13)
}

/** Multipliers of the memory units Redis accepts (case-insensitive): k is 1000, kb is 1024. */
const MEMORY_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['', 1n],
  ['b', 1n],
  ['k', 1000n],
  ['kb', 1024n],
  ['m', 1000n ** 2n],
  ['mb', 1024n ** 2n],
  ['g', 1000n ** 3n],
  ['gb', 1024n ** 3n],
])

/**
 * Reads a memory value as memtoull() does and returns it as an unsigned 64-bit number, or
 * null when it is not one. Digits then an optional unit; a leading '-' is refused; no digits
 * at all reads as 0 ("" and "gb" are 0, as in Redis); a number beyond 2^64-1 saturates and
 * the product with the unit wraps modulo 2^64 (redis 7.0: "20000000000gb" is accepted).
 */
export function parseMemory(s: string): bigint | null {
  if (s.charCodeAt(0) === 45) return null
  let u = 0
  while (u < s.length && isDigit(s.charCodeAt(u))) u++
  const mul = MEMORY_UNITS.get(s.slice(u).toLowerCase())
  if (mul === undefined) return null
  // Redis copies the digits into a 128-byte buffer first.
  if (u >= 128) return null
  let v = u === 0 ? 0n : BigInt(s.slice(0, u))
  if (v > U64_MAX) v = U64_MAX
  return (v * mul) % U64
}

/**
 * strtoll(s, &end, base) that must consume the whole string: leading C blanks and one sign
 * are allowed, and an empty string reads as 0 (strtoll leaves 'end' on the terminating NUL).
 * Out-of-range values saturate at the signed 64-bit bounds and set 'overflow'.
 */
export function parseCStrtoll(s: string, base: 8 | 10 = 10): { value: bigint; overflow: boolean } | null {
  const n = s.length
  let i = 0
  while (i < n && isCSpace(s.charCodeAt(i))) i++
  let negative = false
  if (i < n && (s[i] === '+' || s[i] === '-')) {
    negative = s[i] === '-'
    i++
  }
  const start = i
  const maxDigit = base === 8 ? 55 : 57
  while (i < n) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > maxDigit) break
    i++
  }
  if (i === start) {
    // No conversion: strtoll sets 'end' to the start of the string.
    return n === 0 ? { value: 0n, overflow: false } : null
  }
  if (i !== n) return null
  let v = 0n
  const b = BigInt(base)
  for (let k = start; k < n; k++) v = v * b + BigInt(s.charCodeAt(k) - 48)
  if (negative) v = -v
  if (v > I64_MAX) return { value: I64_MAX, overflow: true }
  if (v < I64_MIN) return { value: I64_MIN, overflow: true }
  return { value: v, overflow: false }
}

/**
 * printf("%f") followed by Redis's trimDoubleString(): six decimals with trailing zeros and
 * a bare trailing point removed ("99.900000" -> "99.9", "50.000000" -> "50", -0 -> "-0").
 */
export function formatTrimmedDouble(d: number): string {
  // toFixed() drops the sign of -0; printf keeps it.
  let s = Object.is(d, -0) ? '-0.000000' : d.toFixed(6)
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '')
  return s
}

/**
 * Redis's rewriteConfigFormatMemory(): the largest of gb, mb, kb that divides the value
 * exactly, else plain bytes; 0 stays "0".
 */
export function formatMemoryForFile(bytes: bigint): string {
  const gb = 1024n ** 3n
  const mb = 1024n ** 2n
  const kb = 1024n
  if (bytes !== 0n && bytes % gb === 0n) return `${bytes / gb}gb`
  if (bytes !== 0n && bytes % mb === 0n) return `${bytes / mb}mb`
  if (bytes !== 0n && bytes % kb === 0n) return `${bytes / kb}kb`
  return String(bytes)
}

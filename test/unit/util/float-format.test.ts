// Tests of %.17g double formatting against Redis 7.0 (ZADD + ZSCORE on redis-server 7.0.15,
// skiplist encoding) and glibc's printf("%.*g") for other precisions and exact ties.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { formatDouble, formatG } from '../../../src/util/float-format.js'

/** [ZADD score, ZSCORE reply] from redis-server 7.0.15. */
const REDIS_CASES: [string, string][] = [
  ['1.1', '1.1000000000000001'],
  ['0.1', '0.10000000000000001'],
  ['0.3', '0.29999999999999999'],
  ['1e-5', '1.0000000000000001e-05'],
  ['1e-7', '9.9999999999999995e-08'],
  ['0.0001', '0.0001'],
  ['123456789012345678', '1.2345678901234568e+17'],
  ['12345678901234567', '12345678901234568'],
  ['1e15', '1000000000000000'],
  ['1e16', '10000000000000000'],
  ['1e17', '1e+17'],
  ['100000000000000000000', '1e+20'],
  ['1e21', '1e+21'],
  ['9.999999999999999e22', '9.9999999999999992e+22'],
  ['5e-324', '4.9406564584124654e-324'],
  ['2.2250738585072014e-308', '2.2250738585072014e-308'],
  ['1.7976931348623157e308', '1.7976931348623157e+308'],
  ['-1.5e-300', '-1.5000000000000001e-300'],
  ['-0', '-0'],
  ['0.5', '0.5'],
  ['123456.789', '123456.789'],
  ['3.0000000000000004', '3.0000000000000004'],
  ['0.000030517578125', '3.0517578125e-05'],
  ['1152921504606846976.5', '1.152921504606847e+18'],
  ['1000000000000000.25', '1000000000000000.2'],
  ['1000000000000000.75', '1000000000000000.8'],
  ['1125899906842624.375', '1125899906842624.5'],
  ['562949953421312.1875', '562949953421312.25'],
  ['4503599627370495.5', '4503599627370495.5'],
  ['inf', 'inf'],
  ['-inf', '-inf'],
]

/** [value, precision, glibc snprintf("%.*g")]. */
const GLIBC_CASES: [number, number, string][] = [
  [-(1e15 + 0.25), 17, '-1000000000000000.2'],
  [25, 1, '2e+01'],
  [35, 1, '4e+01'],
  [0.25, 1, '0.2'],
  [0.125, 2, '0.12'],
  [1.0625, 3, '1.06'],
  [2.5, 1, '2'],
  [1.5, 1, '2'],
  [123456.5, 5, '1.2346e+05'],
  [9.6e21, 22, '9600000000000000000000'],
  [1.25e21, 25, '1250000000000000000000'],
  [2 ** 53, 17, '9007199254740992'],
  [2 ** 60, 17, '1.152921504606847e+18'],
  [-(2 ** 63), 17, '-9.2233720368547758e+18'],
  [123, 0, '1e+02'],
  [1e-5, 6, '1e-05'],
  [123456789, 6, '1.23457e+08'],
  [2.5e-17, 17, '2.4999999999999999e-17'],
  [0.1, 20, '0.10000000000000000555'],
]

/** Exact %.{p}g of m / 2^k by rational arithmetic, ties to even (reference for short fractions). */
function referenceShortFraction(m: bigint, k: number, p: number): string {
  if (m === 0n) return '0'
  const neg = m < 0n
  const n = (neg ? -m : m) * 5n ** BigInt(k) // value = n / 10^k
  const all = n.toString()
  let x = all.length - 1 - k
  let digits = all
  if (digits.length > p) {
    const head = BigInt(digits.slice(0, p))
    const tail = BigInt(digits.slice(p))
    const half = 5n * 10n ** BigInt(digits.length - p - 1)
    const up = tail > half || (tail === half && head % 2n === 1n)
    digits = (up ? head + 1n : head).toString()
    if (digits.length > p) {
      digits = digits.slice(0, p)
      x++
    }
  }
  digits = digits.replace(/0+$/, '') || '0'
  const sign = neg ? '-' : ''
  if (x < -4 || x >= p) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    return `${sign}${mant}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`
  }
  if (x < 0) return `${sign}0.${'0'.repeat(-x - 1)}${digits}`
  const whole = digits.padEnd(x + 1, '0').slice(0, x + 1)
  const frac = digits.slice(x + 1)
  return `${sign}${whole}${frac === '' ? '' : `.${frac}`}`
}

describe('formatDouble', () => {
  it('prints what ZSCORE replies in RESP2 (%.17g)', () => {
    for (const [score, want] of REDIS_CASES) {
      const d =
        score === 'inf'
          ? Number.POSITIVE_INFINITY
          : score === '-inf'
            ? Number.NEGATIVE_INFINITY
            : Number(score)
      assert.equal(formatDouble(d), want, score)
    }
  })

  it('reads back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
        assert.ok(Object.is(Number(formatDouble(d)), d))
      }),
      { numRuns: 20_000 },
    )
  })

  it('rounds exact ties to even on short binary fractions', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 52n), max: 2n ** 52n }),
        fc.integer({ min: 0, max: 30 }),
        (m, k) => {
          const d = Number(m) / 2 ** k
          assert.equal(formatDouble(d), referenceShortFraction(m, k, 17))
        },
      ),
      { numRuns: 20_000 },
    )
  })
})

describe('formatG', () => {
  it('matches glibc printf("%.*g") including ties and precision 0', () => {
    for (const [d, p, want] of GLIBC_CASES) assert.equal(formatG(d, p), want, `${d} %.${p}g`)
  })

  it('matches an exact rational reference at every precision', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 52n), max: 2n ** 52n }),
        fc.integer({ min: -20, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        (m, k, p) => {
          const d = Number(m) / 2 ** k
          const want =
            k >= 0 ? referenceShortFraction(m, k, p) : referenceShortFraction(m * 2n ** BigInt(-k), 0, p)
          assert.equal(formatG(d, p), want)
        },
      ),
      { numRuns: 20_000 },
    )
  })
})

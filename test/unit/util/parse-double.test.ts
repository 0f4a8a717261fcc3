// Tests of double argument parsing against Redis 7.0's getDoubleFromObject() (cases checked with
// ZADD then ZSCORE on redis-server 7.0.15, skiplist encoding so that -0 keeps its sign).

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { parseDouble } from '../../../src/util/parse-double.js'

const accepted: [string, number][] = [
  ['+1', 1],
  ['-1', -1],
  ['.5', 0.5],
  ['5.', 5],
  ['1e5', 100000],
  ['1E+05', 100000],
  ['00012', 12],
  ['1.5e3', 1500],
  ['-.5e-1', -0.05],
  ['0e99999', 0],
  ['-0', -0],
  ['0.0', 0],
  ['inf', Number.POSITIVE_INFINITY],
  ['+inf', Number.POSITIVE_INFINITY],
  ['-inf', Number.NEGATIVE_INFINITY],
  ['INF', Number.POSITIVE_INFINITY],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-INFINITY', Number.NEGATIVE_INFINITY],
  ['1e-310', 1e-310],
  ['3e-324', 5e-324],
  ['0x10', 16],
  ['-0x10', -16],
  ['0x1p3', 8],
  ['0x1.8p1', 3],
  ['0X1P-2', 0.25],
  ['0x.8', 0.5],
  ['0x1.p1', 2],
  ['0x1P+1', 2],
  ['0x0p0', 0],
  ['0x1p-1074', 5e-324],
  ['0x1p-1022', 2.2250738585072014e-308],
  ['0x1.fffffffffffff7p1023', 1.7976931348623157e308],
  ['0x1.00000000000008p0', 1],
  ['0x1.000000000000080000000001p0', 1.0000000000000002],
  ['0x1.00000000000018p0', 1.0000000000000004],
  [`1.${'0'.repeat(6000)}`, 1],
  // The short plain form (read without the regular expressions) and its edges.
  ['0', 0],
  ['-0.', -0],
  ['007', 7],
  ['123456789012345', 123456789012345],
  ['-12345678901234', -12345678901234],
  ['0.1', 0.1],
  ['9007199254740993', 9007199254740992],
  ['1234567890.12345', 1234567890.12345],
]

const rejected = [
  '',
  ' 1',
  '1 ',
  '\t1',
  '1\0',
  '.',
  '-',
  '-.',
  '1..2',
  '--1',
  '1-',
  '1e',
  '1e+',
  'e5',
  '+.e1',
  '1,5',
  '1_0',
  'infin',
  'nan',
  'NaN',
  '-nan',
  'nan(1)',
  '0x',
  '0x1p',
  '0x.p1',
  '0xg',
  '1e400',
  '-1e400',
  '1e+0400',
  '1e-400',
  '2e-324',
  '0x1p1024',
  '0x1p-1075',
  '0x1.fffffffffffff8p1023',
  `1${'0'.repeat(400)}`,
  `0.${'0'.repeat(5000)}1`,
]

describe('parseDouble', () => {
  it('accepts everything strtod parses fully, including inf and hex floats', () => {
    for (const [s, want] of accepted)
      assert.ok(Object.is(parseDouble(s), want), JSON.stringify(s.slice(0, 40)))
  })

  it('rejects spaces, partial parses, NaN, overflow and underflow to zero', () => {
    for (const s of rejected) assert.equal(parseDouble(s), null, JSON.stringify(s.slice(0, 40)))
  })

  it('reads back every double from its shortest and its %.17g spelling', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (d) => {
        const shortest = Object.is(d, -0) ? '-0' : String(d).replace('Infinity', 'inf')
        assert.ok(Object.is(parseDouble(shortest), d))
        if (Number.isFinite(d) && !Object.is(d, -0)) assert.ok(Object.is(parseDouble(d.toExponential(16)), d))
      }),
      { numRuns: 20_000 },
    )
  })

  it('rounds hex mantissas to nearest, ties to even, like strtod', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 70n }), fc.integer({ min: -1200, max: 1100 }), (m, e) => {
        const s = `0x${m.toString(16)}p${e}`
        const got = parseDouble(s)
        // Reference: exact rational m*2^e rounded by decimal conversion through a long exact string.
        const exact = e >= 0 ? (m << BigInt(e)).toString() : exactDecimal(m, -e)
        const want = Number(exact)
        if (want === 0 || want === Number.POSITIVE_INFINITY) assert.equal(got, null)
        else assert.equal(got, want)
      }),
      { numRuns: 3_000 },
    )
  })
})

/** The exact decimal expansion of m / 2^k (finite, since 2^k divides 10^k). */
function exactDecimal(m: bigint, k: number): string {
  const scaled = (m * 5n ** BigInt(k)).toString().padStart(k + 1, '0')
  return `${scaled.slice(0, scaled.length - k)}.${scaled.slice(scaled.length - k)}`
}

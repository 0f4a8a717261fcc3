// Tests of strict integer parsing against Redis 7.0's string2ll() rules (cases checked with
// INCRBY on redis-server 7.0.15, both as the increment and as the stored value).

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { addInt64, isInt64, parseInt64, parseInteger, parseSafeInt } from '../../../src/util/strict-int.js'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** Reference: the canonical decimal spelling of an in-range integer, nothing else. */
function reference(s: string): bigint | null {
  if (!/^-?[0-9]+$/.test(s)) return null
  const v = BigInt(s)
  if (v < INT64_MIN || v > INT64_MAX) return null
  return v.toString() === s ? v : null
}

describe('parseInt64', () => {
  it('accepts canonical decimal integers across the signed 64-bit range', () => {
    assert.equal(parseInt64('0'), 0n)
    assert.equal(parseInt64('-1'), -1n)
    assert.equal(parseInt64('9223372036854775807'), INT64_MAX)
    assert.equal(parseInt64('-9223372036854775808'), INT64_MIN)
    assert.equal(parseInt64('-922337203685477580'), -922337203685477580n)
  })

  it('rejects signs, spaces, leading zeros, "-0", other bases and out-of-range values', () => {
    for (const s of [
      '',
      '+1',
      ' 1',
      '1 ',
      '\t1',
      '1\0',
      '01',
      '00',
      '-01',
      '-0',
      '-',
      '--1',
      '1-',
      '1e3',
      '0x10',
      '1.0',
      '9223372036854775808',
      '-9223372036854775809',
      '99999999999999999999',
      '00000000000000000001',
      '123456789012345678901',
    ]) {
      assert.equal(parseInt64(s), null, JSON.stringify(s))
      assert.equal(isInt64(s), false, JSON.stringify(s))
    }
  })

  it('agrees with the canonical-spelling reference on random strings', () => {
    const digits = fc.array(fc.constantFrom('0', '1', '9', '-', '+', ' ', 'e', '.'), { maxLength: 22 })
    fc.assert(
      fc.property(
        fc.oneof(
          digits.map((a) => a.join('')),
          fc.bigInt({ min: INT64_MIN * 2n, max: INT64_MAX * 2n }).map(String),
        ),
        (s) => {
          assert.equal(parseInt64(s), reference(s))
          assert.equal(isInt64(s), reference(s) !== null)
        },
      ),
      { numRuns: 20_000 },
    )
  })
})

describe('parseSafeInt', () => {
  it('returns numbers within ±(2^53-1) and null beyond, so callers fall back to parseInt64', () => {
    assert.equal(parseSafeInt('9007199254740991'), 9007199254740991)
    assert.equal(parseSafeInt('-9007199254740991'), -9007199254740991)
    assert.equal(parseSafeInt('9007199254740992'), null)
    assert.equal(parseSafeInt('-9007199254740992'), null)
    assert.equal(parseSafeInt('9223372036854775807'), null)
    assert.equal(parseSafeInt('0'), 0)
    assert.equal(parseSafeInt('-0'), null)
    assert.equal(parseSafeInt('+5'), null)
  })

  it('agrees with parseInt64 on random integers', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }).map(String), (s) => {
        const big = parseInt64(s)
        const safe = parseSafeInt(s)
        if (big !== null && big >= -(2n ** 53n - 1n) && big <= 2n ** 53n - 1n) assert.equal(safe, Number(big))
        else assert.equal(safe, null)
      }),
      { numRuns: 20_000 },
    )
  })
})

describe('parseInteger and addInt64 (INCRBY/HINCRBY arithmetic)', () => {
  it('parseInteger gives a number within 2^53, a bigint beyond, null when invalid', () => {
    assert.equal(parseInteger('9007199254740991'), 9007199254740991)
    assert.equal(parseInteger('-9007199254740992'), -9007199254740992n)
    assert.equal(parseInteger('9223372036854775807'), INT64_MAX)
    assert.equal(parseInteger('9223372036854775808'), null)
    assert.equal(parseInteger('+1'), null)
  })

  it('addInt64 is exact up to the 64-bit limits and null past them', () => {
    assert.equal(addInt64(1, 2), 3)
    assert.equal(addInt64(9007199254740991, 1), 9007199254740992n)
    assert.equal(addInt64(INT64_MAX, 0), INT64_MAX)
    assert.equal(addInt64(INT64_MAX, 1), null)
    assert.equal(addInt64(INT64_MIN, -1), null)
    assert.equal(addInt64(INT64_MIN, INT64_MAX), -1n)
    fc.assert(
      fc.property(fc.bigInt(INT64_MIN, INT64_MAX), fc.bigInt(INT64_MIN, INT64_MAX), (a, b) => {
        const sum = a + b
        const expected = sum < INT64_MIN || sum > INT64_MAX ? null : sum
        const got = addInt64(parseInteger(String(a))!, parseInteger(String(b))!)
        assert.equal(got === null ? null : BigInt(got), expected)
      }),
      { numRuns: 5_000 },
    )
  })
})

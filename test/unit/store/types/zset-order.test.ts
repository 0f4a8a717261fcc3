// Tests of the sorted-set order and its binary searches against linear scans.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { pairBefore, pairLowerBound, scoreBound } from '../../../../src/store/types/zset-order.js'

/** Ordered parallel arrays from random pairs (duplicate scores likely, members distinct). */
const ordered = fc
  .uniqueArray(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.string({ maxLength: 3 })), {
    selector: (p) => p[1],
    maxLength: 40,
  })
  .map((pairs) => {
    pairs.sort((a, b) => (pairBefore(a[0], a[1], b[0], b[1]) ? -1 : 1))
    return { scores: pairs.map((p) => p[0]), members: pairs.map((p) => p[1]) }
  })

describe('zset-order', () => {
  it('pairBefore orders by score, then member bytes', () => {
    assert.equal(pairBefore(1, 'b', 2, 'a'), true)
    assert.equal(pairBefore(2, 'a', 2, 'b'), true)
    assert.equal(pairBefore(2, 'b', 2, 'b'), false)
    assert.equal(pairBefore(2, '\xff', 2, 'a'), false)
  })

  it('pairLowerBound is the first pair not before the probe', () => {
    fc.assert(
      fc.property(ordered, fc.integer({ min: -6, max: 6 }), fc.string({ maxLength: 3 }), (a, s, m) => {
        let expected = 0
        while (expected < a.scores.length && pairBefore(a.scores[expected]!, a.members[expected]!, s, m))
          expected++
        assert.equal(pairLowerBound(a.scores, a.members, s, m), expected)
      }),
      { numRuns: 2000 },
    )
  })

  it('scoreBound counts the scores below (or at) a bound', () => {
    fc.assert(
      fc.property(ordered, fc.integer({ min: -6, max: 6 }), fc.boolean(), (a, s, orEqual) => {
        const expected = a.scores.filter((v) => v < s || (orEqual && v === s)).length
        assert.equal(scoreBound(a.scores, s, orEqual), expected)
      }),
      { numRuns: 2000 },
    )
  })
})

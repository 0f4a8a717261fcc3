import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { lcs, lcsTableBytes } from '../../../src/store/lcs.js'
import { createPrng } from '../../helpers/prng.js'

const b = (s: string): Buffer => Buffer.from(s, 'latin1')
const all = { subsequence: true, matches: true, minMatchLen: 0 }

/** True when 'sub' is a subsequence of 's'. */
function isSubsequence(sub: Buffer, s: Buffer): boolean {
  let j = 0
  for (let i = 0; i < s.length && j < sub.length; i++) if (s[i] === sub[j]) j++
  return j === sub.length
}

describe('lcs', () => {
  it('finds the documented example', () => {
    const r = lcs(b('ohmytext'), b('mynewtext'), all)
    assert.equal(r.len, 6)
    assert.equal(r.subsequence?.toString('latin1'), 'mytext')
    assert.deepEqual(r.matches, [
      { aStart: 4, aEnd: 7, bStart: 5, bEnd: 8, len: 4 },
      { aStart: 2, aEnd: 3, bStart: 0, bEnd: 1, len: 2 },
    ])
  })

  it('drops matches shorter than the minimum length', () => {
    const r = lcs(b('ohmytext'), b('mynewtext'), { ...all, minMatchLen: 4 })
    assert.deepEqual(
      r.matches?.map((m) => m.len),
      [4],
    )
    assert.equal(r.len, 6)
  })

  it('handles empty inputs', () => {
    const r = lcs(b(''), b('abc'), all)
    assert.equal(r.len, 0)
    assert.equal(r.subsequence?.length, 0)
    assert.deepEqual(r.matches, [])
  })

  it('returns a common subsequence of the right length and matches that cover it', () => {
    const rng = createPrng(21)
    for (let round = 0; round < 200; round++) {
      const x = b(rng.string(rng.int(15), 'abc'))
      const y = b(rng.string(rng.int(15), 'abc'))
      const r = lcs(x, y, all)
      const sub = r.subsequence!
      assert.equal(sub.length, r.len)
      assert.ok(isSubsequence(sub, x) && isSubsequence(sub, y))
      let covered = 0
      for (const m of r.matches!) {
        assert.equal(m.aEnd - m.aStart, m.bEnd - m.bStart)
        assert.equal(x.subarray(m.aStart, m.aEnd + 1).toString(), y.subarray(m.bStart, m.bEnd + 1).toString())
        covered += m.len
      }
      assert.equal(covered, r.len)
    }
  })

  it('sizes the table as Redis does', () => {
    assert.equal(lcsTableBytes(600, 600), 601 * 601 * 4)
  })
})

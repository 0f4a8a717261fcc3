import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  type LexRange,
  type ScoreRange,
  SortedSetValue,
  type ZsetLimits,
} from '../../../../src/store/types/sorted-set.js'
import { createPrng, testSeed } from '../../../helpers/prng.js'

type Entry = [member: string, score: number]

const SMALL: ZsetLimits = { maxListpackEntries: 8, maxListpackValue: 4 }

function sortedModel(model: Map<string, number>): Entry[] {
  return [...model].sort((a, b) =>
    a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
  )
}

function contents(z: SortedSetValue, lo = 0, hi = z.size, reverse = false): Entry[] {
  const out: Entry[] = []
  z.forEach(lo, hi, reverse, (m, s) => {
    out.push([m, s])
  })
  return out
}

function scoreRange(min: number, max: number, minex = false, maxex = false): ScoreRange {
  return { min, max, minex, maxex }
}

function lexRange(min: string, max: string): LexRange {
  const item = (s: string) =>
    s === '-'
      ? { bound: { value: '', inf: -1 as const }, ex: true }
      : s === '+'
        ? { bound: { value: '', inf: 1 as const }, ex: true }
        : { bound: { value: s.slice(1), inf: 0 as const }, ex: s[0] === '(' }
  const a = item(min)
  const b = item(max)
  return { min: a.bound, max: b.bound, minex: a.ex, maxex: b.ex }
}

describe('SortedSetValue', () => {
  it('matches a sorted-array model through random writes in both encodings', () => {
    const rng = createPrng(testSeed(7))
    for (let round = 0; round < 20; round++) {
      const z = new SortedSetValue()
      const model = new Map<string, number>()
      for (let step = 0; step < 200; step++) {
        const m = rng.string(rng.range(1, round % 2 === 0 ? 3 : 6), 'abcd')
        const op = rng.int(10)
        if (op < 6) {
          const s = rng.int(8) - 2
          const isNew = !model.has(m)
          assert.equal(z.set(m, s, SMALL), isNew)
          model.set(m, s)
        } else if (op < 8) {
          assert.equal(z.remove(m), model.delete(m))
        } else {
          const [lo, hi] = z.scoreInterval(scoreRange(rng.int(6) - 2, rng.int(6)), false, 0)
          const removed = z.removeInterval(lo, hi)
          const expect = sortedModel(model).slice(lo, hi)
          assert.equal(removed, expect.length)
          for (const [mm] of expect) model.delete(mm)
        }
        assert.deepEqual(contents(z), sortedModel(model))
        assert.equal(z.size, model.size)
      }
      const expected = sortedModel(model)
      expected.forEach(([m, s], i) => {
        assert.equal(z.rank(m), i)
        assert.equal(z.score(m), s)
        assert.deepEqual(z.at(i), [m, s])
      })
      assert.equal(z.rank('zzzzzzz'), -1)
      assert.equal(z.score('zzzzzzz'), undefined)
      for (const [min, max, minex, maxex] of [
        [-10, 10, false, false],
        [0, 0, false, false],
        [0, 0, true, false],
        [-1, 3, true, true],
        [4, 1, false, false],
      ] as const) {
        const inRange = expected.filter(
          ([, s]) => (minex ? s > min : s >= min) && (maxex ? s < max : s <= max),
        )
        const [lo, hi] = z.scoreInterval(scoreRange(min, max, minex, maxex), false, 0)
        assert.deepEqual(contents(z, lo, hi), inRange)
        const [rlo, rhi] = z.scoreInterval(scoreRange(min, max, minex, maxex), true, 1)
        assert.deepEqual(contents(z, rlo, rhi, true), inRange.reverse().slice(1))
      }
    }
  })

  it('converts to a skiplist past either threshold and never back', () => {
    const z = new SortedSetValue()
    for (let i = 0; i < 8; i++) z.set(`m${i}`, i, SMALL)
    assert.equal(z.encoding(), 'listpack')
    z.set('m0', 100, SMALL)
    assert.equal(z.encoding(), 'listpack', 'an update adds no entry')
    z.set('m8', 8, SMALL)
    assert.equal(z.encoding(), 'skiplist')
    z.removeInterval(0, 8)
    assert.equal(z.size, 1)
    assert.equal(z.encoding(), 'skiplist')
    const long = new SortedSetValue()
    long.set('abcd', 1, SMALL)
    assert.equal(long.encoding(), 'listpack')
    long.set('abcde', 1, SMALL)
    assert.equal(long.encoding(), 'skiplist')
    assert.equal(new SortedSetValue(true).encoding(), 'skiplist')
  })

  it('a listpack reads -0 back as 0, a skiplist keeps it', () => {
    const lp = new SortedSetValue()
    lp.set('a', -0, SMALL)
    assert.ok(Object.is(lp.score('a'), 0))
    const sl = new SortedSetValue(true)
    sl.set('a', -0, SMALL)
    assert.ok(Object.is(sl.score('a'), -0))
    const computed = SortedSetValue.fromEntries(['a', 'b'], [-0, 1], SMALL)
    assert.equal(computed.encoding(), 'listpack')
    assert.ok(Object.is(computed.score('a'), 0))
    const big = SortedSetValue.fromEntries(['a', 'bbbbbb'], [-0, 1], SMALL)
    assert.equal(big.encoding(), 'skiplist')
    assert.ok(Object.is(big.score('a'), -0))
  })

  it('lex intervals with equal scores agree between encodings, with offsets from either end', () => {
    const members = ['', 'a', 'aa', 'ab', 'b', 'ba', 'c', '\xff']
    const lp = new SortedSetValue()
    const sl = new SortedSetValue(true)
    for (const m of members) {
      lp.set(m, 0, SMALL)
      sl.set(m, 0, SMALL)
    }
    assert.equal(lp.encoding(), 'listpack')
    const ranges: [string, string][] = [
      ['-', '+'],
      ['[a', '[b'],
      ['(a', '(b'],
      ['[', '(a'],
      ['(ab', '+'],
      ['[c', '[a'],
      ['+', '-'],
      ['[b', '[b'],
      ['(b', '[b'],
    ]
    for (const [min, max] of ranges) {
      const r = lexRange(min, max)
      const expect = members.filter((m) => {
        const gte = r.min.inf !== 0 ? r.min.inf < 0 : r.minex ? m > r.min.value : m >= r.min.value
        const lte = r.max.inf !== 0 ? r.max.inf > 0 : r.maxex ? m < r.max.value : m <= r.max.value
        return gte && lte
      })
      for (const offset of [0, 1, 3, 20]) {
        for (const reverse of [false, true]) {
          const want = (reverse ? [...expect].reverse() : expect).slice(offset)
          for (const z of [lp, sl]) {
            const [lo, hi] = z.lexInterval(r, reverse, offset)
            const got = contents(z, lo, hi, reverse).map(([m]) => m)
            assert.deepEqual(got, want, `${z.encoding()} ${min} ${max} offset ${offset} reverse ${reverse}`)
          }
        }
      }
      assert.deepEqual(lp.lexInterval(r, false, -1), [0, 0], 'a negative offset selects nothing')
    }
  })

  it('clone is deep and scanStep visits every member of a skiplist once', () => {
    const z = new SortedSetValue(true)
    for (let i = 0; i < 1000; i++) z.set(`m${i}`, i % 7, SMALL)
    const copy = z.clone()
    z.remove('m1')
    assert.equal(copy.score('m1'), 1)
    assert.equal(copy.size, 1000)
    assert.deepEqual(contents(copy), contents(copy.clone()))
    const seen = new Map<string, number>()
    let cursor = 0
    do {
      const out: string[] = []
      cursor = copy.scanStep(cursor, out)
      for (const m of out) seen.set(m, (seen.get(m) ?? 0) + 1)
    } while (cursor !== 0)
    assert.equal(seen.size, 1000)
    assert.ok([...seen.values()].every((n) => n === 1))
    copy.set('new', 1, SMALL)
    copy.remove('m2')
    const after = new Set<string>()
    cursor = 0
    do {
      const out: string[] = []
      cursor = copy.scanStep(cursor, out)
      for (const m of out) after.add(m)
    } while (cursor !== 0)
    assert.ok(after.has('new') && !after.has('m2') && after.size === 1000, 'the index follows writes')
    assert.throws(() => new SortedSetValue().scanStep(0, []))
  })

  it('estimateBytes grows with members and reflects the encoding', () => {
    const lp = new SortedSetValue()
    const sl = new SortedSetValue(true)
    const empty = lp.estimateBytes()
    for (let i = 0; i < 5; i++) {
      lp.set(`m${i}`, i, SMALL)
      sl.set(`m${i}`, i, SMALL)
    }
    assert.ok(lp.estimateBytes() > empty)
    assert.ok(sl.estimateBytes() > lp.estimateBytes())
    lp.removeInterval(0, 5)
    assert.equal(lp.estimateBytes(), empty)
  })
})

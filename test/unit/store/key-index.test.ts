import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hashKey, KeyIndex } from '../../../src/store/key-index.js'
import { createPrng, type Prng, testSeed } from '../../helpers/prng.js'

/** Checks that 'ix' holds exactly the keys of 'model' and that its sizes respect the load bounds. */
function assertMatches(ix: KeyIndex, model: Set<string>): void {
  assert.equal(ix.count, model.size)
  for (const k of model) assert.ok(ix.find(k) >= 0, `key ${k} missing from the index`)
  if (ix.buckets > 4) {
    assert.ok(ix.count <= ix.buckets, `load above 1: ${ix.count} keys in ${ix.buckets} buckets`)
    assert.ok(ix.count * 8 >= ix.buckets, `table too sparse: ${ix.count} keys in ${ix.buckets} buckets`)
  }
}

/** Every key one full scan returns, with how many times. */
function fullScan(ix: KeyIndex): Map<string, number> {
  const seen = new Map<string, number>()
  let cursor = 0
  let steps = 0
  do {
    const out: string[] = []
    cursor = ix.scanStep(cursor, out)
    for (const k of out) seen.set(k, (seen.get(k) ?? 0) + 1)
    assert.ok(++steps <= ix.buckets, 'a scan of a stable table visits each bucket once')
  } while (cursor !== 0)
  return seen
}

function randomKey(rng: Prng): string {
  return `k${rng.int(5000)}`
}

describe('KeyIndex', () => {
  it('hashKey is deterministic per seed and spreads similar keys', () => {
    assert.equal(hashKey('abc', 1), hashKey('abc', 1))
    assert.notEqual(hashKey('abc', 1), hashKey('abc', 2))
    const buckets = new Set<number>()
    for (let i = 0; i < 1024; i++) buckets.add(hashKey(`key:${i}`, 7) & 1023)
    // 1024 keys into 1024 buckets: a decent hash fills about 63% of them.
    assert.ok(buckets.size > 550, `only ${buckets.size} buckets used`)
  })

  it('stays equal to a Set model through random adds and removes, growing and shrinking', () => {
    const rng = createPrng(testSeed(101))
    const ix = new KeyIndex()
    const model = new Set<string>()
    for (let round = 0; round < 4; round++) {
      // Grow to a few thousand keys, then drain most of them (forces shrinks).
      for (let i = 0; i < 6000; i++) {
        const k = randomKey(rng)
        if (!model.has(k)) {
          ix.add(k, 0)
          model.add(k)
        }
      }
      assertMatches(ix, model)
      for (const k of [...model]) {
        if (rng.bool(0.95)) {
          assert.equal(ix.remove(k), true)
          model.delete(k)
        }
      }
      assertMatches(ix, model)
      assert.equal(ix.remove('absent'), false)
    }
  })

  it('a full scan of a stable table returns every key exactly once', () => {
    const ix = new KeyIndex()
    for (let i = 0; i < 3000; i++) ix.add(`key:${i}`, 0)
    const seen = fullScan(ix)
    assert.equal(seen.size, 3000)
    for (const [k, n] of seen) assert.equal(n, 1, `${k} returned ${n} times`)
  })

  it('returns every key present for the whole scan while keys are added and removed between steps', () => {
    const seed = testSeed(202)
    for (let trial = 0; trial < 12; trial++) {
      const rng = createPrng(seed + trial)
      const ix = new KeyIndex()
      const live = new Set<string>()
      const initial = rng.range(0, 3000)
      for (let i = 0; i < initial; i++) {
        const k = `s${i}`
        ix.add(k, 0)
        live.add(k)
      }
      // Keys that exist now and are never removed during this scan must all come back.
      const stable = new Set([...live].filter(() => rng.bool(0.3)))
      const seen = new Set<string>()
      let cursor = 0
      let steps = 0
      do {
        const out: string[] = []
        cursor = ix.scanStep(cursor, out)
        for (const k of out) {
          assert.ok(live.has(k), `scan returned ${k}, which is not in the index`)
          seen.add(k)
        }
        // Churn between steps: sometimes a burst that grows or shrinks the table a lot.
        // The size wanders between 0 and about 4x the start, so the scan must end.
        const burst = rng.bool(0.05) ? 2000 : 20
        const cap = 4 * initial + 200
        const grow = live.size < cap && (live.size <= stable.size || rng.bool(0.5))
        for (let i = 0; i < burst; i++) {
          if (grow || live.size === 0) {
            const k = `n${rng.int(1e6)}`
            if (!live.has(k)) {
              ix.add(k, 0)
              live.add(k)
            }
          } else {
            const victim = ix.randomKey(rng.next)!
            if (!stable.has(victim)) {
              ix.remove(victim)
              live.delete(victim)
            }
          }
        }
        assert.ok(++steps < 1e6, 'the scan must terminate')
      } while (cursor !== 0)
      for (const k of stable)
        assert.ok(seen.has(k), `seed ${seed + trial}: ${k} was present throughout but never returned`)
    }
  })

  it('maps any cursor, even one from a larger table, onto a bucket and finishes', () => {
    const ix = new KeyIndex()
    for (let i = 0; i < 100; i++) ix.add(`x${i}`, 0)
    let cursor = 0x7fffffff
    let steps = 0
    do {
      cursor = ix.scanStep(cursor, [])
      steps++
    } while (cursor !== 0)
    assert.ok(steps <= ix.buckets)
  })

  it('randomKey is uniform over the keys and undefined when empty', () => {
    const ix = new KeyIndex()
    assert.equal(ix.randomKey(), undefined)
    const rng = createPrng(testSeed(303))
    for (let i = 0; i < 50; i++) ix.add(`r${i}`, 0)
    // Remove some, so entries have been moved around by the dense removal.
    for (let i = 0; i < 50; i += 3) ix.remove(`r${i}`)
    const counts = new Map<string, number>()
    const draws = 40000
    for (let i = 0; i < draws; i++) {
      const k = ix.randomKey(rng.next)!
      assert.ok(ix.find(k) >= 0)
      counts.set(k, (counts.get(k) ?? 0) + 1)
    }
    assert.equal(counts.size, ix.count)
    const expected = draws / ix.count
    for (const [k, n] of counts)
      assert.ok(Math.abs(n - expected) < expected * 0.25, `${k} drawn ${n} times, expected ~${expected}`)
  })

  it('keeps metadata words with their keys when removals move entries', () => {
    const ix = new KeyIndex()
    ix.setMetaEnabled(0)
    for (let i = 0; i < 200; i++) ix.add(`m${i}`, i)
    for (let i = 0; i < 200; i += 2) ix.remove(`m${i}`)
    for (let i = 1; i < 200; i += 2) assert.equal(ix.getMeta(ix.find(`m${i}`)), i)
    ix.setMetaEnabled(null)
    assert.equal(ix.hasMeta, false)
    assert.equal(ix.getMeta(ix.find('m1')), 0)
  })

  it('rebuild replaces the content', () => {
    const ix = new KeyIndex()
    ix.add('old', 0)
    ix.rebuild(['a', 'b', 'c'], 0)
    assert.equal(ix.count, 3)
    assert.equal(ix.find('old'), -1)
    assert.deepEqual([...fullScan(ix).keys()].sort(), ['a', 'b', 'c'])
  })
})

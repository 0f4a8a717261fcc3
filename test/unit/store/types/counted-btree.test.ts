import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { CountedBTree } from '../../../../src/store/types/counted-btree.js'
import { compareLex, type LexBound } from '../../../../src/store/types/lex-bound.js'
import { SkipList } from '../../../../src/store/types/skip-list.js'
import { createPrng, testSeed } from '../../../helpers/prng.js'

/** A full garbage collection (exposing gc() to a fresh context, as --expose-gc would). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  gc()
}

type Entry = [member: string, score: number]

function order(a: Entry, b: Entry): number {
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0
}

function all(t: CountedBTree, reverse = false): Entry[] {
  const out: Entry[] = []
  t.forEach(0, t.length, reverse, (m, s) => {
    out.push([m, s])
  })
  return out
}

/** Checks every query against the sorted model. */
function check(t: CountedBTree, model: Map<string, number>): void {
  const sorted = [...model].sort(order)
  assert.equal(t.length, sorted.length, 'length')
  assert.deepEqual(all(t), sorted, 'ascending walk')
  assert.deepEqual(all(t, true), [...sorted].reverse(), 'descending walk')
  for (let i = 0; i < sorted.length; i += Math.max(1, sorted.length >> 6)) {
    const [m, s] = sorted[i] as Entry
    assert.equal(t.rank(s, m), i + 1, `rank of ${m}`)
    assert.deepEqual(t.at(i), [m, s], `at(${i})`)
  }
  assert.equal(t.at(sorted.length), null)
  for (const probe of [-1, 0, 3, 3.5, 50, 1e9]) {
    assert.equal(t.countScoreBelow(probe, false), sorted.filter(([, s]) => s < probe).length, `< ${probe}`)
    assert.equal(t.countScoreBelow(probe, true), sorted.filter(([, s]) => s <= probe).length, `<= ${probe}`)
  }
}

describe('CountedBTree', () => {
  it('matches a sorted model through random inserts, deletes, updates and range deletes', () => {
    const rng = createPrng(testSeed(2024))
    const t = new CountedBTree()
    const model = new Map<string, number>()
    for (let step = 0; step < 20000; step++) {
      const op = rng.int(100)
      const m = `m${rng.int(3000)}`
      const cur = model.get(m)
      if (op < 55) {
        const s = rng.int(60)
        if (cur === undefined) t.insert(s, m)
        else t.updateScore(cur, m, s)
        model.set(m, s)
      } else if (op < 95) {
        assert.equal(t.delete(cur ?? 0, m), cur !== undefined)
        model.delete(m)
      } else if (op < 97 && model.size > 0) {
        const sorted = [...model].sort(order)
        const start = rng.int(sorted.length)
        const end = Math.min(sorted.length - 1, start + rng.int(300))
        const removed: string[] = []
        assert.equal(
          t.deleteRange(start, end, (x) => removed.push(x)),
          end - start + 1,
        )
        assert.deepEqual(
          removed,
          sorted.slice(start, end + 1).map(([x]) => x),
        )
        for (const x of removed) model.delete(x)
      }
      if (step % 2000 === 0) check(t, model)
    }
    check(t, model)
  })

  it('grows and shrinks through sorted bulk inserts and deletes from either end', () => {
    const t = new CountedBTree()
    const model = new Map<string, number>()
    for (let i = 0; i < 50000; i++) {
      t.insert(i, `k${i}`)
      model.set(`k${i}`, i)
    }
    check(t, model)
    for (let i = 0; i < 20000; i++) {
      assert.ok(t.delete(i, `k${i}`))
      model.delete(`k${i}`)
    }
    for (let i = 49999; i >= 40000; i--) {
      assert.ok(t.delete(i, `k${i}`))
      model.delete(`k${i}`)
    }
    check(t, model)
    assert.equal(
      t.deleteRange(0, t.length - 1, () => {}),
      20000,
    )
    assert.equal(t.length, 0)
    check(t, new Map())
    t.insert(1, 'again')
    assert.deepEqual(all(t), [['again', 1]])
  })

  it('merges sparse leaves, so memory follows the live elements after mass deletes', () => {
    const rng = createPrng(testSeed(11))
    const t = new CountedBTree()
    const n = 40000
    for (let i = 0; i < n; i++) t.insert(i, 'x')
    const grown = t.shape()
    assert.ok(grown.height >= 3, `height ${grown.height} for ${n} sorted inserts`)
    assert.ok(grown.leaves <= Math.ceil(n / 64) + 1, `rising inserts fill leaves: ${grown.leaves} leaves`)
    const falling = new CountedBTree()
    for (let i = n; i > 0; i--) falling.insert(i, 'y')
    assert.ok(falling.shape().leaves <= Math.ceil(n / 64) + 1, `falling inserts fill leaves too`)
    assert.equal(falling.rank(1, 'y'), 1)
    assert.equal(falling.rank(n, 'y'), n)
    const alive = new Set<number>()
    for (let i = 0; i < n; i++) alive.add(i)
    for (let i = 0; i < n; i++) {
      if (rng.bool(0.9)) {
        assert.ok(t.delete(i, 'x'))
        alive.delete(i)
      }
    }
    assert.equal(t.length, alive.size)
    const { leaves } = t.shape()
    assert.ok(leaves <= Math.ceil(t.length / 10) + 64, `${leaves} leaves for ${t.length} elements`)
    let r = 0
    for (const i of [...alive].sort((a, b) => a - b)) assert.equal(t.rank(i, 'x'), ++r)
  })

  it('ranges stop early and cross leaf boundaries both ways', () => {
    const t = new CountedBTree()
    for (let i = 0; i < 1000; i++) t.insert(i, `k${String(i).padStart(4, '0')}`)
    const seen: string[] = []
    t.forEach(60, 200, true, (m) => {
      seen.push(m)
      return seen.length < 100
    })
    assert.equal(seen.length, 100)
    assert.equal(seen[0], 'k0199')
    assert.equal(seen[99], 'k0100')
    const asc: number[] = []
    t.forEach(-5, 70, false, (_, s) => {
      asc.push(s)
    })
    assert.deepEqual(
      asc,
      Array.from({ length: 70 }, (_, i) => i),
    )
  })

  it('counts lex bounds over equal scores like a linear scan', () => {
    const rng = createPrng(testSeed(5))
    const t = new CountedBTree()
    const members = new Set<string>()
    for (let i = 0; i < 2000; i++) members.add(rng.string(rng.range(0, 4), 'abc\0\xff'))
    for (const m of members) t.insert(0, m)
    const sorted = [...members].sort()
    const bounds: LexBound[] = [
      { value: '', inf: -1 },
      { value: '', inf: 1 },
      { value: '', inf: 0 },
      { value: 'b', inf: 0 },
      { value: 'b\0', inf: 0 },
      { value: '\xff\xff\xff', inf: 0 },
    ]
    for (const b of bounds) {
      assert.equal(t.countLexBelow(b, false), sorted.filter((m) => compareLex(m, b) < 0).length)
      assert.equal(t.countLexBelow(b, true), sorted.filter((m) => compareLex(m, b) <= 0).length)
    }
  })

  it('keeps no reference to a structure once its last operation is done', async () => {
    const heap = (): number => {
      collectGarbage()
      return process.memoryUsage().heapUsed
    }
    let nodeRef: WeakRef<object> | null = null
    let built = 0
    const h0 = heap()
    const build = (): void => {
      const t = new CountedBTree()
      const sl = new SkipList()
      nodeRef = new WeakRef(sl.insert(-2, 'first'))
      for (let i = 0; i < 100000; i++) t.insert(i, `k${i}`)
      for (let i = 0; i < 1000; i++) sl.insert(i, `k${i}`)
      built = heap() - h0
      t.delete(2500, 'k2500')
      sl.delete(500, 'k500')
      t.deleteRange(10, 20, () => {})
      sl.deleteRange(10, 20, () => {})
      t.insert(-1, 'last')
      sl.insert(-1, 'last')
    }
    build()
    // A WeakRef's target lives at least until the end of the job that created it.
    await new Promise((r) => setImmediate(r))
    const left = heap() - h0
    assert.ok(built > 3_000_000, `the structures took ${built} bytes`)
    assert.ok(left < built / 4, `${left} of ${built} bytes still reachable after dropping both structures`)
    assert.equal(
      (nodeRef as WeakRef<object> | null)?.deref(),
      undefined,
      'a dropped skip list stays reachable',
    )
  })

  it('rejects absent elements', () => {
    const t = new CountedBTree()
    assert.equal(t.delete(1, 'x'), false)
    assert.equal(t.rank(1, 'x'), 0)
    for (let i = 0; i < 500; i++) t.insert(i, 'x')
    assert.equal(t.delete(1000, 'x'), false)
    assert.equal(t.delete(5, 'y'), false)
    assert.equal(t.rank(5, 'w'), 0)
    assert.throws(() => t.updateScore(5000, 'x', 1))
  })
})

/**
 * Sorted-set scaling: builds skiplist-encoded sets of 10^4, 10^5 and 10^6 members in process
 * (SortedSetValue: member Map plus counted B+tree, no sockets) and times, at each size, the
 * per-operation cost of ZADD (building the set, then adding and removing a member), ZSCORE,
 * ZRANK, ZRANGE by rank and ZRANGE BYSCORE (10 members from a random place). For O(log n)
 * operations ns/op grows by a small step per tenfold size and ns/op / log2(n) stays roughly flat
 * (cache misses add to it as the set outgrows the CPU caches); an O(n) one would grow tenfold.
 * With --compare it also times the same operations on the two ordered structures alone, the
 * counted B+tree and the skip list with spans, which is how the B+tree was chosen.
 * Bounded: fixed sizes and operation counts, one process, about a minute with --compare.
 *
 *   npx tsc -p tsconfig.json && node --expose-gc dist/bench/macro/zset-scaling.js [--compare]
 *   ZSET_SIZES=10000,100000 node dist/bench/macro/zset-scaling.js   # skip the 10^6 set
 */

import { performance } from 'node:perf_hooks'
import { CountedBTree } from '../../src/store/types/counted-btree.js'
import { SkipList } from '../../src/store/types/skip-list.js'
import { SortedSetValue, type ZsetLimits } from '../../src/store/types/sorted-set.js'

const SIZES = (process.env.ZSET_SIZES ?? '10000,100000,1000000').split(',').map(Number)
const COMPARE = process.argv.includes('--compare')
/** Timed operations per measurement (after a warm-up of a tenth as many). */
const OPS = 100_000
const RANGE_LEN = 10
const LIMITS: ZsetLimits = { maxListpackEntries: 128, maxListpackValue: 64 }
const gc = (globalThis as { gc?: () => void }).gc

/** xorshift32, seeded: the same sets and probes every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 4294967296
  }
}

/** Runs 'op' OPS times (after a warm-up) and returns nanoseconds per call. */
function time(op: (i: number) => void): number {
  for (let i = 0; i < OPS / 10; i++) op(i)
  const t0 = performance.now()
  for (let i = 0; i < OPS; i++) op(i)
  return ((performance.now() - t0) * 1e6) / OPS
}

/** Live heap bytes after full collections (meaningful only under --expose-gc). */
function heap(): number {
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed
}

type Row = Record<string, number>
let sink = 0
const collect = (m: string, s: number): void => {
  sink += s + m.length
}

/** The commands' costs on a SortedSetValue of 'n' members. */
function measureZset(n: number): Row {
  const rand = rng(n)
  const members: string[] = []
  for (let i = 0; i < n; i++) members.push(`member:${i}`)
  const h0 = heap()
  const z = new SortedSetValue(true)
  const t0 = performance.now()
  for (let i = 0; i < n; i++) z.set(members[i] as string, Math.floor(rand() * n * 4) / 4, LIMITS)
  const build = ((performance.now() - t0) * 1e6) / n
  const bytes = (heap() - h0) / n
  const pick = (): string => members[Math.floor(rand() * n)] as string
  return {
    'build/insert': build,
    'ZADD+ZREM': time((i) => {
      const m = `fresh:${i}`
      z.set(m, rand() * n, LIMITS)
      z.remove(m)
    }),
    ZSCORE: time(() => {
      sink += z.score(pick()) ?? 0
    }),
    ZRANK: time(() => {
      sink += z.rank(pick())
    }),
    'ZRANGE rank': time(() => {
      const start = Math.floor(rand() * (n - RANGE_LEN))
      z.forEach(start, start + RANGE_LEN, false, collect)
    }),
    'ZRANGE BYSCORE': time(() => {
      const min = rand() * n
      const [lo, hi] = z.scoreInterval(
        { min, max: Number.POSITIVE_INFINITY, minex: false, maxex: false },
        false,
        0,
      )
      z.forEach(lo, Math.min(hi, lo + RANGE_LEN), false, collect)
    }),
    'heap B/member': bytes,
  }
}

/** The ordered structure alone: B+tree or skip list. */
function measureStructure(n: number, make: () => CountedBTree | SkipList): Row {
  const rand = rng(n + 1)
  const members: string[] = []
  const scores: number[] = []
  for (let i = 0; i < n; i++) {
    members.push(`member:${i}`)
    scores.push(Math.floor(rand() * n))
  }
  // Held through one field so that dropping it frees the structure (memory column).
  const holder: { t: CountedBTree | SkipList | null } = { t: make() }
  const tree = (): CountedBTree | SkipList => holder.t as CountedBTree | SkipList
  const t0 = performance.now()
  for (let i = 0; i < n; i++) tree().insert(scores[i] as number, members[i] as string)
  const build = ((performance.now() - t0) * 1e6) / n
  const pickIndex = (): number => Math.floor(rand() * n)
  const row: Row = {
    insert: build,
    'delete+insert': time(() => {
      const j = pickIndex()
      tree().delete(scores[j] as number, members[j] as string)
      tree().insert(scores[j] as number, members[j] as string)
    }),
    rank: time(() => {
      const j = pickIndex()
      sink += tree().rank(scores[j] as number, members[j] as string)
    }),
    'range by rank': time(() => {
      const start = Math.floor(rand() * (n - RANGE_LEN))
      tree().forEach(start, start + RANGE_LEN, false, collect)
    }),
    'range by score': time(() => {
      const lo = tree().countScoreBelow(rand() * n, false)
      tree().forEach(lo, lo + RANGE_LEN, false, collect)
    }),
  }
  // Memory: the heap with the structure, less the heap once it is dropped (members stay).
  const withIt = heap()
  holder.t = null
  row['heap B/elem'] = (withIt - heap()) / n
  return row
}

const pad = (s: string, w: number): string => s.padStart(w)

function table(title: string, rows: [number, Row][]): void {
  const cols = Object.keys(rows[0]?.[1] ?? {})
  console.log(`\n${title}`)
  console.log(pad('members', 10) + cols.map((h) => pad(h, 16)).join(''))
  for (const [n, r] of rows)
    console.log(pad(String(n), 10) + cols.map((k) => pad((r[k] ?? 0).toFixed(0), 16)).join(''))
}

function curve(rows: [number, Row][]): void {
  const cols = Object.keys(rows[0]?.[1] ?? {}).filter((k) => !k.startsWith('heap'))
  console.log('ns/op divided by log2(members): flat for O(log n)')
  for (const [n, r] of rows) {
    const l = Math.log2(n)
    console.log(pad(String(n), 10) + cols.map((k) => pad(((r[k] ?? 0) / l).toFixed(1), 16)).join(''))
  }
  if (rows.length < 2) return
  const [na, a] = rows[0] as [number, Row]
  const [nb, b] = rows[rows.length - 1] as [number, Row]
  console.log(
    `${nb / na}x more members (log2 ratio ${(Math.log2(nb) / Math.log2(na)).toFixed(2)}x): time per op grew`,
  )
  console.log(cols.map((k) => `  ${k} ${((b[k] ?? 0) / (a[k] ?? 1)).toFixed(2)}x`).join(''))
}

const zrows: [number, Row][] = SIZES.map((n) => [n, measureZset(n)])
table(
  `SortedSetValue, skiplist encoding (counted B+tree), ns per operation; ranges return ${RANGE_LEN}`,
  zrows,
)
curve(zrows)
console.log('(ZSCORE is one Map lookup, O(1): its growth is the cost of leaving the CPU caches, which the')
console.log(' O(log n) columns pay as well; what they add beyond it is the logarithmic part.)')
if (COMPARE) {
  const bt: [number, Row][] = SIZES.map((n) => [n, measureStructure(n, () => new CountedBTree())])
  table('counted B+tree alone, ns per operation', bt)
  curve(bt)
  const sl: [number, Row][] = SIZES.map((n) => [n, measureStructure(n, () => new SkipList())])
  table('skip list with spans alone, ns per operation', sl)
  curve(sl)
}
if (sink === Number.NEGATIVE_INFINITY) console.log('unreachable')

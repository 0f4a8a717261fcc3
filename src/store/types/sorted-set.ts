/**
 * The sorted-set type with Redis 7.0's two encodings. "listpack": two parallel arrays (members,
 * scores) kept in (score, member) order, searched linearly or by bisection as Redis walks its
 * listpack; used while the set has at most zset-max-listpack-entries members of at most
 * zset-max-listpack-value bytes. "skiplist" (Redis's name, kept for OBJECT ENCODING): a member
 * -> score Map plus a counted B+tree (O(log n) rank and range; it measured several times faster
 * than a skip list here, see counted-btree.ts), and a KeyIndex built on the first ZSCAN.
 * A set converts once and for good, as Redis's does. Every range is expressed as a half-open
 * interval of 0-based ranks, so commands share one iteration path.
 * See https://redis.io/docs/data-types/sorted-sets/
 */

import { KeyIndex } from '../key-index.js'
import type { StoredObject } from '../value.js'
import { CountedBTree } from './counted-btree.js'
import { compareLex, type LexBound } from './lex-bound.js'
import { pairLowerBound, scoreBound } from './zset-order.js'

export { compareLex, type LexBound } from './lex-bound.js'

/** Encoding thresholds (zset-max-listpack-entries, zset-max-listpack-value). */
export interface ZsetLimits {
  readonly maxListpackEntries: number
  readonly maxListpackValue: number
}

/** Redis 7.0's default thresholds. */
export const DEFAULT_ZSET_LIMITS: ZsetLimits = { maxListpackEntries: 128, maxListpackValue: 64 }

/** A score interval as ZRANGEBYSCORE takes it ("(1.5" is exclusive). */
export interface ScoreRange {
  readonly min: number
  readonly max: number
  readonly minex: boolean
  readonly maxex: boolean
}

/** A lexicographic interval as ZRANGEBYLEX takes it ("-" and "+" are always exclusive). */
export interface LexRange {
  readonly min: LexBound
  readonly max: LexBound
  readonly minex: boolean
  readonly maxex: boolean
}

/** Estimated fixed cost of the object, and per element of each encoding (beyond the member). */
const OBJECT_BYTES = 96
const LISTPACK_ENTRY_BYTES = 16
const SKIPLIST_ENTRY_BYTES = 72

/**
 * The indexes of the pairs ('members'[i], 'scores'[i]) in sorted-set order: by score, then
 * member bytes. O(n log n).
 */
export function sortedOrder(members: readonly string[], scores: readonly number[]): number[] {
  const order = members.map((_, i) => i)
  order.sort((a, b) => {
    const sa = scores[a] as number
    const sb = scores[b] as number
    if (sa !== sb) return sa < sb ? -1 : 1
    const ma = members[a] as string
    const mb = members[b] as string
    return ma < mb ? -1 : ma > mb ? 1 : 0
  })
  return order
}

/** Listpacks store integral scores as integers, so a -0 comes back as 0 (redis 7.0 zzlInsertAt). */
function listpackScore(score: number): number {
  return score === 0 ? 0 : score
}

/** True when the lex interval can hold nothing (Redis's zslIsInLexRange first test). */
function lexRangeEmpty(r: LexRange): boolean {
  const a = r.min
  const b = r.max
  let cmp: number
  if (a.inf !== 0 || b.inf !== 0) cmp = a.inf === b.inf ? 0 : a.inf === -1 || b.inf === 1 ? -1 : 1
  else cmp = a.value < b.value ? -1 : a.value > b.value ? 1 : 0
  return cmp > 0 || (cmp === 0 && (r.minex || r.maxex))
}

function gteMin(member: string, r: LexRange): boolean {
  const c = compareLex(member, r.min)
  return r.minex ? c > 0 : c >= 0
}

function lteMax(member: string, r: LexRange): boolean {
  const c = compareLex(member, r.max)
  return r.maxex ? c < 0 : c <= 0
}

export class SortedSetValue implements StoredObject {
  readonly typeName = 'zset' as const
  /** Listpack form: members and scores in order; null once converted. */
  private lpMembers: string[] | null = []
  private lpScores: number[] | null = []
  /** Skiplist form (the ordered half is a counted B+tree). */
  private dict: Map<string, number> | null = null
  private tree: CountedBTree | null = null
  /** Member index for ZSCAN cursors, built on the first scan of a skiplist-encoded set. */
  private index: KeyIndex | null = null
  /** Sum of member lengths (memory estimate). */
  private strBytes = 0

  /** An empty set; 'skiplist' starts it in the skiplist encoding (zset-max-listpack-* exceeded). */
  constructor(skiplist = false) {
    if (skiplist) this.convert()
  }

  /**
   * A new set holding 'entries' (distinct members), encoded as Redis encodes a computed result
   * (zsetConvertToListpackIfNeeded): listpack when it fits 'limits', else skiplist.
   */
  static fromEntries(
    members: readonly string[],
    scores: readonly number[],
    limits: ZsetLimits,
  ): SortedSetValue {
    let maxLen = 0
    for (const m of members) if (m.length > maxLen) maxLen = m.length
    const fits = members.length <= limits.maxListpackEntries && maxLen <= limits.maxListpackValue
    const z = new SortedSetValue(!fits)
    const order = sortedOrder(members, scores)
    if (fits) {
      const lm = z.lpMembers as string[]
      const ls = z.lpScores as number[]
      for (const i of order) {
        lm.push(members[i] as string)
        ls.push(listpackScore(scores[i] as number))
      }
    } else {
      const dict = z.dict as Map<string, number>
      const tree = z.tree as CountedBTree
      for (const i of order) {
        dict.set(members[i] as string, scores[i] as number)
        tree.insert(scores[i] as number, members[i] as string)
      }
    }
    for (const m of members) z.strBytes += m.length
    return z
  }

  get size(): number {
    return this.lpMembers !== null ? this.lpMembers.length : (this.tree as CountedBTree).length
  }

  get isListpack(): boolean {
    return this.lpMembers !== null
  }

  encoding(): string {
    return this.lpMembers !== null ? 'listpack' : 'skiplist'
  }

  /** Score of 'member', or undefined. */
  score(member: string): number | undefined {
    const lm = this.lpMembers
    if (lm !== null) {
      const i = lm.indexOf(member)
      return i < 0 ? undefined : (this.lpScores as number[])[i]
    }
    return (this.dict as Map<string, number>).get(member)
  }

  /** 0-based rank of 'member' in ascending order, or -1. */
  rank(member: string): number {
    const lm = this.lpMembers
    if (lm !== null) return lm.indexOf(member)
    const s = (this.dict as Map<string, number>).get(member)
    if (s === undefined) return -1
    return (this.tree as CountedBTree).rank(s, member) - 1
  }

  /**
   * Sets the score of 'member' (zsetAdd's insert/update without the option logic); returns true
   * when the member is new. A new member converts a listpack that would pass 'limits' first.
   */
  set(member: string, score: number, limits: ZsetLimits): boolean {
    const lm = this.lpMembers
    if (lm !== null) {
      const i = lm.indexOf(member)
      if (i >= 0) {
        const ls = this.lpScores as number[]
        if (ls[i] === score) return false
        lm.splice(i, 1)
        ls.splice(i, 1)
        this.lpInsert(member, score)
        return false
      }
      if (lm.length + 1 > limits.maxListpackEntries || member.length > limits.maxListpackValue) {
        this.convert()
      } else {
        this.lpInsert(member, score)
        this.strBytes += member.length
        return true
      }
    }
    const dict = this.dict as Map<string, number>
    const tree = this.tree as CountedBTree
    const cur = dict.get(member)
    if (cur !== undefined) {
      if (cur !== score) {
        dict.set(member, score)
        tree.updateScore(cur, member, score)
      }
      return false
    }
    dict.set(member, score)
    tree.insert(score, member)
    if (this.index !== null) this.index.add(member, 0)
    this.strBytes += member.length
    return true
  }

  /** Removes 'member'; returns true when it was there. */
  remove(member: string): boolean {
    const lm = this.lpMembers
    if (lm !== null) {
      const i = lm.indexOf(member)
      if (i < 0) return false
      lm.splice(i, 1)
      ;(this.lpScores as number[]).splice(i, 1)
    } else {
      const dict = this.dict as Map<string, number>
      const s = dict.get(member)
      if (s === undefined) return false
      dict.delete(member)
      ;(this.tree as CountedBTree).delete(s, member)
      if (this.index !== null) this.index.remove(member)
    }
    this.strBytes -= member.length
    return true
  }

  // --- Ranges as rank intervals ---

  /**
   * Ranks [lo, hi) of the elements whose score is in 'r', after skipping 'offset' elements from
   * the start (or from the end when 'reverse'). Empty when 'offset' is negative (Redis skips
   * the whole set then). O(log n).
   */
  scoreInterval(r: ScoreRange, reverse: boolean, offset: number): [number, number] {
    let lo: number
    let hi: number
    const ls = this.lpScores
    if (ls !== null) {
      lo = scoreBound(ls, r.min, r.minex)
      hi = scoreBound(ls, r.max, !r.maxex)
    } else {
      const tree = this.tree as CountedBTree
      lo = tree.countScoreBelow(r.min, r.minex)
      hi = tree.countScoreBelow(r.max, !r.maxex)
    }
    return applyOffset(lo, hi, reverse, offset)
  }

  /**
   * Ranks [lo, hi) of the elements in the lex interval 'r', after skipping 'offset' elements.
   * Lex ranges assume equal scores; for a listpack this walks as Redis's listpack code does
   * (so mixed scores give Redis's answer), for a skiplist it descends by rank. O(log n), or
   * O(n) for a listpack (n <= zset-max-listpack-entries).
   */
  lexInterval(r: LexRange, reverse: boolean, offset: number): [number, number] {
    if (lexRangeEmpty(r) || offset < 0) return [0, 0]
    const lm = this.lpMembers
    if (lm === null) {
      const tree = this.tree as CountedBTree
      const lo = tree.countLexBelow(r.min, r.minex)
      const hi = tree.countLexBelow(r.max, !r.maxex)
      return applyOffset(lo, hi, reverse, offset)
    }
    const n = lm.length
    // zzlIsInLexRange: the last member must reach the minimum and the first stay under the maximum.
    if (n === 0 || !gteMin(lm[n - 1] as string, r) || !lteMax(lm[0] as string, r)) return [0, 0]
    if (!reverse) {
      let i = 0
      while (!gteMin(lm[i] as string, r)) i++
      if (!lteMax(lm[i] as string, r)) return [0, 0]
      // Redis skips the offset without range checks, then emits while in range.
      let k = i + offset
      const start = k
      while (k < n && lteMax(lm[k] as string, r)) k++
      return start >= n ? [0, 0] : [start, k]
    }
    let j = n - 1
    while (!lteMax(lm[j] as string, r)) j--
    if (!gteMin(lm[j] as string, r)) return [0, 0]
    const end = j - offset
    let k = end
    while (k >= 0 && gteMin(lm[k] as string, r)) k--
    return end < 0 ? [0, 0] : [k + 1, end + 1]
  }

  /**
   * Calls 'fn' for the elements of ranks [lo, hi), ascending or (when 'reverse') descending,
   * stopping early when 'fn' returns false. O(log n + hi - lo). 'fn' must not modify the set.
   */
  forEach(lo: number, hi: number, reverse: boolean, fn: (member: string, score: number) => unknown): void {
    if (lo < 0) lo = 0
    if (hi > this.size) hi = this.size
    if (lo >= hi) return
    const lm = this.lpMembers
    if (lm !== null) {
      const ls = this.lpScores as number[]
      if (reverse) {
        for (let i = hi - 1; i >= lo; i--) if (fn(lm[i] as string, ls[i] as number) === false) return
      } else {
        for (let i = lo; i < hi; i++) if (fn(lm[i] as string, ls[i] as number) === false) return
      }
      return
    }
    ;(this.tree as CountedBTree).forEach(lo, hi, reverse, fn)
  }

  /** Member and score at 0-based 'rank' (0 <= rank < size). O(log n). */
  at(rank: number): [string, number] {
    const lm = this.lpMembers
    if (lm !== null) return [lm[rank] as string, (this.lpScores as number[])[rank] as number]
    const e = (this.tree as CountedBTree).at(rank)
    if (e === null) throw new RangeError(`SortedSetValue.at(${rank}) of ${this.size}`)
    return e
  }

  /** Removes the elements of ranks [lo, hi); returns how many. O(log n + removed). */
  removeInterval(lo: number, hi: number): number {
    if (lo < 0) lo = 0
    if (hi > this.size) hi = this.size
    if (lo >= hi) return 0
    const lm = this.lpMembers
    if (lm !== null) {
      for (let i = lo; i < hi; i++) this.strBytes -= (lm[i] as string).length
      lm.splice(lo, hi - lo)
      ;(this.lpScores as number[]).splice(lo, hi - lo)
      return hi - lo
    }
    const dict = this.dict as Map<string, number>
    const index = this.index
    return (this.tree as CountedBTree).deleteRange(lo, hi - 1, (m) => {
      dict.delete(m)
      if (index !== null) index.remove(m)
      this.strBytes -= m.length
    })
  }

  // --- Iteration for ZSCAN ---

  /**
   * One cursor step over a skiplist-encoded set (see KeyIndex.scanStep): appends the members
   * of one bucket to 'out' and returns the next cursor. The index is built on first use (O(n)
   * once) and kept from then on, so members present for a whole scan are returned.
   */
  scanStep(cursor: number, out: string[]): number {
    if (this.dict === null) throw new Error('scanStep() on a listpack')
    if (this.index === null) {
      const index = new KeyIndex()
      for (const m of this.dict.keys()) index.add(m, 0)
      this.index = index
    }
    return this.index.scanStep(cursor, out)
  }

  clone(): SortedSetValue {
    const z = new SortedSetValue(this.lpMembers === null)
    z.strBytes = this.strBytes
    if (this.lpMembers !== null) {
      z.lpMembers = this.lpMembers.slice()
      z.lpScores = (this.lpScores as number[]).slice()
    } else {
      this.forEach(0, this.size, false, (m, s) => {
        ;(z.dict as Map<string, number>).set(m, s)
        ;(z.tree as CountedBTree).insert(s, m)
        return true
      })
    }
    return z
  }

  /** Rough bytes, O(1): members plus a per-element overhead of the encoding. */
  estimateBytes(): number {
    const per = this.lpMembers !== null ? LISTPACK_ENTRY_BYTES : SKIPLIST_ENTRY_BYTES
    return OBJECT_BYTES + this.strBytes + this.size * per
  }

  // --- Internals ---

  /** Inserts a member known to be absent into the listpack arrays at its ordered place. */
  private lpInsert(member: string, score: number): void {
    const lm = this.lpMembers as string[]
    const ls = this.lpScores as number[]
    score = listpackScore(score)
    const lo = pairLowerBound(ls, lm, score, member)
    lm.splice(lo, 0, member)
    ls.splice(lo, 0, score)
  }

  /** zsetConvert to the skiplist encoding. Never reverted. */
  private convert(): void {
    const dict = new Map<string, number>()
    const tree = new CountedBTree()
    const lm = this.lpMembers ?? []
    const ls = this.lpScores ?? []
    for (let i = 0; i < lm.length; i++) {
      dict.set(lm[i] as string, ls[i] as number)
      tree.insert(ls[i] as number, lm[i] as string)
    }
    this.dict = dict
    this.tree = tree
    this.lpMembers = null
    this.lpScores = null
  }
}

/** Narrows [lo, hi) by 'offset' elements from the start (or end when 'reverse'). */
function applyOffset(lo: number, hi: number, reverse: boolean, offset: number): [number, number] {
  if (offset < 0 || lo >= hi) return [0, 0]
  if (reverse) hi -= offset
  else lo += offset
  return lo >= hi ? [0, 0] : [lo, hi]
}

/**
 * Skip list with spans (as Redis's zskiplist), kept as the measured alternative to the counted
 * B+tree that large sorted sets use (bench/macro/zset-scaling.ts compares them): nodes
 * ordered by (score, member bytes), each level link carrying the number of nodes it skips, so
 * insert, delete, rank, element-by-rank and "how many elements are below this bound" all take
 * O(log n) expected time. Members are latin1 strings compared by char code (memcmp order).
 * See https://redis.io/docs/data-types/sorted-sets/ and Pugh, "Skip Lists" (1990).
 */

import { compareLex, type LexBound } from './lex-bound.js'

/** Most levels a node may have (Redis's ZSKIPLIST_MAXLEVEL). */
export const SKIPLIST_MAXLEVEL = 32

/** A node gains another level with probability 1/4 (Redis's ZSKIPLIST_P). */
const LEVEL_THRESHOLD = 0x4000

/**
 * Link arrays of exactly 'level' slots. Literals give packed arrays of the right capacity;
 * push() would reserve 17 slots per array, tripling the memory of a typical (level 1) node.
 */
function newLinks(level: number): (SkipListNode | null)[] {
  if (level === 1) return [null]
  if (level === 2) return [null, null]
  if (level === 3) return [null, null, null]
  return new Array<SkipListNode | null>(level).fill(null)
}

function newSpans(level: number): number[] {
  if (level === 1) return [0]
  if (level === 2) return [0, 0]
  if (level === 3) return [0, 0, 0]
  return new Array<number>(level).fill(0)
}

/** One element: its member, score, backward link and per-level forward links with spans. */
export class SkipListNode {
  backward: SkipListNode | null = null
  /** next[i]: the following node on level i (null at the end). */
  readonly next: (SkipListNode | null)[]
  /** span[i]: how many level-0 steps next[i] jumps (0 for a null link from a real node). */
  readonly span: number[]

  constructor(
    readonly member: string,
    public score: number,
    level: number,
  ) {
    this.next = newLinks(level)
    this.span = newSpans(level)
  }
}

/** State of the level generator (xorshift32: cheap, and level choice needs no strong randomness). */
let seed = (Math.random() * 0xffffffff) >>> 0 || 1

/** Redis's zslRandomLevel: 1, then +1 with probability 1/4, capped at SKIPLIST_MAXLEVEL. */
function randomLevel(): number {
  let level = 1
  for (;;) {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    if ((seed & 0xffff) >= LEVEL_THRESHOLD || level >= SKIPLIST_MAXLEVEL) return level
    level++
  }
}

/** True when the node sorts before (score, member). */
function before(n: SkipListNode, score: number, member: string): boolean {
  return n.score < score || (n.score === score && n.member < member)
}

// Scratch arrays for insert/delete (the event loop runs one operation at a time). Entries are
// reset to EMPTY after each operation: stale ones would keep a deleted list reachable.
const EMPTY = new SkipListNode('', 0, 1)
const update: SkipListNode[] = new Array<SkipListNode>(SKIPLIST_MAXLEVEL).fill(EMPTY)

function releaseUpdate(): void {
  update.fill(EMPTY)
}
const rankAt: number[] = new Array<number>(SKIPLIST_MAXLEVEL).fill(0)

/** The ordered structure; the member -> score map lives beside it (store/types/sorted-set.ts). */
export class SkipList {
  readonly header = new SkipListNode('', 0, SKIPLIST_MAXLEVEL)
  tail: SkipListNode | null = null
  length = 0
  /** Levels in use (at least 1). */
  level = 1

  /** First node (lowest score), or null. */
  get first(): SkipListNode | null {
    return this.header.next[0] ?? null
  }

  /**
   * Inserts (score, member), which must not be present (the caller's map says so). Returns the
   * new node. O(log n) expected.
   */
  insert(score: number, member: string): SkipListNode {
    let x = this.header
    for (let i = this.level - 1; i >= 0; i--) {
      rankAt[i] = i === this.level - 1 ? 0 : (rankAt[i + 1] as number)
      let nx = x.next[i] ?? null
      while (nx !== null && before(nx, score, member)) {
        rankAt[i] = (rankAt[i] as number) + (x.span[i] as number)
        x = nx
        nx = x.next[i] ?? null
      }
      update[i] = x
    }
    const level = randomLevel()
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rankAt[i] = 0
        update[i] = this.header
        this.header.span[i] = this.length
      }
      this.level = level
    }
    const node = new SkipListNode(member, score, level)
    const rank0 = rankAt[0] as number
    for (let i = 0; i < level; i++) {
      const u = update[i] as SkipListNode
      node.next[i] = u.next[i] ?? null
      u.next[i] = node
      const passed = rank0 - (rankAt[i] as number)
      node.span[i] = (u.span[i] as number) - passed
      u.span[i] = passed + 1
    }
    for (let i = level; i < this.level; i++) {
      const u = update[i] as SkipListNode
      u.span[i] = (u.span[i] as number) + 1
    }
    const prev = update[0] as SkipListNode
    node.backward = prev === this.header ? null : prev
    const after = node.next[0] ?? null
    if (after !== null) after.backward = node
    else this.tail = node
    this.length++
    releaseUpdate()
    return node
  }

  /** Deletes (score, member); returns false when it is not there. O(log n) expected. */
  delete(score: number, member: string): boolean {
    let x = this.header
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i] ?? null
      while (nx !== null && before(nx, score, member)) {
        x = nx
        nx = x.next[i] ?? null
      }
      update[i] = x
    }
    const node = x.next[0] ?? null
    const found = node !== null && node.score === score && node.member === member
    if (found) this.unlink(node)
    releaseUpdate()
    return found
  }

  /**
   * Changes the score of (curScore, member), which must be present: in place when the node
   * keeps its position (Redis's zslUpdateScore), else by delete and insert.
   */
  updateScore(curScore: number, member: string, newScore: number): void {
    let x = this.header
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i] ?? null
      while (nx !== null && before(nx, curScore, member)) {
        x = nx
        nx = x.next[i] ?? null
      }
      update[i] = x
    }
    const node = x.next[0] ?? null
    if (node === null || node.score !== curScore || node.member !== member) {
      releaseUpdate()
      throw new Error('SkipList.updateScore: element not found')
    }
    const back = node.backward
    const fwd = node.next[0] ?? null
    if (
      (back === null || before(back, newScore, member)) &&
      (fwd === null || !before(fwd, newScore, member))
    ) {
      node.score = newScore
      releaseUpdate()
      return
    }
    this.unlink(node)
    this.insert(newScore, member)
  }

  /** 1-based rank of (score, member), or 0 when absent (Redis's zslGetRank). */
  rank(score: number, member: string): number {
    let x = this.header
    let rank = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i] ?? null
      while (nx !== null && (before(nx, score, member) || (nx.score === score && nx.member === member))) {
        rank += x.span[i] as number
        x = nx
        nx = x.next[i] ?? null
      }
      if (x !== this.header && x.member === member) return rank
    }
    return 0
  }

  /** The node at 0-based 'rank' (0 <= rank < length), or null. O(log n). */
  at(rank: number): SkipListNode | null {
    if (rank < 0 || rank >= this.length) return null
    const target = rank + 1
    let x = this.header
    let traversed = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i] ?? null
      while (nx !== null && traversed + (x.span[i] as number) <= target) {
        traversed += x.span[i] as number
        x = nx
        nx = x.next[i] ?? null
      }
      if (traversed === target) return x
    }
    return null
  }

  /**
   * Calls 'fn' for 0-based ranks [lo, hi), ascending or descending, stopping when it returns
   * false. O(log n + hi - lo).
   */
  forEach(lo: number, hi: number, reverse: boolean, fn: (member: string, score: number) => unknown): void {
    if (lo < 0) lo = 0
    if (hi > this.length) hi = this.length
    if (lo >= hi) return
    let node = this.at(reverse ? hi - 1 : lo)
    for (let n = hi - lo; n > 0 && node !== null; n--) {
      if (fn(node.member, node.score) === false) return
      node = reverse ? node.backward : (node.next[0] ?? null)
    }
  }

  /**
   * How many leading elements have a score below 'score' (at or below it when 'orEqual').
   * Scores are ordered, so this is the rank where a score bound falls. O(log n).
   */
  countScoreBelow(score: number, orEqual: boolean): number {
    let x = this.header
    let count = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i] ?? null
      while (nx !== null && (nx.score < score || (orEqual && nx.score === score))) {
        count += x.span[i] as number
        x = nx
        nx = x.next[i] ?? null
      }
    }
    return count
  }

  /**
   * How many leading elements have a member below 'bound' (at or below it when 'orEqual'),
   * descending as Redis's zslFirstInLexRange does: exact when all scores are equal (the only
   * case lex ranges are defined for).
   */
  countLexBelow(bound: LexBound, orEqual: boolean): number {
    let x = this.header
    let count = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i] ?? null
      while (nx !== null) {
        const cmp = compareLex(nx.member, bound)
        if (cmp > 0 || (cmp === 0 && !orEqual)) break
        count += x.span[i] as number
        x = nx
        nx = x.next[i] ?? null
      }
    }
    return count
  }

  /**
   * Deletes the elements of 0-based ranks 'start'..'end' inclusive, calling 'removed' for each
   * (Redis's zslDeleteRangeByRank). Returns how many were deleted. O(log n + deleted).
   */
  deleteRange(start: number, end: number, removed: (member: string) => void): number {
    if (start < 0) start = 0
    if (end >= this.length) end = this.length - 1
    if (start > end) return 0
    let x = this.header
    let traversed = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i] ?? null
      while (nx !== null && traversed + (x.span[i] as number) <= start) {
        traversed += x.span[i] as number
        x = nx
        nx = x.next[i] ?? null
      }
      update[i] = x
    }
    let node = x.next[0] ?? null
    let deleted = 0
    for (let r = start; r <= end && node !== null; r++) {
      const following = node.next[0] ?? null
      this.unlink(node)
      removed(node.member)
      deleted++
      node = following
    }
    releaseUpdate()
    return deleted
  }

  /** Drops every element. */
  clear(): void {
    const h = this.header
    for (let i = 0; i < SKIPLIST_MAXLEVEL; i++) {
      h.next[i] = null
      h.span[i] = 0
    }
    this.tail = null
    this.length = 0
    this.level = 1
  }

  /**
   * Unlinks 'node' given 'update' filled with its predecessor on every level (Redis's
   * zslDeleteNode). The predecessors stay valid for the following node, which deleteRange uses.
   */
  private unlink(node: SkipListNode): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i] as SkipListNode
      if (u.next[i] === node) {
        u.span[i] = (u.span[i] as number) + (node.span[i] as number) - 1
        u.next[i] = node.next[i] ?? null
      } else {
        u.span[i] = (u.span[i] as number) - 1
      }
    }
    const fwd = node.next[0] ?? null
    if (fwd !== null) fwd.backward = node.backward
    else this.tail = node.backward
    while (this.level > 1 && this.header.next[this.level - 1] === null) this.level--
    this.length--
  }
}

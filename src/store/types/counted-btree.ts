/**
 * Counted B+tree ordered by (score, member bytes): the ordered half of a large sorted set.
 * Leaves hold up to LEAF_MAX elements in two parallel arrays and are chained both ways; inner
 * nodes hold, per child, its element count and a separator key. So rank, element-by-rank,
 * "how many elements are below this bound", insert and delete take O(log n) node visits of
 * O(B) work each, and a range is a walk along the leaves. Chosen over a skip list with spans
 * because it touches far fewer cache lines and V8 objects per element (about 20 bytes and
 * 1/32 of an object per element against 3 objects and ~150 bytes): see bench/macro/zset-scaling.ts.
 * See https://redis.io/docs/data-types/sorted-sets/
 */

import { compareLex, type LexBound } from './lex-bound.js'
import { pairBefore, pairLowerBound, scoreBound } from './zset-order.js'

/** Most elements per leaf and children per inner node. */
const LEAF_MAX = 64
const INNER_MAX = 64
/** A leaf below this size tries to merge with a neighbour. */
const LEAF_MIN = LEAF_MAX / 4

/** A leaf: elements in order, and its neighbours in the chain. */
class Leaf {
  members: string[] = []
  scores: number[] = []
  prev: Leaf | null = null
  next: Leaf | null = null
}

/**
 * An inner node: children with their sizes and separators. maxScores[i]/maxMembers[i] bound
 * child i from above: every element of child i sorts at or before it, every element of child
 * i+1 after it. Deletes may leave a separator above its child's last element; that keeps the
 * invariant (nothing lies between), so only inserts and splits update separators.
 */
class Inner {
  children: Node[] = []
  counts: number[] = []
  maxScores: number[] = []
  maxMembers: string[] = []
}

type Node = Leaf | Inner

/** Index of the first element of 'leaf' not before (score, member). */
function leafLowerBound(leaf: Leaf, score: number, member: string): number {
  return pairLowerBound(leaf.scores, leaf.members, score, member)
}

/** Index of the first child of 'n' whose separator is not before (score, member), or -1. */
function childFor(n: Inner, score: number, member: string): number {
  const i = pairLowerBound(n.maxScores, n.maxMembers, score, member)
  return i === n.maxScores.length ? -1 : i
}

/** Separator of a subtree (its largest key, or an upper bound of it): score, then member. */
function lastScore(n: Node): number {
  return n instanceof Leaf
    ? (n.scores[n.scores.length - 1] as number)
    : (n.maxScores[n.maxScores.length - 1] as number)
}

function lastMember(n: Node): string {
  return n instanceof Leaf
    ? (n.members[n.members.length - 1] as string)
    : (n.maxMembers[n.maxMembers.length - 1] as string)
}

function sizeOf(n: Node): number {
  if (n instanceof Leaf) return n.scores.length
  let s = 0
  for (const c of n.counts) s += c
  return s
}

// Descent path scratch (one operation at a time on the event loop). Entries are reset to
// EMPTY after each operation: a stale path would keep a deleted set's whole tree reachable.
const EMPTY = new Inner()
const pathNodes: Inner[] = []
const pathIdx: number[] = []

function releasePath(depth: number): void {
  for (let d = 0; d < depth; d++) pathNodes[d] = EMPTY
}

export class CountedBTree {
  private root: Node = new Leaf()
  length = 0

  /** Inserts (score, member), which must not be present. */
  insert(score: number, member: string): void {
    let depth = 0
    let n = this.root
    while (n instanceof Inner) {
      let i = childFor(n, score, member)
      if (i < 0) i = n.children.length - 1
      pathNodes[depth] = n
      pathIdx[depth++] = i
      n = n.children[i] as Node
    }
    const leaf = n
    const pos = leafLowerBound(leaf, score, member)
    leaf.scores.splice(pos, 0, score)
    leaf.members.splice(pos, 0, member)
    this.length++
    for (let d = depth - 1; d >= 0; d--) {
      const p = pathNodes[d] as Inner
      const i = pathIdx[d] as number
      p.counts[i] = (p.counts[i] as number) + 1
      if (pairBefore(p.maxScores[i] as number, p.maxMembers[i] as string, score, member)) {
        p.maxScores[i] = score
        p.maxMembers[i] = member
      }
    }
    if (leaf.scores.length > LEAF_MAX) this.splitLeaf(leaf, depth, pos)
    releasePath(depth)
  }

  /** Deletes (score, member); returns false when it is not there. */
  delete(score: number, member: string): boolean {
    let depth = 0
    let n = this.root
    while (n instanceof Inner) {
      const i = childFor(n, score, member)
      if (i < 0) {
        releasePath(depth)
        return false
      }
      pathNodes[depth] = n
      pathIdx[depth++] = i
      n = n.children[i] as Node
    }
    const pos = leafLowerBound(n, score, member)
    const found = pos < n.scores.length && n.scores[pos] === score && n.members[pos] === member
    if (found) this.removeAt(n, pos, 1, depth)
    releasePath(depth)
    return found
  }

  /** Changes the score of (curScore, member), which must be present. */
  updateScore(curScore: number, member: string, newScore: number): void {
    if (!this.delete(curScore, member)) throw new Error('CountedBTree.updateScore: element not found')
    this.insert(newScore, member)
  }

  /** 1-based rank of (score, member), or 0 when absent. */
  rank(score: number, member: string): number {
    let before = 0
    let n = this.root
    while (n instanceof Inner) {
      const i = childFor(n, score, member)
      if (i < 0) return 0
      for (let k = 0; k < i; k++) before += n.counts[k] as number
      n = n.children[i] as Node
    }
    const pos = leafLowerBound(n, score, member)
    if (pos >= n.scores.length || n.scores[pos] !== score || n.members[pos] !== member) return 0
    return before + pos + 1
  }

  /** Member and score at 0-based 'rank' (0 <= rank < length), or null. */
  at(rank: number): [string, number] | null {
    if (rank < 0 || rank >= this.length) return null
    const [leaf, i] = this.locate(rank)
    return [leaf.members[i] as string, leaf.scores[i] as number]
  }

  /** How many elements have a score below 's' (at or below it when 'orEqual'). */
  countScoreBelow(s: number, orEqual: boolean): number {
    let count = 0
    let n = this.root
    while (n instanceof Inner) {
      const ms = n.maxScores
      let i = 0
      while (i < ms.length && ((ms[i] as number) < s || (orEqual && ms[i] === s)))
        count += n.counts[i++] as number
      if (i === ms.length) return count
      n = n.children[i] as Node
    }
    return count + scoreBound(n.scores, s, orEqual)
  }

  /**
   * How many leading elements have a member below 'bound' (at or below it when 'orEqual'):
   * exact when all scores are equal (the only case lex ranges are defined for).
   */
  countLexBelow(bound: LexBound, orEqual: boolean): number {
    let count = 0
    let n = this.root
    const below = (m: string): boolean => {
      const c = compareLex(m, bound)
      return c < 0 || (orEqual && c === 0)
    }
    while (n instanceof Inner) {
      const ms = n.maxMembers
      let i = 0
      while (i < ms.length && below(ms[i] as string)) count += n.counts[i++] as number
      if (i === ms.length) return count
      n = n.children[i] as Node
    }
    const ms = n.members
    let lo = 0
    let hi = ms.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (below(ms[mid] as string)) lo = mid + 1
      else hi = mid
    }
    return count + lo
  }

  /**
   * Calls 'fn' for ranks [lo, hi), ascending or descending, stopping when it returns false.
   * O(log n + hi - lo).
   */
  forEach(lo: number, hi: number, reverse: boolean, fn: (member: string, score: number) => unknown): void {
    if (lo < 0) lo = 0
    if (hi > this.length) hi = this.length
    if (lo >= hi) return
    let left = hi - lo
    let [leaf, i] = this.locate(reverse ? hi - 1 : lo)
    for (;;) {
      const ms = leaf.members
      const ss = leaf.scores
      if (reverse) {
        for (; i >= 0 && left > 0; i--, left--) if (fn(ms[i] as string, ss[i] as number) === false) return
        if (left === 0 || leaf.prev === null) return
        leaf = leaf.prev
        i = leaf.members.length - 1
      } else {
        for (; i < ms.length && left > 0; i++, left--)
          if (fn(ms[i] as string, ss[i] as number) === false) return
        if (left === 0 || leaf.next === null) return
        leaf = leaf.next
        i = 0
      }
    }
  }

  /**
   * Deletes ranks 'start'..'end' inclusive, calling 'removed' for each member; returns how
   * many. Works a leaf at a time: O((k / B + 1) log n + k) for k elements.
   */
  deleteRange(start: number, end: number, removed: (member: string) => void): number {
    if (start < 0) start = 0
    if (end >= this.length) end = this.length - 1
    let left = end - start + 1
    const total = left
    while (left > 0) {
      let depth = 0
      let n = this.root
      let r = start
      while (n instanceof Inner) {
        let i = 0
        while (r >= (n.counts[i] as number)) r -= n.counts[i++] as number
        pathNodes[depth] = n
        pathIdx[depth++] = i
        n = n.children[i] as Node
      }
      const k = Math.min(left, n.members.length - r)
      for (let j = r; j < r + k; j++) removed(n.members[j] as string)
      this.removeAt(n, r, k, depth)
      releasePath(depth)
      left -= k
    }
    return Math.max(total, 0)
  }

  /** Shape of the tree (bench output, tests): height and leaf count. O(n / B). */
  shape(): { height: number; leaves: number } {
    let height = 1
    let n = this.root
    while (n instanceof Inner) {
      height++
      n = n.children[0] as Node
    }
    let leaves = 0
    for (let l: Leaf | null = n; l !== null; l = l.next) leaves++
    return { height, leaves }
  }

  /** Drops every element. */
  clear(): void {
    this.root = new Leaf()
    this.length = 0
  }

  /** The leaf and index holding 0-based 'rank' (0 <= rank < length). */
  private locate(rank: number): [Leaf, number] {
    let n = this.root
    let r = rank
    while (n instanceof Inner) {
      const cs = n.counts
      let i = 0
      while (r >= (cs[i] as number)) r -= cs[i++] as number
      n = n.children[i] as Node
    }
    return [n, r]
  }

  /**
   * Removes 'k' elements at 'pos' of 'leaf', whose ancestors are pathNodes[0..depth): fixes
   * counts, drops an emptied leaf (and emptied ancestors), merges a small leaf into a
   * neighbour, and shortens the tree when the root keeps one child.
   */
  private removeAt(leaf: Leaf, pos: number, k: number, depth: number): void {
    leaf.scores.splice(pos, k)
    leaf.members.splice(pos, k)
    this.length -= k
    for (let d = depth - 1; d >= 0; d--) {
      const p = pathNodes[d] as Inner
      const i = pathIdx[d] as number
      p.counts[i] = (p.counts[i] as number) - k
    }
    if (leaf.scores.length === 0) this.dropEmpty(leaf, depth)
    else if (leaf.scores.length < LEAF_MIN && depth > 0) this.mergeLeaf(leaf, depth)
    while (this.root instanceof Inner && this.root.children.length === 1)
      this.root = this.root.children[0] as Node
  }

  /** Unlinks an emptied leaf from the chain and removes it (and emptied ancestors) from the tree. */
  private dropEmpty(leaf: Leaf, depth: number): void {
    if (depth === 0) return
    if (leaf.prev !== null) leaf.prev.next = leaf.next
    if (leaf.next !== null) leaf.next.prev = leaf.prev
    let d = depth - 1
    for (; d >= 0; d--) {
      const p = pathNodes[d] as Inner
      const i = pathIdx[d] as number
      p.children.splice(i, 1)
      p.counts.splice(i, 1)
      p.maxScores.splice(i, 1)
      p.maxMembers.splice(i, 1)
      if (p.children.length > 0 || d === 0) break
    }
    if (d === 0 && (pathNodes[0] as Inner).children.length === 0) this.root = new Leaf()
  }

  /** Merges 'leaf' (child pathIdx[depth-1] of pathNodes[depth-1]) into a sibling when both fit one leaf. */
  private mergeLeaf(leaf: Leaf, depth: number): void {
    const p = pathNodes[depth - 1] as Inner
    const i = pathIdx[depth - 1] as number
    let left = i - 1
    if (i + 1 < p.children.length && (p.counts[i + 1] as number) + leaf.scores.length <= LEAF_MAX) left = i
    else if (left < 0 || (p.counts[left] as number) + leaf.scores.length > LEAF_MAX) return
    const a = p.children[left] as Leaf
    const b = p.children[left + 1] as Leaf
    for (let j = 0; j < b.scores.length; j++) {
      a.scores.push(b.scores[j] as number)
      a.members.push(b.members[j] as string)
    }
    a.next = b.next
    if (b.next !== null) b.next.prev = a
    p.counts[left] = a.scores.length
    p.maxScores[left] = p.maxScores[left + 1] as number
    p.maxMembers[left] = p.maxMembers[left + 1] as string
    p.children.splice(left + 1, 1)
    p.counts.splice(left + 1, 1)
    p.maxScores.splice(left + 1, 1)
    p.maxMembers.splice(left + 1, 1)
  }

  /**
   * Splits an overfull leaf, where an element was just inserted at 'pos', in two and inserts
   * the new leaf into the parent (splitting upward).
   */
  private splitLeaf(leaf: Leaf, depth: number, pos: number): void {
    const n = leaf.scores.length
    // Appending past the last element (rising scores, such as timestamps) leaves the left leaf
    // full, and prepending before the first leaves the right one full; else split in halves.
    let half = n >>> 1
    if (pos === n - 1 && leaf.next === null) half = n - 1
    else if (pos === 0 && leaf.prev === null) half = 1
    const right = new Leaf()
    right.scores = leaf.scores.splice(half)
    right.members = leaf.members.splice(half)
    right.prev = leaf
    right.next = leaf.next
    if (leaf.next !== null) leaf.next.prev = right
    leaf.next = right
    this.addSibling(leaf, right, depth)
  }

  /** Places 'right' after 'left' (child pathIdx[depth-1] of pathNodes[depth-1]), growing the tree as needed. */
  private addSibling(left: Node, right: Node, depth: number): void {
    if (depth === 0) {
      const root = new Inner()
      root.children = [left, right]
      root.counts = [sizeOf(left), sizeOf(right)]
      root.maxScores = [lastScore(left), lastScore(right)]
      root.maxMembers = [lastMember(left), lastMember(right)]
      this.root = root
      return
    }
    const p = pathNodes[depth - 1] as Inner
    const i = pathIdx[depth - 1] as number
    const rightCount = sizeOf(right)
    p.counts[i] = (p.counts[i] as number) - rightCount
    p.maxScores[i] = lastScore(left)
    p.maxMembers[i] = lastMember(left)
    p.children.splice(i + 1, 0, right)
    p.counts.splice(i + 1, 0, rightCount)
    p.maxScores.splice(i + 1, 0, lastScore(right))
    p.maxMembers.splice(i + 1, 0, lastMember(right))
    if (p.children.length > INNER_MAX) {
      const half = p.children.length >>> 1
      const q = new Inner()
      q.children = p.children.splice(half)
      q.counts = p.counts.splice(half)
      q.maxScores = p.maxScores.splice(half)
      q.maxMembers = p.maxMembers.splice(half)
      this.addSibling(p, q, depth - 1)
    }
  }
}

/**
 * The set type, with Redis 7.0's two encodings: "intset" (every member a canonical signed
 * 64-bit integer, at most set-max-intset-entries of them, kept sorted numerically as Redis's
 * intset is) and "hashtable" (a JS Set plus a KeyIndex for SCAN cursors and O(1) random
 * members). A set converts to a hash table once and never back; Redis 7.0 has no listpack sets
 * (that came in 7.2). See https://redis.io/docs/data-types/sets/
 */

import { KeyIndex } from '../key-index.js'
import type { StoredObject } from '../value.js'

/** Redis caps set-max-intset-entries at 2^30 (intset internals). */
const INTSET_HARD_MAX = 1 << 30

/** Fixed cost of a set object, and of each hash-table member beyond its string (estimates). */
const OBJECT_BYTES = 96
const TABLE_ENTRY_BYTES = 56

/** True when 's' is a canonical int64 (Redis's string2ll / isSdsRepresentableAsLongLong). */
export function isIntsetMember(s: string): boolean {
  const n = s.length
  if (n === 0 || n > 20) return false
  let i = 0
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return false
    i = 1
  }
  const first = s.charCodeAt(i)
  if (first === 48) return n === 1
  if (first < 49 || first > 57) return false
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j)
    if (c < 48 || c > 57) return false
  }
  const digits = n - i
  if (digits < 19) return true
  if (digits > 19) return false
  // Exactly 19 digits: compare with the int64 bounds as text (same length, so lexically).
  return i === 1 ? s <= '-9223372036854775808' : s <= '9223372036854775807'
}

/** Numeric order of two canonical integer strings (no allocation). */
export function compareIntStrings(a: string, b: string): number {
  if (a === b) return 0
  const an = a.charCodeAt(0) === 45
  const bn = b.charCodeAt(0) === 45
  if (an !== bn) return an ? -1 : 1
  // Same sign: for positives fewer digits is smaller, for negatives it is larger.
  if (a.length !== b.length) return a.length < b.length !== an ? -1 : 1
  return a < b !== an ? -1 : 1
}

export class SetValue implements StoredObject {
  readonly typeName = 'set' as const
  /** Intset members sorted numerically; null once converted to a hash table. */
  private ints: string[] | null = []
  private members: Set<string> | null = null
  private index: KeyIndex | null = null
  /** Sum of member lengths (memory estimate). */
  private strBytes = 0

  /** setTypeCreate: an empty set that can hold 'first' (an intset when it is an integer). */
  static forMember(first: string): SetValue {
    const s = new SetValue()
    if (!isIntsetMember(first)) s.convert()
    return s
  }

  get size(): number {
    return this.ints !== null ? this.ints.length : (this.members?.size ?? 0)
  }

  encoding(): string {
    return this.ints !== null ? 'intset' : 'hashtable'
  }

  get isIntset(): boolean {
    return this.ints !== null
  }

  has(member: string): boolean {
    if (this.ints !== null) return isIntsetMember(member) && this.findInt(member) >= 0
    return (this.members as Set<string>).has(member)
  }

  /**
   * setTypeAdd: adds 'member'; returns true when it was not there. An intset converts to a hash
   * table when 'member' is not an integer or it would hold more than 'maxIntsetEntries'.
   */
  add(member: string, maxIntsetEntries: number): boolean {
    const ints = this.ints
    if (ints !== null) {
      if (isIntsetMember(member)) {
        const at = this.findInt(member)
        if (at >= 0) return false
        ints.splice(-at - 1, 0, member)
        this.strBytes += member.length
        if (ints.length > Math.min(maxIntsetEntries, INTSET_HARD_MAX)) this.convert()
        return true
      }
      this.convert()
    }
    const members = this.members as Set<string>
    const before = members.size
    members.add(member)
    if (members.size === before) return false
    ;(this.index as KeyIndex).add(member, 0)
    this.strBytes += member.length
    return true
  }

  /** setTypeRemove: removes 'member'; returns true when it was there. */
  remove(member: string): boolean {
    const ints = this.ints
    if (ints !== null) {
      if (!isIntsetMember(member)) return false
      const at = this.findInt(member)
      if (at < 0) return false
      ints.splice(at, 1)
    } else {
      if (!(this.members as Set<string>).delete(member)) return false
      ;(this.index as KeyIndex).remove(member)
    }
    this.strBytes -= member.length
    return true
  }

  /** Members in Redis's iteration order for an intset (ascending); any order for a hash table. */
  values(): IterableIterator<string> {
    return this.ints !== null ? this.ints.values() : (this.members as Set<string>).values()
  }

  /** A uniformly random member of a non-empty set, in O(1). 'random' returns a float in [0, 1). */
  randomMember(random: () => number): string {
    const m =
      this.ints !== null
        ? this.ints[Math.floor(random() * this.ints.length)]
        : (this.index as KeyIndex).randomKey(random)
    if (m === undefined) throw new RangeError('randomMember() on an empty set')
    return m
  }

  /** The members at 'positions' (each in 0..size-1) of some fixed enumeration of the set. */
  membersAt(positions: readonly number[]): string[] {
    const ints = this.ints
    if (ints !== null) return positions.map((p) => ints[p] as string)
    const index = this.index as KeyIndex
    return positions.map((p) => index.keyAt(p) as string)
  }

  /**
   * One step of a cursor scan over a hash table: appends the members of the bucket 'cursor'
   * designates to 'out' and returns the next cursor (0 when done); members present for the
   * whole scan are returned at least once. Only for the hashtable encoding.
   */
  scanStep(cursor: number, out: string[]): number {
    if (this.index === null) throw new Error('scanStep() on an intset')
    return this.index.scanStep(cursor, out)
  }

  clone(): SetValue {
    const s = new SetValue()
    s.strBytes = this.strBytes
    if (this.ints !== null) {
      s.ints = this.ints.slice()
    } else {
      s.ints = null
      s.members = new Set(this.members)
      const index = new KeyIndex()
      for (const m of s.members) index.add(m, 0)
      s.index = index
    }
    return s
  }

  /** Rough bytes, O(1): 8 per intset member (int64), else strings plus per-entry overhead. */
  estimateBytes(): number {
    if (this.ints !== null) return OBJECT_BYTES + 8 * this.ints.length
    return OBJECT_BYTES + this.strBytes + this.size * TABLE_ENTRY_BYTES
  }

  /** Binary search of the intset: index of 'member', or -(insertion point) - 1. */
  private findInt(member: string): number {
    const ints = this.ints as string[]
    let lo = 0
    let hi = ints.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const cmp = compareIntStrings(ints[mid] as string, member)
      if (cmp === 0) return mid
      if (cmp < 0) lo = mid + 1
      else hi = mid - 1
    }
    return -lo - 1
  }

  /** setTypeConvert to a hash table. Never reverted. */
  private convert(): void {
    const members = new Set<string>(this.ints ?? [])
    const index = new KeyIndex()
    for (const m of members) index.add(m, 0)
    this.ints = null
    this.members = members
    this.index = index
  }
}

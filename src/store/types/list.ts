/**
 * The list type: a deque of latin1 strings on a growable ring buffer, so pushes and pops
 * at both ends are O(1) amortized and index access (LINDEX, LSET, LRANGE) is O(1) per element.
 * Redis 7.0 reports every list as "quicklist" (the "listpack" list encoding came in 7.2).
 * See https://redis.io/docs/data-types/lists/
 */

import type { StoredObject } from '../value.js'

/** Smallest capacity of the ring (a power of two). */
const MIN_CAPACITY = 8
/** Estimated bytes per element beyond its characters (slot plus string header). */
const ELEMENT_OVERHEAD = 24

export class ListValue implements StoredObject {
  readonly typeName = 'list'
  /** Slots; capacity is always a power of two, 'mask' = capacity - 1. */
  private buf: (string | undefined)[]
  private mask: number
  private head = 0
  private len = 0
  /** Total characters (bytes) of the elements, kept in step for estimateBytes(). */
  private chars = 0

  constructor(capacity = MIN_CAPACITY) {
    let cap = MIN_CAPACITY
    while (cap < capacity) cap *= 2
    this.buf = new Array<string | undefined>(cap)
    this.mask = cap - 1
  }

  /** A list holding 'items' in order. */
  static from(items: readonly string[]): ListValue {
    const l = new ListValue(items.length)
    for (const s of items) l.pushTail(s)
    return l
  }

  get size(): number {
    return this.len
  }

  /** Total bytes of the elements (kept incrementally). */
  get bytes(): number {
    return this.chars
  }

  encoding(): string {
    return 'quicklist'
  }

  clone(): ListValue {
    const l = new ListValue(this.len)
    for (let i = 0; i < this.len; i++) l.pushTail(this.get(i))
    return l
  }

  /** O(1): a fixed object cost, the ring's slots, and each element's bytes plus overhead. */
  estimateBytes(): number {
    return 64 + this.buf.length * 8 + this.chars + this.len * ELEMENT_OVERHEAD
  }

  /** Element at 'index' (0 <= index < size). */
  get(index: number): string {
    return this.buf[(this.head + index) & this.mask] as string
  }

  /** Replaces the element at 'index' (0 <= index < size). */
  set(index: number, value: string): void {
    const i = (this.head + index) & this.mask
    this.chars += value.length - (this.buf[i] as string).length
    this.buf[i] = value
  }

  pushHead(value: string): void {
    if (this.len === this.buf.length) this.grow()
    this.head = (this.head - 1) & this.mask
    this.buf[this.head] = value
    this.len++
    this.chars += value.length
  }

  pushTail(value: string): void {
    if (this.len === this.buf.length) this.grow()
    this.buf[(this.head + this.len) & this.mask] = value
    this.len++
    this.chars += value.length
  }

  /** Removes and returns the first element; undefined when empty. */
  popHead(): string | undefined {
    if (this.len === 0) return undefined
    const v = this.buf[this.head] as string
    this.buf[this.head] = undefined
    this.head = (this.head + 1) & this.mask
    this.len--
    this.chars -= v.length
    this.maybeShrink()
    return v
  }

  /** Removes and returns the last element; undefined when empty. */
  popTail(): string | undefined {
    if (this.len === 0) return undefined
    const i = (this.head + this.len - 1) & this.mask
    const v = this.buf[i] as string
    this.buf[i] = undefined
    this.len--
    this.chars -= v.length
    this.maybeShrink()
    return v
  }

  /** Inserts 'value' so that it lands at 'index' (0 <= index <= size): O(min(index, size-index)). */
  insertAt(index: number, value: string): void {
    const at = (i: number): number => (this.head + i) & this.mask
    if (index <= this.len >> 1) {
      this.pushHead(value)
      for (let i = 0; i < index; i++) this.buf[at(i)] = this.buf[at(i + 1)]
    } else {
      this.pushTail(value)
      for (let i = this.len - 1; i > index; i--) this.buf[at(i)] = this.buf[at(i - 1)]
    }
    this.buf[at(index)] = value
  }

  /** Position of the first element equal to 'value', or -1. */
  indexOf(value: string): number {
    for (let i = 0; i < this.len; i++) if (this.get(i) === value) return i
    return -1
  }

  /**
   * LREM: removes up to 'count' elements equal to 'value' scanning from the head ('count' > 0),
   * from the tail ('count' < 0), or all of them ('count' 0). Returns how many were removed. O(n).
   */
  removeValue(value: string, count: number): number {
    const limit = count === 0 ? Number.POSITIVE_INFINITY : Math.abs(count)
    const n = this.len
    const keep = new Array<boolean>(n)
    let removed = 0
    if (count >= 0) {
      for (let i = 0; i < n; i++) {
        const hit = removed < limit && this.get(i) === value
        if (hit) removed++
        keep[i] = !hit
      }
    } else {
      for (let i = n - 1; i >= 0; i--) {
        const hit = removed < limit && this.get(i) === value
        if (hit) removed++
        keep[i] = !hit
      }
    }
    if (removed === 0) return 0
    this.chars -= removed * value.length
    let out = 0
    for (let i = 0; i < n; i++) {
      if (keep[i]) this.buf[(this.head + out++) & this.mask] = this.buf[(this.head + i) & this.mask]
    }
    for (let i = out; i < n; i++) this.buf[(this.head + i) & this.mask] = undefined
    this.len = out
    this.maybeShrink()
    return removed
  }

  /** Keeps only the elements in [start, end] (0 <= start <= end < size); O(removed + kept). */
  trim(start: number, end: number): void {
    const n = this.len
    for (let i = end + 1; i < n; i++) this.drop((this.head + i) & this.mask)
    for (let i = 0; i < start; i++) this.drop((this.head + i) & this.mask)
    this.head = (this.head + start) & this.mask
    this.len = end - start + 1
    this.maybeShrink()
  }

  /** Empties the list. */
  clear(): void {
    this.buf = new Array<string | undefined>(MIN_CAPACITY)
    this.mask = MIN_CAPACITY - 1
    this.head = 0
    this.len = 0
    this.chars = 0
  }

  /** Empties slot 'i', accounting for its element. */
  private drop(i: number): void {
    this.chars -= (this.buf[i] as string).length
    this.buf[i] = undefined
  }

  private grow(): void {
    this.resize(this.buf.length * 2)
  }

  /** Halves the ring when it is less than a quarter full (memory follows the size). */
  private maybeShrink(): void {
    const cap = this.buf.length
    if (cap > MIN_CAPACITY && this.len < cap >> 2) this.resize(cap >> 1)
  }

  private resize(cap: number): void {
    const next = new Array<string | undefined>(cap)
    for (let i = 0; i < this.len; i++) next[i] = this.buf[(this.head + i) & this.mask]
    this.buf = next
    this.mask = cap - 1
    this.head = 0
  }
}

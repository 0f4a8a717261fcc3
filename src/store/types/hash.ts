/**
 * The hash type: a Map of field to value (latin1 strings) in insertion order, plus the
 * encoding Redis 7.0 would be using. A hash starts as "listpack" and converts, once and for
 * good, to "hashtable" when it grows past hash-max-listpack-entries, when a field or value
 * longer than hash-max-listpack-value is written, or when its listpack would pass 1 GiB.
 * While listpack-encoded, iteration order is Redis's (insertion order, values replaced in
 * place); once a hash table, a KeyIndex gives SCAN cursors and O(1) random fields.
 * See https://redis.io/docs/data-types/hashes/
 */

import { KeyIndex } from '../key-index.js'
import type { StoredObject } from '../value.js'
import { LISTPACK_EMPTY_BYTES, LISTPACK_MAX_SAFETY_SIZE, listpackEntryBytes } from './listpack-size.js'

/** The encoding thresholds (hash-max-listpack-entries, hash-max-listpack-value). */
export interface HashLimits {
  readonly maxListpackEntries: number
  readonly maxListpackValue: number
}

/** Fixed cost of a hash object, and of each hash-table entry beyond its strings (estimates). */
const OBJECT_BYTES = 96
const TABLE_ENTRY_BYTES = 72

export class HashValue implements StoredObject {
  readonly typeName = 'hash' as const
  private readonly map = new Map<string, string>()
  /** Null while listpack-encoded; the field index once converted to a hash table. */
  private index: KeyIndex | null = null
  /** Size the listpack would have, in bytes (meaningful only while listpack-encoded). */
  private lpBytes = LISTPACK_EMPTY_BYTES
  /** Sum of the lengths of every field and value (memory estimate). */
  private strBytes = 0

  /** Number of fields. */
  get size(): number {
    return this.map.size
  }

  /** True while Redis would hold this hash as a listpack. */
  get isListpack(): boolean {
    return this.index === null
  }

  encoding(): string {
    return this.index === null ? 'listpack' : 'hashtable'
  }

  get(field: string): string | undefined {
    return this.map.get(field)
  }

  has(field: string): boolean {
    return this.map.has(field)
  }

  /** Fields and values in Redis's order for a listpack (insertion order). */
  entries(): IterableIterator<[string, string]> {
    return this.map.entries()
  }

  keys(): IterableIterator<string> {
    return this.map.keys()
  }

  values(): IterableIterator<string> {
    return this.map.values()
  }

  /**
   * hashTypeTryConversion: before a write of 'args' (fields and values), converts to a hash
   * table when one is longer than the value limit or the listpack would pass 1 GiB.
   */
  prepareWrite(args: readonly string[], from: number, to: number, limits: HashLimits): void {
    if (this.index !== null) return
    let sum = 0
    for (let i = from; i <= to; i++) {
      const len = (args[i] ?? '').length
      if (len > limits.maxListpackValue) {
        this.convert()
        return
      }
      sum += len
    }
    if (this.lpBytes + sum > LISTPACK_MAX_SAFETY_SIZE) this.convert()
  }

  /**
   * hashTypeSet: sets 'field' to 'value' (in place when it exists); returns true when the
   * field is new. Converts to a hash table first when either string is too long for a
   * listpack, and after the insert when the listpack has too many entries.
   */
  set(field: string, value: string, limits: HashLimits): boolean {
    if (this.index === null) {
      if (field.length > limits.maxListpackValue || value.length > limits.maxListpackValue) {
        this.convert()
      }
    }
    const old = this.map.get(field)
    this.map.set(field, value)
    this.strBytes += old === undefined ? field.length + value.length : value.length - old.length
    if (this.index === null) {
      if (old === undefined) {
        this.lpBytes += listpackEntryBytes(field) + listpackEntryBytes(value)
        if (this.map.size > limits.maxListpackEntries) this.convert()
      } else {
        this.lpBytes += listpackEntryBytes(value) - listpackEntryBytes(old)
      }
    } else if (old === undefined) {
      this.index.add(field, 0)
    }
    return old === undefined
  }

  /** Removes 'field'; returns true when it existed. */
  delete(field: string): boolean {
    const old = this.map.get(field)
    if (old === undefined) return false
    this.map.delete(field)
    this.strBytes -= field.length + old.length
    if (this.index === null) this.lpBytes -= listpackEntryBytes(field) + listpackEntryBytes(old)
    else this.index.remove(field)
    return true
  }

  /**
   * A uniformly random field of a non-empty hash. 'random' returns a float in [0, 1).
   * O(1) for a hash table; O(n) for a listpack (as Redis's lpRandomPair; n is bounded by
   * hash-max-listpack-entries).
   */
  randomField(random: () => number): string {
    if (this.index !== null) {
      const k = this.index.randomKey(random)
      if (k !== undefined) return k
    }
    let skip = Math.floor(random() * this.map.size)
    for (const k of this.map.keys()) {
      if (skip-- === 0) return k
    }
    throw new RangeError('randomField() on an empty hash')
  }

  /**
   * A function drawing uniformly random fields of this non-empty hash, O(1) per draw (after an
   * O(n) copy of a listpack's fields). Valid until the hash is next modified.
   */
  randomPicker(random: () => number): () => string {
    const index = this.index
    if (index !== null) return () => index.randomKey(random) as string
    const fields = Array.from(this.map.keys())
    return () => fields[Math.floor(random() * fields.length)] as string
  }

  /** The fields at 'positions' (each in 0..size-1) of some fixed enumeration of the hash. */
  fieldsAt(positions: readonly number[]): string[] {
    const index = this.index
    if (index !== null) return positions.map((p) => index.keyAt(p) as string)
    const fields = Array.from(this.map.keys())
    return positions.map((p) => fields[p] as string)
  }

  /**
   * One step of a cursor scan over a hash table: appends the fields of the bucket 'cursor'
   * designates to 'out' and returns the next cursor (0 when done). Keys present for the whole
   * scan are returned at least once (KeyIndex's guarantee). Only for the hashtable encoding.
   */
  scanStep(cursor: number, out: string[]): number {
    if (this.index === null) throw new Error('scanStep() on a listpack-encoded hash')
    return this.index.scanStep(cursor, out)
  }

  clone(): HashValue {
    const h = new HashValue()
    for (const [f, v] of this.map) h.map.set(f, v)
    h.lpBytes = this.lpBytes
    h.strBytes = this.strBytes
    if (this.index !== null) h.convert()
    return h
  }

  /**
   * Rough bytes, O(1): the listpack's own size while small; strings plus a per-entry
   * overhead (Map slot, index slot, string headers) once a hash table.
   */
  estimateBytes(): number {
    if (this.index === null) return OBJECT_BYTES + this.lpBytes
    return OBJECT_BYTES + this.strBytes + this.map.size * TABLE_ENTRY_BYTES
  }

  /** hashTypeConvert to a hash table: builds the field index. Never reverted. */
  private convert(): void {
    const index = new KeyIndex()
    for (const f of this.map.keys()) index.add(f, 0)
    this.index = index
  }
}

/**
 * Shared plumbing of the string and bitmap command families: key lookups as Redis's
 * lookupKeyRead/lookupKeyWrite (hit/miss counters), typed string reads that answer
 * WRONGTYPE, key creation with the 'new' keyspace event (dbAdd), setKey, in-place byte edits
 * in either string form, and the key-spec shapes these commands declare.
 */

import { ERR_WRONGTYPE } from '../protocol/reply-errors.js'
import type { ReplyWriter } from '../protocol/reply-writer.js'
import { ByteString, isStringValue, type StringValue, stringLength, toInPlace } from '../store/byte-string.js'
import type { Value } from '../store/value.js'
import { cString } from '../util/c-string.js'
import type { CommandClient } from './context.js'
import type { KeySpec, KeySpecFlag } from './spec.js'

// --- Lookups ---

/** Lookup for reading (lookupKeyRead): lazily expires and counts keyspace hits and misses. */
export function lookupRead(c: CommandClient, key: string): Value | undefined {
  const v = c.db.lookup(key)
  const stats = c.srv.keyspace.stats
  if (v === undefined) {
    // redis lookupKeyReadWithFlags: a read miss is a 'keymiss' event (class m).
    c.db.notify('m', 'keymiss', key)
    stats.keyspaceMisses++
  } else {
    stats.keyspaceHits++
  }
  return v
}

/**
 * The string at 'key' for a read command: undefined when missing; null when the key holds
 * another type, after replying WRONGTYPE.
 */
export function readString(c: CommandClient, key: string): StringValue | undefined | null {
  const v = lookupRead(c, key)
  if (v === undefined || typeof v === 'string') return v
  if (v instanceof ByteString) return v
  c.w.error(ERR_WRONGTYPE)
  return null
}

/** Like readString for a write command (lookupKeyWrite: no hit/miss counting). */
export function writeString(c: CommandClient, key: string): StringValue | undefined | null {
  const v = c.db.lookup(key)
  if (v === undefined || typeof v === 'string') return v
  if (v instanceof ByteString) return v
  c.w.error(ERR_WRONGTYPE)
  return null
}

/** True when 'v' is a value of another type than string (checkType). */
export function isWrongType(v: Value | undefined): boolean {
  return v !== undefined && !isStringValue(v)
}

// --- Writes ---

/** Adds a key that does not exist (dbAdd): stores it and emits the 'new' keyspace event. */
export function addKey(c: CommandClient, key: string, value: Value): void {
  c.db.set(key, value)
  c.db.notify('n', 'new', key)
}

/**
 * Stores 'value' at 'key' whether or not it exists (setKey): clears the TTL unless
 * 'keepTtl', emits 'new' for a new key and signals the modification (WATCH). 'found' says
 * whether the key exists when the caller already knows.
 */
export function setKey(c: CommandClient, key: string, value: Value, keepTtl = false, found?: boolean): void {
  const db = c.db
  if (found === undefined && db.lookupFree) {
    // Whether the key existed is what the dict says as the value goes in: one hash lookup.
    if (db.set(key, value, keepTtl)) db.notify('n', 'new', key)
  } else if (found ?? db.lookup(key) !== undefined) {
    db.set(key, value, keepTtl)
  } else {
    addKey(c, key, value)
  }
  db.modified(key)
}

/**
 * An in-place edit of a string key's bytes (Redis's dbUnshareStringValue + sdsgrowzero):
 * 'bytes' is writable and at least 'minLength' long. Long values are edited directly in
 * their ByteString form; short ones in a scratch buffer that commit() turns back into a JS
 * string. A missing key is created (with its 'new' event) at once, as Redis does.
 */
export class StringEdit {
  /** Writable bytes of the value (a ByteString's backing buffer may be longer than 'length'). */
  readonly bytes: Buffer
  /** Length of the value after the edit began. */
  readonly length: number
  private readonly scratch: boolean

  constructor(
    private readonly c: CommandClient,
    private readonly key: string,
    cur: StringValue | undefined,
    minLength: number,
  ) {
    const inPlace = toInPlace(cur, minLength)
    if (inPlace !== null) {
      if (cur === undefined) addKey(c, key, inPlace)
      else if (inPlace !== cur) c.db.overwrite(key, inPlace)
      this.bytes = inPlace.buf
      this.length = inPlace.len
      this.scratch = false
      return
    }
    const s = cur ?? ''
    this.length = Math.max(stringLength(s), minLength)
    this.bytes = Buffer.alloc(this.length)
    this.bytes.write(s as string, 0, 'latin1')
    this.scratch = true
    if (cur === undefined) addKey(c, key, this.bytes.toString('latin1'))
  }

  /** Stores the edited value (keeping the TTL). Call once, after the last write. */
  commit(): void {
    if (this.scratch) this.c.db.overwrite(this.key, this.bytes.toString('latin1', 0, this.length))
  }
}

// --- Replies ---

/** Replies with a string value as a bulk string (a ByteString is copied: it may change before the flush). */
export function replyString(w: ReplyWriter, v: StringValue): void {
  if (typeof v === 'string') w.bulk(v)
  else w.bulk(v.copyBytes())
}

// --- Metadata ---

/** Key spec of a command whose only key is argv[1]. */
export function firstKey(flags: KeySpecFlag[], notes?: string): KeySpec {
  const spec: KeySpec = { flags, begin: { index: 1 }, find: { range: [0, 1, 0] } }
  if (notes !== undefined) spec.notes = notes
  return spec
}

/**
 * Lower-cased option name as C's strcasecmp sees it: Redis compares options as C strings,
 * so an argument stops at its first NUL byte ("NX\0junk" is NX).
 */
export function optionName(arg: string): string {
  return cString(arg).toLowerCase()
}

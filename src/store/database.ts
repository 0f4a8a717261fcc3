/**
 * One numbered database: a Map from key to value plus a second Map of expiry times
 * (ms since epoch) holding only keys with a TTL, as Redis's dict/expires pair.
 * Expired keys are removed lazily on access here and actively by active-expire.ts.
 * See https://redis.io/commands/expire/ (How Redis expires keys).
 */

import type { AccessClock } from './access-clock.js'
import { KeyIndex } from './key-index.js'
import type { Value } from './value.js'

/** The string encodings a value's bytes do not imply (see Database.encodingHints). */
export type StringEncodingHint = 'raw' | 'embstr' | 'int'

/** Hooks the keyspace owner installs (WATCH, notifications, stats); lower layers never import them. */
export interface KeyspaceHooks {
  /** A key was changed (signalModifiedKey): invalidates WATCH. */
  modified(db: Database, key: string): void
  /** A keyspace event (notifyKeyspaceEvent): 'type' is a class letter such as 'g' or 'x'. */
  notify(type: string, event: string, key: string, db: Database): void
  /** A key expired (lazily or actively). */
  expired(db: Database, key: string): void
  /** Per-key access metadata policy (LRU clock or LFU counter). */
  readonly clock: AccessClock
}

export class Database {
  /** Replaced wholesale by SWAPDB, so not readonly. */
  dict = new Map<string, Value>()
  expires = new Map<string, number>()
  /**
   * Side table of the dict's keys (SCAN cursors, random keys, access metadata), kept in step
   * by every method here; replaced with the dict by SWAPDB. See key-index.ts.
   */
  index = new KeyIndex()
  /**
   * Expiry times beyond 2^53 ms, exactly as given (PEXPIREAT 9223372036854775807): 'expires'
   * holds them rounded to a double, which still orders correctly. Null until first needed.
   */
  hugeExpires: Map<string, bigint> | null = null
  /**
   * OBJECT ENCODING of string values whose bytes alone do not decide it: Redis reports "raw" for
   * values grown in place (APPEND, SETRANGE, SETBIT), "embstr" for INCRBYFLOAT results and an
   * unshared "int" (REFCOUNT 1) for integers COPY duplicated. A writer producing such a value
   * calls setEncodingHint after storing it; any set, overwrite or delete of the key forgets
   * the hint. Null while no key has one, so the common write path pays one null check.
   */
  encodingHints: Map<string, StringEncodingHint> | null = null
  /** Average TTL estimate and similar stats live in the keyspace, not here. */
  constructor(
    readonly id: number,
    readonly hooks: KeyspaceHooks,
  ) {}

  get size(): number {
    return this.dict.size
  }

  /** Deletes 'key' if its TTL has passed; returns true when it did. */
  expireIfNeeded(key: string, now: number = Date.now()): boolean {
    const when = this.expires.get(key)
    if (when === undefined || when > now) return false
    this.dict.delete(key)
    this.expires.delete(key)
    this.index.remove(key)
    if (this.hugeExpires !== null) this.hugeExpires.delete(key)
    if (this.encodingHints !== null) this.forgetHint(key)
    this.hooks.expired(this, key)
    return true
  }

  /** Value of 'key', after lazy expiry; undefined when missing. */
  lookup(key: string): Value | undefined {
    const v = this.dict.get(key)
    if (v === undefined) return undefined
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined
    if (this.index.hasMeta) this.touch(key)
    return v
  }

  /** Records an access to 'key' in its LRU clock / LFU counter (Redis's lookupKey update). */
  touch(key: string): void {
    if (!this.index.hasMeta) return
    const e = this.index.find(key)
    if (e >= 0) this.index.setMeta(e, this.hooks.clock.touched(this.index.getMeta(e)))
  }

  /** Value without touching expiry (internal scans). */
  peek(key: string): Value | undefined {
    return this.dict.get(key)
  }

  has(key: string): boolean {
    return this.lookup(key) !== undefined
  }

  /**
   * True when a write may skip looking its key up first: no key has a TTL (none can have
   * lapsed) and no access clock is kept (nothing to touch). set() then tells if it added.
   */
  get lookupFree(): boolean {
    return this.expires.size === 0 && !this.index.hasMeta
  }

  /**
   * Adds or overwrites 'key'; clears its TTL unless 'keepTtl'. Does not signal (callers do).
   * True when the key was added.
   */
  set(key: string, value: Value, keepTtl = false): boolean {
    const before = this.dict.size
    this.dict.set(key, value)
    const added = this.dict.size !== before
    if (added) this.index.add(key, this.hooks.clock.initial())
    else if (this.index.hasMeta) this.replaced(key)
    if (this.encodingHints !== null) this.forgetHint(key)
    if (!keepTtl && this.expires.size !== 0) {
      this.expires.delete(key)
      if (this.hugeExpires !== null) this.hugeExpires.delete(key)
    }
    return added
  }

  /** Replaces the value of an existing key, keeping its TTL (in-place update). */
  overwrite(key: string, value: Value): void {
    const before = this.dict.size
    this.dict.set(key, value)
    if (this.dict.size !== before) this.index.add(key, this.hooks.clock.initial())
    else if (this.index.hasMeta) this.replaced(key)
    if (this.encodingHints !== null) this.forgetHint(key)
  }

  /** Access metadata of a key whose value was just replaced. */
  private replaced(key: string): void {
    const e = this.index.find(key)
    if (e >= 0) this.index.setMeta(e, this.hooks.clock.overwritten(this.index.getMeta(e)))
  }

  /** Removes 'key' and its TTL; returns true when it existed (after lazy expiry). */
  delete(key: string): boolean {
    if (!this.dict.has(key)) return false
    if (this.expires.size !== 0) {
      if (this.expireIfNeeded(key)) return false
      this.expires.delete(key)
      if (this.hugeExpires !== null) this.hugeExpires.delete(key)
    }
    this.dict.delete(key)
    this.index.remove(key)
    if (this.encodingHints !== null) this.forgetHint(key)
    return true
  }

  /** Records the OBJECT ENCODING of the string now stored at 'key' (see encodingHints). */
  setEncodingHint(key: string, hint: StringEncodingHint): void {
    if (this.encodingHints === null) this.encodingHints = new Map()
    this.encodingHints.set(key, hint)
  }

  /** The recorded string encoding of 'key', if any. */
  encodingHint(key: string): StringEncodingHint | undefined {
    return this.encodingHints === null ? undefined : this.encodingHints.get(key)
  }

  private forgetHint(key: string): void {
    const hints = this.encodingHints!
    if (hints.delete(key) && hints.size === 0) this.encodingHints = null
  }

  /** Sets the absolute expiry time (ms) of an existing key. */
  setExpire(key: string, whenMs: number): void {
    this.expires.set(key, whenMs)
    if (this.hugeExpires !== null) this.hugeExpires.delete(key)
  }

  /** Sets an expiry time (ms) that may exceed 2^53, keeping it exact for PEXPIRETIME and PTTL. */
  setExpireExact(key: string, whenMs: bigint): void {
    if (whenMs >= -9007199254740991n && whenMs <= 9007199254740991n) {
      this.setExpire(key, Number(whenMs))
      return
    }
    this.expires.set(key, Number(whenMs))
    if (this.hugeExpires === null) this.hugeExpires = new Map()
    this.hugeExpires.set(key, whenMs)
  }

  /** Absolute expiry (ms) exactly as set (a bigint only beyond 2^53), or -1 without a TTL. */
  getExpireExact(key: string): number | bigint {
    const when = this.expires.get(key)
    if (when === undefined) return -1
    if (this.hugeExpires !== null) {
      const exact = this.hugeExpires.get(key)
      if (exact !== undefined) {
        if (Number(exact) === when) return exact
        this.hugeExpires.delete(key)
      }
    }
    return when
  }

  /** Absolute expiry (ms) or -1 when the key has no TTL. */
  getExpire(key: string): number {
    return this.expires.get(key) ?? -1
  }

  /** Removes the TTL; returns true when there was one. */
  persist(key: string): boolean {
    if (this.hugeExpires !== null) this.hugeExpires.delete(key)
    return this.expires.delete(key)
  }

  /** Drops every key. */
  clear(): void {
    this.dict.clear()
    this.expires.clear()
    this.index.clear()
    this.hugeExpires = null
    this.encodingHints = null
  }

  /**
   * Rebuilds the key index when the dict was changed behind this class's back (its size no
   * longer matches): a safety net, O(n) only when it fires. Returns true when it did.
   */
  syncIndex(): boolean {
    if (this.index.count === this.dict.size) return false
    this.index.rebuild(this.dict.keys(), this.hooks.clock.initial())
    return true
  }

  /** Signals a modification of 'key' (WATCH) — call after every write. */
  modified(key: string): void {
    this.hooks.modified(this, key)
  }

  /** Emits a keyspace event for 'key'. */
  notify(type: string, event: string, key: string): void {
    this.hooks.notify(type, event, key, this)
  }
}

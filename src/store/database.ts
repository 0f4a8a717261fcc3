/**
 * One numbered database: a Map from key to value plus a second Map of expiry times
 * (ms since epoch) holding only keys with a TTL, as Redis's dict/expires pair.
 * Expired keys are removed lazily on access here and actively by active-expire.ts.
 * See https://redis.io/commands/expire/ (How Redis expires keys).
 */

import type { Value } from './value.js'

/** Hooks the keyspace owner installs (WATCH, notifications, stats); lower layers never import them. */
export interface KeyspaceHooks {
  /** A key was changed (signalModifiedKey): invalidates WATCH. */
  modified(db: Database, key: string): void
  /** A keyspace event (notifyKeyspaceEvent): 'type' is a class letter such as 'g' or 'x'. */
  notify(type: string, event: string, key: string, db: Database): void
  /** A key expired (lazily or actively). */
  expired(db: Database, key: string): void
}

export class Database {
  /** Replaced wholesale by SWAPDB, so not readonly. */
  dict = new Map<string, Value>()
  expires = new Map<string, number>()
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
    this.hooks.expired(this, key)
    return true
  }

  /** Value of 'key', after lazy expiry; undefined when missing. */
  lookup(key: string): Value | undefined {
    const v = this.dict.get(key)
    if (v === undefined) return undefined
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined
    return v
  }

  /** Value without touching expiry (internal scans). */
  peek(key: string): Value | undefined {
    return this.dict.get(key)
  }

  has(key: string): boolean {
    return this.lookup(key) !== undefined
  }

  /** Adds or overwrites 'key'; clears its TTL unless 'keepTtl'. Does not signal (callers do). */
  set(key: string, value: Value, keepTtl = false): void {
    this.dict.set(key, value)
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key)
  }

  /** Replaces the value of an existing key, keeping its TTL (in-place update). */
  overwrite(key: string, value: Value): void {
    this.dict.set(key, value)
  }

  /** Removes 'key' and its TTL; returns true when it existed (after lazy expiry). */
  delete(key: string): boolean {
    if (this.lookup(key) === undefined) return false
    this.dict.delete(key)
    if (this.expires.size !== 0) this.expires.delete(key)
    return true
  }

  /** Sets the absolute expiry time (ms) of an existing key. */
  setExpire(key: string, whenMs: number): void {
    this.expires.set(key, whenMs)
  }

  /** Absolute expiry (ms) or -1 when the key has no TTL. */
  getExpire(key: string): number {
    return this.expires.get(key) ?? -1
  }

  /** Removes the TTL; returns true when there was one. */
  persist(key: string): boolean {
    return this.expires.delete(key)
  }

  /** Drops every key. */
  clear(): void {
    this.dict.clear()
    this.expires.clear()
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

/**
 * The keyspace: the numbered databases (`databases` directive), SWAPDB/FLUSHALL at this
 * level, and the counters Redis keeps about it (hits, misses, expired keys, dirty).
 */

import { AccessClock, type AccessMode } from './access-clock.js'
import { Database, type KeyspaceHooks } from './database.js'

/** Counters reported by INFO stats / persistence. */
export interface KeyspaceStats {
  expiredKeys: number
  expiredStalePerc: number
  expiredTimeCapReachedCount: number
  keyspaceHits: number
  keyspaceMisses: number
}

export class Keyspace implements KeyspaceHooks {
  readonly dbs: Database[]
  readonly stats: KeyspaceStats = {
    expiredKeys: 0,
    expiredStalePerc: 0,
    expiredTimeCapReachedCount: 0,
    keyspaceHits: 0,
    keyspaceMisses: 0,
  }
  /** Per-key access metadata policy (maxmemory-policy decides LRU or LFU). */
  readonly clock = new AccessClock()
  /** Writes since the last save (rdb_changes_since_last_save). */
  dirty = 0
  /** Listeners installed by upper layers (transactions, notifications). */
  onModified: ((db: Database, key: string) => void) | null = null
  onNotify: ((type: string, event: string, key: string, db: Database) => void) | null = null
  /**
   * Called just before a whole database changes at once, while both still hold their keys:
   * 'emptied' is flushed (FLUSHDB/FLUSHALL, 'replacedWith' null) or gets the contents of
   * 'replacedWith' (SWAPDB, called for each side). WATCH must see which watched keys existed.
   */
  onDbChanged: ((emptied: Database, replacedWith: Database | null) => void) | null = null
  /**
   * Blocking commands' listener (server/blocking.ts): a key was written ('key'), or a whole
   * database now holds other data (SWAPDB, 'key' null). A slot of its own, so that the WATCH
   * and notification listeners above can be replaced freely.
   */
  onKeyReady: ((db: Database, key: string | null) => void) | null = null

  constructor(count: number) {
    this.dbs = []
    for (let i = 0; i < count; i++) this.dbs.push(new Database(i, this))
  }

  modified(db: Database, key: string): void {
    if (this.onModified !== null) this.onModified(db, key)
    if (this.onKeyReady !== null) this.onKeyReady(db, key)
  }

  notify(type: string, event: string, key: string, db: Database): void {
    if (this.onNotify !== null) this.onNotify(type, event, key, db)
  }

  expired(db: Database, key: string): void {
    this.stats.expiredKeys++
    this.modified(db, key)
    this.notify('x', 'expired', key, db)
  }

  /**
   * Starts or stops keeping per-key access metadata (the maxmemory-policy decides: 'lru',
   * 'lfu' or 'none'). Every key restarts from a fresh word: O(keys), once per policy change.
   */
  setAccessMode(mode: AccessMode): void {
    if (mode === this.clock.mode) return
    this.clock.mode = mode
    const initial = mode === 'none' ? null : this.clock.initial()
    for (const d of this.dbs) d.index.setMetaEnabled(initial)
  }

  /** Database 'index', or undefined when out of range. */
  db(index: number): Database | undefined {
    return this.dbs[index]
  }

  /** Swaps the contents of two databases (SWAPDB); clients keep their db numbers. */
  swap(a: number, b: number): void {
    const da = this.dbs[a]
    const db = this.dbs[b]
    if (da === undefined || db === undefined || a === b) return
    if (this.onDbChanged !== null) {
      this.onDbChanged(da, db)
      this.onDbChanged(db, da)
    }
    const dict = da.dict
    const exp = da.expires
    const index = da.index
    const huge = da.hugeExpires
    const hints = da.encodingHints
    da.dict = db.dict
    da.expires = db.expires
    da.index = db.index
    da.hugeExpires = db.hugeExpires
    da.encodingHints = db.encodingHints
    db.dict = dict
    db.expires = exp
    db.index = index
    db.hugeExpires = huge
    db.encodingHints = hints
    if (this.onKeyReady !== null) {
      this.onKeyReady(da, null)
      this.onKeyReady(db, null)
    }
  }

  /** Removes every key of every database; returns how many keys there were. */
  flushAll(): number {
    let n = 0
    for (const d of this.dbs) n += this.flushDb(d)
    return n
  }

  /** Removes every key of 'd' (FLUSHDB); returns how many keys there were. */
  flushDb(d: Database): number {
    const n = d.size
    if (this.onDbChanged !== null) this.onDbChanged(d, null)
    d.clear()
    return n
  }

  /** Total number of keys. */
  totalKeys(): number {
    let n = 0
    for (const d of this.dbs) n += d.size
    return n
  }
}

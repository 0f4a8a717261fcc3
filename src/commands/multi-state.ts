/**
 * Transaction state of a client (MULTI queue, queue-time error flag, WATCHed keys) and the
 * server-wide registry of watched keys that invalidates them (Redis 7.0 multi.c semantics:
 * touchWatchedKey, touchAllWatchedKeysInDb, isWatchedKeyExpired). Commands live in
 * transactions.ts. See https://redis.io/docs/manual/transactions/
 */

import type { Database } from '../store/database.js'
import type { Keyspace } from '../store/keyspace.js'
import type { ClientAttachment, ClientListFields, CommandClient, CommandEntry } from './context.js'

/** Attachment key of a client's transaction state. */
export const MULTI_STATE = 'multi'

/** A command queued between MULTI and EXEC. */
export interface QueuedCommand {
  readonly entry: CommandEntry
  readonly argv: string[]
}

/** One key watched by one client. */
interface WatchedKey {
  readonly db: Database
  readonly key: string
  /** The key was already logically expired when WATCH ran (redis watchedKey.expired). */
  expired: boolean
  readonly state: MultiState
}

/** True when 'key' has a TTL that has passed, whether or not it was deleted yet (redis keyIsExpired). */
function keyIsExpired(db: Database, key: string): boolean {
  const when = db.expires.get(key)
  return when !== undefined && when <= Date.now()
}

/**
 * Who watches which key, per database number. Installed on the keyspace hooks the first
 * time a client WATCHes; while nobody watches, a write costs one integer comparison.
 */
export class WatchRegistry {
  private readonly byDb: Map<string, Set<WatchedKey>>[] = []
  /** Watched (client, key) pairs in all databases. */
  private count = 0

  constructor(keyspace: Keyspace) {
    keyspace.onModified = (db, key) => this.touchKey(db, key)
    keyspace.onDbChanged = (emptied, replacedWith) => this.touchDb(emptied, replacedWith)
  }

  /** Adds 'wk' (the caller checked it is not watched yet by the same client). */
  add(wk: WatchedKey): void {
    let keys = this.byDb[wk.db.id]
    if (keys === undefined) {
      keys = new Map()
      this.byDb[wk.db.id] = keys
    }
    let set = keys.get(wk.key)
    if (set === undefined) {
      set = new Set()
      keys.set(wk.key, set)
    }
    set.add(wk)
    this.count++
  }

  /** Removes 'wk'. */
  remove(wk: WatchedKey): void {
    const keys = this.byDb[wk.db.id]
    const set = keys?.get(wk.key)
    if (set === undefined || !set.delete(wk)) return
    this.count--
    if (set.size === 0) keys!.delete(wk.key)
  }

  /**
   * A key was modified (signalModifiedKey, including deletion by expiry): every client
   * watching it becomes dirty, except one that watched it already expired and now sees it
   * deleted, which is no logical change (redis 7.0 touchWatchedKey).
   */
  touchKey(db: Database, key: string): void {
    if (this.count === 0) return
    const set = this.byDb[db.id]?.get(key)
    if (set === undefined) return
    const dirty: MultiState[] = []
    for (const wk of set) {
      if (wk.expired && !db.dict.has(key)) {
        wk.expired = false
        continue
      }
      dirty.push(wk.state)
    }
    // Dirty clients stop watching at once (nothing they watch matters any more).
    for (const s of dirty) s.markDirty()
  }

  /**
   * A whole database is about to be emptied (FLUSHDB, FLUSHALL: 'replacedWith' null) or
   * replaced with another's contents (SWAPDB). Only watched keys that exist before or after
   * make their watchers dirty; expired keys follow redis 7.0 touchAllWatchedKeysInDb.
   */
  touchDb(emptied: Database, replacedWith: Database | null): void {
    if (this.count === 0) return
    const keys = this.byDb[emptied.id]
    if (keys === undefined || keys.size === 0) return
    for (const [key, set] of keys) {
      const inEmptied = emptied.dict.has(key)
      const inReplacement = replacedWith?.dict.has(key) === true
      if (!inEmptied && !inReplacement) continue
      for (const wk of set) {
        if (wk.expired) {
          if (!inReplacement) {
            wk.expired = false // an expired key deleted: no logical change
            continue
          }
          if (keyIsExpired(replacedWith!, key)) continue // still expired
        } else if (!inEmptied && keyIsExpired(replacedWith!, key)) {
          wk.expired = true // a missing key replaced by an expired one
          continue
        }
        // Flagged only: unwatching here would change the set being iterated.
        wk.state.dirtyCas = true
      }
    }
  }
}

const registries = new WeakMap<Keyspace, WatchRegistry>()

/** The watch registry of 'keyspace', installed on first use. */
export function watchRegistry(keyspace: Keyspace): WatchRegistry {
  let reg = registries.get(keyspace)
  if (reg === undefined) {
    reg = new WatchRegistry(keyspace)
    registries.set(keyspace, reg)
  }
  return reg
}

/**
 * One client's MULTI/WATCH state, attached to it (and set as c.multi) while it is in MULTI,
 * watches keys or has a dirty WATCH; dropped by RESET and disconnection.
 */
export class MultiState implements ClientAttachment {
  /** Between MULTI and EXEC/DISCARD (redis CLIENT_MULTI). */
  inMulti = false
  /** A command was refused at queue time: EXEC will abort (redis CLIENT_DIRTY_EXEC). */
  dirtyExec = false
  /** A watched key was touched: EXEC will fail (redis CLIENT_DIRTY_CAS). */
  dirtyCas = false
  queue: QueuedCommand[] = []
  /** Bytes of the queued arguments (CLIENT LIST multi-mem). */
  private queuedBytes = 0
  private readonly watched = new Map<string, WatchedKey>()

  constructor(
    private readonly c: CommandClient,
    private readonly registry: WatchRegistry,
  ) {}

  /** The state of 'c', created and attached when missing. */
  static of(c: CommandClient): MultiState {
    let s = c.multi
    if (s === null) {
      s = new MultiState(c, watchRegistry(c.srv.keyspace))
      c.multi = s
      c.attach(MULTI_STATE, s)
    }
    return s
  }

  /** Queues a command (not when the transaction is already doomed, as Redis). */
  enqueue(entry: CommandEntry, argv: string[]): void {
    if (this.dirtyExec || this.dirtyCas) return
    this.queue.push({ entry, argv })
    for (const a of argv) this.queuedBytes += a.length
  }

  /** Watches 'key' of 'db' (once per client, database and key). */
  watch(db: Database, key: string): void {
    const id = `${db.id}:${key}`
    if (this.watched.has(id)) return
    const wk: WatchedKey = { db, key, expired: keyIsExpired(db, key), state: this }
    this.watched.set(id, wk)
    this.registry.add(wk)
  }

  /** True when a key watched alive has expired since (redis isWatchedKeyExpired, at EXEC). */
  watchedKeyExpired(): boolean {
    for (const wk of this.watched.values()) {
      if (!wk.expired && keyIsExpired(wk.db, wk.key)) return true
    }
    return false
  }

  /** A watched key was touched. */
  markDirty(): void {
    this.dirtyCas = true
    this.unwatchAll()
  }

  /** Stops watching every key (UNWATCH; EXEC before it runs the queue). */
  unwatchAll(): void {
    if (this.watched.size === 0) return
    for (const wk of this.watched.values()) this.registry.remove(wk)
    this.watched.clear()
  }

  /** Leaves MULTI and forgets the WATCHes (redis discardTransaction). */
  discard(): void {
    this.inMulti = false
    this.dirtyExec = false
    this.dirtyCas = false
    this.queue = []
    this.queuedBytes = 0
    this.unwatchAll()
    this.releaseIfIdle()
  }

  /** UNWATCH: forget the watches and a dirty flag they left. */
  unwatch(): void {
    this.unwatchAll()
    this.dirtyCas = false
    this.releaseIfIdle()
  }

  /** Detaches this state from the client once it holds nothing. */
  releaseIfIdle(): void {
    if (this.inMulti || this.dirtyCas || this.watched.size > 0) return
    if (this.c.multi === this) {
      this.c.multi = null
      this.c.detach(MULTI_STATE)
    }
  }

  reset(): void {
    this.discard()
  }

  close(): void {
    this.discard()
  }

  describe(f: ClientListFields): void {
    if (this.inMulti) {
      f.flags += 'x'
      f.multi = this.queue.length
    }
    if (this.dirtyCas) f.flags += 'd'
    // An estimate: argument bytes plus fixed costs per queued command and watched key.
    f.multiMem = this.queuedBytes + this.queue.length * 24 + this.watched.size * 40
  }
}

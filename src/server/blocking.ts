/**
 * Clients blocked on keys (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX,
 * BZMPOP), as Redis's blocked.c: each key keeps its waiting clients in blocking order; a write
 * to a key with waiters marks it ready, and after the command that wrote it (EXEC as a whole)
 * every ready key serves its waiters first-come first-served until one cannot be served.
 * Timeouts are per-client timers; CLIENT UNBLOCK ends a wait early; a blocked client's further
 * input waits in its parser until it is unblocked. See https://redis.io/commands/blpop/
 */

import type { BlockingService, BlockWaiter, ClientListFields, CommandClient } from '../commands/context.js'
import type { Database } from '../store/database.js'
import type { Keyspace } from '../store/keyspace.js'
import type { Client } from './client.js'

/** CLIENT UNBLOCK ... ERROR reply (Redis 7.0). */
export const ERR_UNBLOCKED = 'UNBLOCKED client unblocked via CLIENT UNBLOCK'

/** Longest delay a Node timer accepts. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** One blocked client. */
interface Waiting {
  readonly client: Client
  readonly db: Database
  readonly keys: readonly string[]
  readonly waiter: BlockWaiter
  timer: NodeJS.Timeout | null
  /**
   * Whether the blocking request's reply is sent: CLIENT REPLY SKIP/OFF as they stood for
   * it (Redis keeps CLIENT_REPLY_SKIP set until the blocked command ends), not for the next.
   */
  readonly replies: boolean
}

/** A key marked ready, to be served after the current command. */
interface ReadyKey {
  readonly db: Database
  readonly key: string
}

export class BlockingManager implements BlockingService {
  /** Per database, per key: the clients waiting, oldest first. */
  private readonly byKey = new Map<Database, Map<string, Waiting[]>>()
  private readonly byClient = new Map<number, Waiting>()
  /** Keys written since the last serve pass, in signal order, without duplicates. */
  private ready: ReadyKey[] = []
  private readonly readySet = new Map<Database, Set<string>>()
  private serving = false

  constructor(
    keyspace: Keyspace,
    /** Called for each client just unblocked: flush its reply, then run its pending input. */
    private readonly onUnblocked: (c: Client) => void,
  ) {
    keyspace.onKeyReady = (db, key) => {
      if (this.byClient.size === 0) return
      if (key !== null) {
        this.signal(db, key)
        return
      }
      const keys = this.byKey.get(db)
      if (keys !== undefined) for (const k of keys.keys()) this.signal(db, k)
    }
  }

  /** Clients blocked now (INFO blocked_clients). */
  get blockedClients(): number {
    return this.byClient.size
  }

  /** Blocked clients with a timeout (INFO clients_in_timeout_table). */
  get clientsWithTimeout(): number {
    let n = 0
    for (const w of this.byClient.values()) if (w.timer !== null) n++
    return n
  }

  /** True when keys wait to be served (checked after each command). */
  get hasReady(): boolean {
    return this.ready.length !== 0
  }

  block(c: CommandClient, keys: readonly string[], timeoutAt: number, waiter: BlockWaiter): void {
    const client = c as Client
    const unique = [...new Set(keys)]
    const w: Waiting = { client, db: client.db, keys: unique, waiter, timer: null, replies: client.w.enabled }
    let perDb = this.byKey.get(w.db)
    if (perDb === undefined) {
      perDb = new Map()
      this.byKey.set(w.db, perDb)
    }
    for (const k of unique) {
      const list = perDb.get(k)
      if (list === undefined) perDb.set(k, [w])
      else list.push(w)
    }
    this.byClient.set(client.id, w)
    if (timeoutAt > 0) this.arm(w, timeoutAt)
    client.isBlocked = true
    client.attach('blocked', {
      reset: () => this.remove(w),
      close: () => this.remove(w),
      describe: (f: ClientListFields) => {
        f.flags = 'b'
      },
    })
  }

  unblock(id: number, withError: boolean): boolean {
    const w = this.byClient.get(id)
    if (w === undefined) return false
    const errors = w.client.errorReplies
    replyAs(w.client, w.replies, () => {
      if (withError) w.client.w.error(ERR_UNBLOCKED)
      else w.waiter.timeout(w.client)
    })
    this.finish(w, errors)
    return true
  }

  /**
   * Suspends 'c' until 'pending' settles (CONFIG SET waiting for new sockets to bind): its
   * further input waits in its parser meanwhile, as for a wait on keys. A client gone by then
   * gets nothing; an error reply counts as a failed call of the suspending command.
   */
  suspend<T>(c: CommandClient, pending: Promise<T>, resume: (c: CommandClient, value: T) => void): void {
    const client = c as Client
    client.isBlocked = true
    // CLIENT REPLY OFF/SKIP as they stood for the suspending request, not the next one.
    const replies = client.w.enabled
    let gone = false
    // RESET cannot reach a suspended client (its input waits); only a disconnection can.
    client.attach('suspended', { reset: () => {}, close: () => (gone = true) })
    const done = (write: () => void): void => {
      if (gone || client.closed) return
      client.detach('suspended')
      const errors = client.errorReplies
      replyAs(client, replies, write)
      const entry = client.blockedEntry
      if (entry !== null && client.errorReplies !== errors) entry.failedCalls++
      client.isBlocked = false
      client.blockedEntry = null
      this.onUnblocked(client)
    }
    pending.then(
      (value) => done(() => resume(client, value)),
      (err: unknown) => done(() => client.w.error(`ERR ${err instanceof Error ? err.message : String(err)}`)),
    )
  }

  /** Marks 'key' of 'db' ready if clients wait on it (Redis signalKeyAsReady). */
  signal(db: Database, key: string): void {
    const perDb = this.byKey.get(db)
    if (perDb === undefined || !perDb.has(key)) return
    let set = this.readySet.get(db)
    if (set === undefined) {
      set = new Set()
      this.readySet.set(db, set)
    }
    if (set.has(key)) return
    set.add(key)
    this.ready.push({ db, key })
  }

  /**
   * Serves the clients waiting on the ready keys (Redis handleClientsBlockedOnKeys): for each
   * key in signal order, its waiters in blocking order, until one cannot be served. Serving
   * may write other keys (BLMOVE's destination), which join the queue in this same pass.
   */
  handleReady(): void {
    if (this.serving) return
    this.serving = true
    try {
      while (this.ready.length !== 0) {
        const batch = this.ready
        this.ready = []
        this.readySet.clear()
        for (const { db, key } of batch) this.serveKey(db, key)
      }
    } finally {
      this.serving = false
    }
  }

  private serveKey(db: Database, key: string): void {
    const waiting = this.byKey.get(db)?.get(key)
    if (waiting === undefined) return
    for (const w of [...waiting]) {
      if (this.byClient.get(w.client.id) !== w) continue
      // A waiter the key cannot serve (emptied, or another type than it waits for) stays.
      const errors = w.client.errorReplies
      if (replyAs(w.client, w.replies, () => w.waiter.serve(w.client, key))) this.finish(w, errors)
    }
  }

  /**
   * Sets the timer of 'w' for 'at' (ms since epoch). Node fires any delay beyond 2^31-1 ms at
   * once, so a longer wait (BLPOP k 1e9) re-arms in steps of at most that.
   */
  private arm(w: Waiting, at: number): void {
    const delay = Math.max(0, at - Date.now())
    if (delay > MAX_TIMER_MS) {
      w.timer = setTimeout(() => this.arm(w, at), MAX_TIMER_MS)
    } else {
      w.timer = setTimeout(() => this.timedOut(w), delay)
    }
  }

  private timedOut(w: Waiting): void {
    w.timer = null
    if (this.byClient.get(w.client.id) !== w) return
    const errors = w.client.errorReplies
    replyAs(w.client, w.replies, () => w.waiter.timeout(w.client))
    this.finish(w, errors)
  }

  /**
   * Ends a wait that produced a reply: the client resumes. An error reply (CLIENT UNBLOCK
   * ERROR, BLMOVE's WRONGTYPE) counts as a failed call of the blocked command, as redis
   * updateStatsOnUnblock; 'errorsBefore' is the client's error count before the reply.
   */
  private finish(w: Waiting, errorsBefore: number): void {
    const entry = w.client.blockedEntry
    if (entry !== null && w.client.errorReplies !== errorsBefore) entry.failedCalls++
    this.remove(w)
    this.onUnblocked(w.client)
  }

  /** Forgets 'w' everywhere (no reply). */
  private remove(w: Waiting): void {
    if (this.byClient.get(w.client.id) !== w) return
    this.byClient.delete(w.client.id)
    if (w.timer !== null) clearTimeout(w.timer)
    w.timer = null
    const perDb = this.byKey.get(w.db)
    if (perDb !== undefined) {
      for (const k of w.keys) {
        const list = perDb.get(k)
        if (list === undefined) continue
        const i = list.indexOf(w)
        if (i >= 0) list.splice(i, 1)
        if (list.length === 0) perDb.delete(k)
      }
      if (perDb.size === 0) this.byKey.delete(w.db)
    }
    w.client.isBlocked = false
    w.client.blockedEntry = null
    w.client.detach('blocked')
  }
}

/**
 * Runs 'write' (the late reply of a blocked or suspended request) with that request's reply
 * mode, 'replies' (CLIENT REPLY SKIP/OFF as they stood for it), then restores the current one.
 */
function replyAs<T>(client: Client, replies: boolean, write: () => T): T {
  const writer = client.w
  const next = writer.enabled
  writer.enabled = replies
  try {
    return write()
  } finally {
    writer.enabled = next
  }
}

/**
 * Active expiry: each cron tick samples keys that have a TTL and deletes the expired ones,
 * within a time budget (redis expire.c activeExpireCycle, slow cycle: 25% of a tick).
 * Each database keeps a cursor (a live Map iterator) so successive ticks walk the whole
 * expires map instead of sampling the same keys.
 */

import type { Keyspace } from './keyspace.js'

/** Keys examined per database per loop before checking the clock (ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP). */
const KEYS_PER_LOOP = 20
/** Keep looping on a database while more than this share of sampled keys was expired. */
const ACCEPTABLE_STALE = 0.1

export class ActiveExpire {
  /** Keyed by the expires Map itself, which SWAPDB and FLUSHDB may replace. */
  private readonly cursors = new WeakMap<Map<string, number>, Iterator<[string, number]>>()
  private nextDb = 0

  constructor(private readonly keyspace: Keyspace) {}

  /**
   * Runs one cycle for at most 'budgetMs' milliseconds. Returns the number of keys expired.
   * Bounded: stops at the budget, and visits each database at most once per cycle.
   */
  cycle(budgetMs: number): number {
    const dbs = this.keyspace.dbs
    const start = performance.now()
    let expired = 0
    let sampledTotal = 0
    let expiredTotal = 0
    for (let visited = 0; visited < dbs.length; visited++) {
      const db = dbs[this.nextDb]!
      this.nextDb = (this.nextDb + 1) % dbs.length
      if (db.expires.size === 0) continue
      for (;;) {
        const now = Date.now()
        let sampled = 0
        let hits = 0
        let it = this.cursors.get(db.expires)
        if (it === undefined) {
          it = db.expires.entries()
          this.cursors.set(db.expires, it)
        }
        const limit = Math.min(KEYS_PER_LOOP, db.expires.size)
        while (sampled < limit) {
          const r = it.next()
          if (r.done === true) {
            it = db.expires.entries()
            this.cursors.set(db.expires, it)
            if (sampled === 0 && db.expires.size === 0) break
            const again = it.next()
            if (again.done === true) break
            sampled++
            if (again.value[1] <= now && db.expireIfNeeded(again.value[0], now)) hits++
            continue
          }
          sampled++
          if (r.value[1] <= now && db.expireIfNeeded(r.value[0], now)) hits++
        }
        expired += hits
        sampledTotal += sampled
        expiredTotal += hits
        if (performance.now() - start > budgetMs) {
          this.keyspace.stats.expiredTimeCapReachedCount++
          this.updateStale(sampledTotal, expiredTotal)
          return expired
        }
        if (sampled === 0 || hits / sampled <= ACCEPTABLE_STALE) break
      }
    }
    this.updateStale(sampledTotal, expiredTotal)
    return expired
  }

  private updateStale(sampled: number, expired: number): void {
    const perc = sampled === 0 ? 0 : expired / sampled
    const s = this.keyspace.stats
    s.expiredStalePerc = perc * 0.05 + s.expiredStalePerc * 0.95
  }
}

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ActiveExpire } from '../../../src/store/active-expire.js'
import { Keyspace } from '../../../src/store/keyspace.js'

/** A keyspace whose db 0 holds 'expired' keys already past their TTL and 'live' keys with a far TTL. */
function filled(expired: number, live: number): Keyspace {
  const ks = new Keyspace(4)
  const db = ks.dbs[0]!
  const past = Date.now() - 1000
  for (let i = 0; i < expired; i++) {
    db.set(`e:${i}`, 'v')
    db.setExpire(`e:${i}`, past)
  }
  for (let i = 0; i < live; i++) {
    db.set(`l:${i}`, 'v')
    db.setExpire(`l:${i}`, Date.now() + 3_600_000)
  }
  return ks
}

describe('ActiveExpire', () => {
  it('one cycle stops at its time budget, however many keys are expired', () => {
    const ks = filled(200_000, 0)
    const cycle = new ActiveExpire(ks)
    const start = performance.now()
    const n = cycle.cycle(2)
    const elapsed = performance.now() - start
    assert.ok(n > 0, 'the cycle expired nothing')
    assert.ok(n < 200_000, 'one 2 ms cycle expired every key: its work is not bounded')
    // The clock is checked every 20 keys: the overrun is one batch, far below 50 ms.
    assert.ok(elapsed < 50, `cycle took ${elapsed.toFixed(1)} ms for a 2 ms budget`)
    assert.equal(ks.stats.expiredTimeCapReachedCount, 1)
    assert.equal(ks.stats.expiredKeys, n)
    assert.equal(ks.dbs[0]!.size, 200_000 - n)
  })

  it('repeated cycles reclaim every expired key and leave live ones', () => {
    const ks = filled(5000, 3000)
    const cycle = new ActiveExpire(ks)
    let total = 0
    for (let i = 0; i < 1000 && ks.dbs[0]!.size > 3000; i++) total += cycle.cycle(5)
    assert.equal(total, 5000)
    assert.equal(ks.dbs[0]!.size, 3000)
    assert.equal(ks.dbs[0]!.index.count, 3000)
    assert.equal(ks.dbs[0]!.expires.size, 3000)
  })

  it('a cycle over keys that are all live samples a bounded number and expires none', () => {
    const ks = filled(0, 50_000)
    const cycle = new ActiveExpire(ks)
    const start = performance.now()
    assert.equal(cycle.cycle(25), 0)
    // Below the 10% stale threshold after one 20-key sample, the database is left at once.
    assert.ok(performance.now() - start < 20)
    assert.equal(ks.stats.expiredTimeCapReachedCount, 0)
  })
})

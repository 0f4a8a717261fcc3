/**
 * Unit tests of the WATCH registry's Redis 7.0 rules for keys that were already expired when
 * watched (multi.c watchedKey.expired): their deletion is no change, FLUSHDB of them is no
 * change, SWAPDB bringing an expired key in is no change, while any real value aborts. These
 * cases need a key expired but not yet deleted, which active expiry makes racy over sockets.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CommandClient } from '../../../src/commands/context.js'
import { MultiState, WatchRegistry } from '../../../src/commands/multi-state.js'
import { Keyspace } from '../../../src/store/keyspace.js'

function setup(): { ks: Keyspace; m: MultiState } {
  const ks = new Keyspace(2)
  const client = { multi: null, attach() {}, detach() {} } as unknown as CommandClient
  const m = new MultiState(client, new WatchRegistry(ks))
  client.multi = m
  return { ks, m }
}

/** Stores 'key' in 'db' with a TTL that has already passed (not deleted yet). */
function setExpired(ks: Keyspace, dbIndex: number, key: string): void {
  const db = ks.dbs[dbIndex]!
  db.set(key, 'v')
  db.setExpire(key, Date.now() - 1000)
}

describe('WATCH of keys already expired', () => {
  it('an expired key watched, then deleted by expiry, does not abort EXEC', () => {
    const { ks, m } = setup()
    setExpired(ks, 0, 'k')
    m.watch(ks.dbs[0]!, 'k')
    assert.equal(m.watchedKeyExpired(), false)
    assert.equal(ks.dbs[0]!.lookup('k'), undefined) // lazy expiry deletes and signals
    assert.equal(m.dirtyCas, false)
  })

  it('an expired key watched, then written, aborts EXEC', () => {
    const { ks, m } = setup()
    setExpired(ks, 0, 'k')
    m.watch(ks.dbs[0]!, 'k')
    ks.dbs[0]!.set('k', 'new')
    ks.dbs[0]!.modified('k')
    assert.equal(m.dirtyCas, true)
  })

  it('a live key watched that expires later aborts EXEC (isWatchedKeyExpired)', () => {
    const { ks, m } = setup()
    const db = ks.dbs[0]!
    db.set('k', 'v')
    db.setExpire('k', Date.now() + 60_000)
    m.watch(db, 'k')
    assert.equal(m.watchedKeyExpired(), false)
    db.setExpire('k', Date.now() - 1) // as if time passed, without a signal
    assert.equal(m.watchedKeyExpired(), true)
  })

  it('FLUSHDB of a watched expired key is no change; of a live key it is', () => {
    const { ks, m } = setup()
    setExpired(ks, 0, 'k')
    ks.dbs[0]!.set('live', 'v')
    m.watch(ks.dbs[0]!, 'k')
    ks.flushDb(ks.dbs[0]!)
    assert.equal(m.dirtyCas, false)
    ks.dbs[0]!.set('live', 'v')
    m.watch(ks.dbs[0]!, 'live')
    ks.flushAll()
    assert.equal(m.dirtyCas, true)
  })

  it('SWAPDB bringing an expired key where none was is no change, and marks it expired', () => {
    const { ks, m } = setup()
    setExpired(ks, 1, 'k')
    m.watch(ks.dbs[0]!, 'k')
    ks.swap(0, 1)
    assert.equal(m.dirtyCas, false)
    // Now watched as expired: its deletion is no change either.
    assert.equal(ks.dbs[0]!.lookup('k'), undefined)
    assert.equal(m.dirtyCas, false)
    assert.equal(m.watchedKeyExpired(), false)
  })

  it('SWAPDB replacing a watched expired key with a live one aborts EXEC', () => {
    const { ks, m } = setup()
    setExpired(ks, 0, 'k')
    ks.dbs[1]!.set('k', 'live')
    m.watch(ks.dbs[0]!, 'k')
    ks.swap(0, 1)
    assert.equal(m.dirtyCas, true)
  })

  it('SWAPDB with a database lacking the watched key leaves a missing key untouched', () => {
    const { ks, m } = setup()
    m.watch(ks.dbs[0]!, 'k')
    ks.dbs[1]!.set('other', 'v')
    ks.swap(0, 1)
    assert.equal(m.dirtyCas, false)
  })
})

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Keyspace } from '../../../src/store/keyspace.js'

/** Sorted keys of a full index scan. */
function scanAll(ks: Keyspace, db: number): string[] {
  const d = ks.dbs[db]!
  const out: string[] = []
  let cursor = 0
  do cursor = d.index.scanStep(cursor, out)
  while (cursor !== 0)
  return out.sort()
}

describe('Database keeps its KeyIndex in step with the dict', () => {
  it('through set, overwrite, delete, lazy expiry and clear', () => {
    const ks = new Keyspace(2)
    const db = ks.dbs[0]!
    db.set('a', '1')
    db.set('b', '2')
    db.set('a', '3')
    db.overwrite('b', '4')
    assert.deepEqual(scanAll(ks, 0), ['a', 'b'])
    db.set('c', 'x')
    db.setExpire('c', Date.now() - 1)
    assert.equal(db.lookup('c'), undefined)
    assert.deepEqual(scanAll(ks, 0), ['a', 'b'])
    assert.equal(db.delete('a'), true)
    assert.equal(db.delete('a'), false)
    assert.deepEqual(scanAll(ks, 0), ['b'])
    db.clear()
    assert.equal(db.index.count, 0)
  })

  it('SWAPDB swaps the indexes with the dicts', () => {
    const ks = new Keyspace(2)
    ks.dbs[0]!.set('zero', 'v')
    ks.dbs[1]!.set('one', 'v')
    ks.swap(0, 1)
    assert.deepEqual(scanAll(ks, 0), ['one'])
    assert.deepEqual(scanAll(ks, 1), ['zero'])
  })

  it('syncIndex rebuilds the index when the dict was changed directly', () => {
    const ks = new Keyspace(1)
    const db = ks.dbs[0]!
    db.set('a', '1')
    db.dict.set('sneaky', '2')
    assert.equal(db.syncIndex(), true)
    assert.deepEqual(scanAll(ks, 0), ['a', 'sneaky'])
    assert.equal(db.syncIndex(), false)
  })

  it('keeps expiry times beyond 2^53 exact, and forgets them with the TTL', () => {
    const ks = new Keyspace(1)
    const db = ks.dbs[0]!
    db.set('k', 'v')
    db.setExpireExact('k', 9223372036854775807n)
    assert.equal(db.getExpireExact('k'), 9223372036854775807n)
    assert.equal(db.getExpire('k'), 2 ** 63)
    db.setExpire('k', 5e12)
    assert.equal(db.getExpireExact('k'), 5e12)
    db.setExpireExact('k', 9223372036854775000n)
    db.set('k', 'v2')
    assert.equal(db.getExpireExact('k'), -1)
    db.setExpireExact('k', 123n)
    assert.equal(db.getExpireExact('k'), 123)
  })

  it('access metadata is kept only while an LRU/LFU mode is on, and reads update it', () => {
    const ks = new Keyspace(1)
    const db = ks.dbs[0]!
    let now = 1_700_000_000_000
    ks.clock.now = () => now
    db.set('a', '1')
    assert.equal(db.index.hasMeta, false)
    ks.setAccessMode('lru')
    assert.equal(db.index.hasMeta, true)
    now += 10_000
    db.set('b', '2')
    const idle = (k: string): number => ks.clock.idleSeconds(db.index.getMeta(db.index.find(k)))
    assert.equal(idle('a'), 10)
    assert.equal(idle('b'), 0)
    db.lookup('a')
    assert.equal(idle('a'), 0)
    now += 3000
    db.peek('a')
    assert.equal(idle('a'), 3)
    ks.setAccessMode('none')
    assert.equal(db.index.hasMeta, false)
  })

  it('forgets a string encoding hint on any write of the key, and swaps hints with SWAPDB', () => {
    const ks = new Keyspace(2)
    const db = ks.dbs[0]!
    for (const write of [
      () => db.set('k', 'x'),
      () => db.overwrite('k', 'y'),
      () => db.delete('k'),
      () => db.clear(),
    ]) {
      db.set('k', '1')
      db.setEncodingHint('k', 'raw')
      assert.equal(db.encodingHint('k'), 'raw')
      write()
      assert.equal(db.encodingHint('k'), undefined)
      assert.equal(db.encodingHints, null)
    }
    db.set('k', '1')
    db.setEncodingHint('k', 'embstr')
    ks.swap(0, 1)
    assert.equal(ks.dbs[1]!.encodingHint('k'), 'embstr')
    assert.equal(ks.dbs[0]!.encodingHint('k'), undefined)
  })
})

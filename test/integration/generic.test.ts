/**
 * The generic family on a running redoubt over sockets, for what a reply-by-reply diff cannot
 * show: the SCAN guarantee while other clients add and delete keys between calls, RANDOMKEY's
 * spread, the active expiry cycle reclaiming keys nobody touches, and OBJECT IDLETIME/FREQ
 * under each kind of maxmemory-policy (redoubt keeps access times only for LRU/LFU policies).
 */

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createPrng, testSeed } from '../helpers/prng.js'
import { RawClient } from '../helpers/raw-client.js'
import { type RedoubtHandle, startRedoubt } from '../helpers/redoubt.js'
import type { Reply } from '../helpers/resp-decode.js'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Sends every command, then reads every reply (one round trip for a batch). */
async function pipeline(c: RawClient, cmds: string[][]): Promise<void> {
  for (const cmd of cmds) c.send(cmd)
  await c.readN(cmds.length)
}

async function withServer(
  opts: Record<string, string | number>,
  fn: (c: RawClient, other: RawClient) => Promise<void>,
): Promise<void> {
  const server = await startRedoubt(opts)
  const c = await RawClient.connect(server.port)
  const other = await RawClient.connect(server.port)
  try {
    await fn(c, other)
  } finally {
    await Promise.all([c.close(), other.close()])
    await server.close()
  }
}

describe('SCAN on a live keyspace', () => {
  let server: RedoubtHandle
  let c: RawClient
  let writer: RawClient
  before(async () => {
    server = await startRedoubt()
    c = await RawClient.connect(server.port)
    writer = await RawClient.connect(server.port)
  })
  after(async () => {
    await Promise.all([c.close(), writer.close()])
    await server.close()
  })

  it('returns every key present for the whole scan while another client adds and deletes keys', async () => {
    const seed = testSeed(4242)
    const rng = createPrng(seed)
    await c.call('FLUSHALL')
    const stable: string[] = []
    const setup: string[][] = []
    for (let i = 0; i < 300; i++) {
      const key = `stable:${i}`
      stable.push(key)
      setup.push(['SET', key, 'v'])
    }
    const churn = new Set<string>()
    let nextChurn = 0
    for (; nextChurn < 3000; nextChurn++) {
      churn.add(`churn:${nextChurn}`)
      setup.push(['SET', `churn:${nextChurn}`, 'v'])
    }
    await pipeline(writer, setup)
    const seen = new Set<string>()
    let cursor = '0'
    let calls = 0
    do {
      const reply = (await c.callDecoded('SCAN', cursor, 'COUNT', String(rng.range(1, 20)))) as Reply[]
      cursor = String(reply[0])
      for (const k of reply[1] as string[]) seen.add(k)
      // Between calls another client adds or deletes keys: usually a few, sometimes thousands
      // at once, so the table grows and shrinks several times over while the cursor is out.
      const batch: string[][] = []
      const burst = rng.bool(0.03)
      if (rng.bool(0.5)) {
        const n = burst ? 4000 : rng.range(0, 15)
        for (let i = 0; i < n; i++, nextChurn++) {
          churn.add(`churn:${nextChurn}`)
          batch.push(['SET', `churn:${nextChurn}`, 'v'])
        }
      } else {
        let n = burst ? churn.size : rng.range(0, 15)
        for (const k of churn) {
          if (n-- <= 0) break
          churn.delete(k)
          batch.push(['DEL', k])
        }
      }
      if (batch.length > 0) await pipeline(writer, batch)
      calls++
      assert.ok(calls < 100000, 'SCAN did not finish')
    } while (cursor !== '0')
    const missing = stable.filter((k) => !seen.has(k))
    assert.deepEqual(missing, [], `seed ${seed}: keys present for the whole scan were never returned`)
  })

  it('bounds the work of one call by COUNT, whatever the database size', async () => {
    await c.call('FLUSHALL')
    const setup: string[][] = []
    for (let i = 0; i < 20000; i++) setup.push(['SET', `big:${i}`, 'v'])
    await pipeline(writer, setup)
    const reply = (await c.callDecoded('SCAN', '0', 'COUNT', '10')) as Reply[]
    const keys = reply[1] as string[]
    assert.notEqual(String(reply[0]), '0')
    // Whole buckets are returned: a few more than COUNT at most, never a large part of the database.
    assert.ok(keys.length >= 10 && keys.length < 40, `${keys.length} keys for COUNT 10`)
    // A MATCH that filters everything still stops after COUNT * 10 buckets.
    const none = (await c.callDecoded('SCAN', '0', 'COUNT', '10', 'MATCH', 'nothing*')) as Reply[]
    assert.notEqual(String(none[0]), '0')
    assert.deepEqual(none[1], [])
  })

  it('RANDOMKEY picks every key of a small database, roughly evenly', async () => {
    await c.call('FLUSHALL')
    const names = ['a', 'b', 'c', 'd', 'e']
    await pipeline(
      writer,
      names.map((n) => ['SET', n, 'v']),
    )
    const counts = new Map<string, number>()
    const draws = 2000
    for (let i = 0; i < draws; i++) c.send(['RANDOMKEY'])
    for (const r of await c.readN(draws)) {
      const k = r.toString('latin1').split('\r\n')[1]!
      counts.set(k, (counts.get(k) ?? 0) + 1)
    }
    assert.deepEqual([...counts.keys()].sort(), names)
    for (const [k, n] of counts) assert.ok(n > 250 && n < 550, `${k} drawn ${n} times of ${draws}`)
  })
})

describe('active expiry', () => {
  it('reclaims keys with a short TTL that nobody reads again', () =>
    withServer({ hz: 50 }, async (c) => {
      const cmds: string[][] = []
      for (let i = 0; i < 3000; i++) cmds.push(['SET', `t:${i}`, 'v', 'PX', String(1000 + (i % 50))])
      for (let i = 0; i < 100; i++) cmds.push(['SET', `keep:${i}`, 'v'])
      await pipeline(c, cmds)
      // DBSIZE counts keys not yet reclaimed, so it only drops if the cycle deletes them.
      // TTLs of a second leave room for a loaded machine to finish the pipeline first.
      assert.equal((await c.call('DBSIZE')).toString(), ':3100\r\n')
      const deadline = Date.now() + 10000
      let size = 3100
      while (Date.now() < deadline) {
        await sleep(100)
        size = Number((await c.call('DBSIZE')).toString().slice(1, -2))
        if (size === 100) break
      }
      assert.equal(size, 100, 'expired keys were not reclaimed by the active cycle')
      const info = (await c.call('INFO', 'stats')).toString('latin1')
      assert.match(info, /expired_keys:3000\r\n/)
    }))
})

describe('OBJECT IDLETIME and FREQ under each maxmemory-policy', () => {
  it('noeviction keeps no access times: IDLETIME answers an error, FREQ Redis’s error', () =>
    withServer({}, async (c) => {
      await c.call('SET', 'k', 'v')
      assert.match(
        (await c.call('OBJECT', 'IDLETIME', 'k')).toString(),
        /^-ERR An LRU maxmemory policy is not selected/,
      )
      assert.match(
        (await c.call('OBJECT', 'FREQ', 'k')).toString(),
        /^-ERR An LFU maxmemory policy is not selected/,
      )
      assert.equal((await c.call('OBJECT', 'IDLETIME', 'missing')).toString(), '$-1\r\n')
    }))

  it('an LRU policy answers IDLETIME in seconds since the last access, and reads reset it', () =>
    withServer({ 'maxmemory-policy': 'allkeys-lru' }, async (c) => {
      await c.call('SET', 'k', 'v')
      await c.call('SET', 'other', 'v')
      assert.equal((await c.call('OBJECT', 'IDLETIME', 'k')).toString(), ':0\r\n')
      await sleep(2100)
      // OBJECT and TYPE do not count as accesses; GET does.
      await c.call('TYPE', 'k')
      assert.match((await c.call('OBJECT', 'IDLETIME', 'k')).toString(), /^:[23]\r\n$/)
      await c.call('GET', 'k')
      assert.equal((await c.call('OBJECT', 'IDLETIME', 'k')).toString(), ':0\r\n')
      assert.match((await c.call('OBJECT', 'IDLETIME', 'other')).toString(), /^:[23]\r\n$/)
      await c.call('TOUCH', 'other')
      assert.equal((await c.call('OBJECT', 'IDLETIME', 'other')).toString(), ':0\r\n')
    }))

  it('an LFU policy answers FREQ from LFU_INIT_VAL and refuses IDLETIME', () =>
    withServer({ 'maxmemory-policy': 'allkeys-lfu' }, async (c) => {
      await c.call('SET', 'k', 'v')
      assert.equal((await c.call('OBJECT', 'FREQ', 'k')).toString(), ':5\r\n')
      await c.call('GET', 'k')
      assert.equal((await c.call('OBJECT', 'FREQ', 'k')).toString(), ':6\r\n')
      for (let i = 0; i < 200; i++) c.send(['GET', 'k'])
      await c.readN(200)
      const freq = Number((await c.call('OBJECT', 'FREQ', 'k')).toString().slice(1, -2))
      // Logarithmic: 200 more reads move the counter by a few steps, not by 200.
      assert.ok(freq > 6 && freq < 30, `FREQ ${freq} after 201 reads`)
      assert.match(
        (await c.call('OBJECT', 'IDLETIME', 'k')).toString(),
        /^-ERR An LFU maxmemory policy is selected/,
      )
    }))
})

/**
 * Transactions through real client libraries against redoubt: ioredis 6 multi()/exec() and
 * watch(), node-redis ('redis' 6) multi()/exec() and watch() with its WatchError, in RESP2
 * and RESP3; run-time errors come back per command, queue-time errors reject the EXEC.
 */

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { createClient, WatchError } from 'redis'
import { type RedoubtHandle, startRedoubt } from '../helpers/redoubt.js'

let server: RedoubtHandle

before(async () => {
  server = await startRedoubt()
})

after(async () => {
  await server.close()
})

function ioredis(protocol: 2 | 3): Redis {
  return new Redis({
    port: server.port,
    host: '127.0.0.1',
    protocol,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
}

async function nodeRedis(protocol: 2 | 3) {
  const client = createClient({
    socket: { port: server.port, host: '127.0.0.1', reconnectStrategy: false },
    RESP: protocol,
  })
  client.on('error', () => {})
  await client.connect()
  return client
}

for (const protocol of [2, 3] as const) {
  describe(`ioredis, RESP${protocol}`, () => {
    it('multi().exec() returns [error, reply] pairs, a run-time error in its slot', async () => {
      const r = ioredis(protocol)
      try {
        const key = `io${protocol}:a`
        const res = await r.multi().set(key, 'x').incr(key).get(key).exec()
        assert.ok(res !== null)
        assert.deepEqual(res[0], [null, 'OK'])
        assert.ok(res[1]![0] instanceof Error)
        assert.match((res[1]![0] as Error).message, /not an integer/)
        assert.deepEqual(res[2], [null, 'x'])
      } finally {
        r.disconnect()
      }
    })

    it('a queue-time error rejects exec() with EXECABORT and runs nothing', async () => {
      const r = ioredis(protocol)
      try {
        const key = `io${protocol}:q`
        const tx = r.multi().set(key, '1')
        ;(tx as unknown as { call(...a: string[]): unknown }).call('nosuchcommand')
        await assert.rejects(tx.exec(), /EXECABORT/)
        assert.equal(await r.exists(key), 0)
      } finally {
        r.disconnect()
      }
    })

    it('watch(): a key changed by another client makes exec() return null', async () => {
      const r = ioredis(protocol)
      const other = ioredis(protocol)
      try {
        const key = `io${protocol}:w`
        await r.set(key, '1')
        await r.watch(key)
        await other.incr(key)
        assert.equal(await r.multi().set(key, 'mine').exec(), null)
        assert.equal(await r.get(key), '2')
        await r.watch(key)
        assert.deepEqual(await r.multi().set(key, 'mine').exec(), [[null, 'OK']])
      } finally {
        r.disconnect()
        other.disconnect()
      }
    })
  })

  describe(`node-redis, RESP${protocol}`, () => {
    it('multi().exec() returns the replies', async () => {
      const c = await nodeRedis(protocol)
      try {
        const key = `nr${protocol}:a`
        const res = await c.multi().set(key, 'v').append(key, 'w').get(key).exec()
        assert.deepEqual(res, ['OK', 2, 'vw'])
      } finally {
        await c.quit()
      }
    })

    it('watch(): a key changed by another client makes exec() throw WatchError', async () => {
      const c = await nodeRedis(protocol)
      const other = await nodeRedis(protocol)
      try {
        const key = `nr${protocol}:w`
        await c.watch(key)
        await other.set(key, 'theirs')
        await assert.rejects(c.multi().set(key, 'mine').exec(), WatchError)
        assert.equal(await c.get(key), 'theirs')
        await c.watch(key)
        assert.deepEqual(await c.multi().set(key, 'mine').exec(), ['OK'])
        assert.equal(await c.get(key), 'mine')
      } finally {
        await c.quit()
        await other.quit()
      }
    })

    it('a watched key that expires before EXEC aborts it', async () => {
      const c = await nodeRedis(protocol)
      try {
        const key = `nr${protocol}:e`
        await c.set(key, 'v', { PX: 40 })
        await c.watch(key)
        await new Promise((r) => setTimeout(r, 100))
        await assert.rejects(c.multi().get(key).exec(), WatchError)
      } finally {
        await c.quit()
      }
    })
  })
}

/**
 * Blocking commands with several real clients at once, each scenario run against redoubt and
 * against redis-server 7.0 with the same expectations: FIFO service of clients blocked on one
 * key, sub-second timeouts, wake-up by push, RENAME, COPY, MOVE, SWAPDB, MULTI/EXEC and ZADD, BLMOVE chains,
 * CLIENT UNBLOCK, disconnection while blocked, and requests pipelined behind a blocked command.
 */

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { RawClient } from '../helpers/raw-client.js'
import { type RealRedis, redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { type RedoubtHandle, startRedoubt } from '../helpers/redoubt.js'
import { decodeReply, type Reply } from '../helpers/resp-decode.js'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

interface Target {
  name: string
  port: () => number
}

let redoubt: RedoubtHandle
let redis: RealRedis | null = null
const opened: RawClient[] = []

before(async () => {
  redoubt = await startRedoubt()
  if (redisServerSkip() === false) redis = await startRealRedis()
})
after(async () => {
  await Promise.all(opened.map((c) => c.close()))
  await redoubt?.close()
  await redis?.stop()
})

const targets: Target[] = [
  { name: 'redoubt', port: () => redoubt.port },
  { name: 'redis-server', port: () => redis?.port ?? 0 },
]

async function client(t: Target): Promise<RawClient> {
  const c = await RawClient.connect(t.port(), '127.0.0.1', { timeoutMs: 5000 })
  opened.push(c)
  return c
}

async function call(c: RawClient, ...args: string[]): Promise<Reply> {
  return decodeReply(await c.call(...args), { encoding: 'latin1' })
}

/** Waits until INFO reports 'n' blocked clients (blocking is asynchronous for the sender). */
async function blockedCount(c: RawClient, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const info = String(await call(c, 'INFO', 'clients'))
    if (new RegExp(`blocked_clients:${n}\\r`).test(info)) return
    await sleep(5)
  }
  assert.fail(`blocked_clients never reached ${n}`)
}

async function readDecoded(c: RawClient): Promise<Reply> {
  return decodeReply(await c.read(), { encoding: 'latin1' })
}

for (const t of targets) {
  const skip = t.name === 'redis-server' ? redisServerSkip() : false
  describe(`blocking commands (${t.name})`, { skip }, () => {
    it('clients blocked on one key are served first come, first served, one element each', async () => {
      const ctl = await client(t)
      await call(ctl, 'FLUSHALL')
      const waiters = [await client(t), await client(t), await client(t)]
      for (const [i, w] of waiters.entries()) {
        w.send(['BLPOP', 'q', '5'])
        await blockedCount(ctl, i + 1)
      }
      assert.equal(await call(ctl, 'RPUSH', 'q', 'a', 'b'), 2)
      assert.deepEqual(await readDecoded(waiters[0]!), ['q', 'a'])
      assert.deepEqual(await readDecoded(waiters[1]!), ['q', 'b'])
      assert.equal(waiters[2]!.pendingReplies, 0)
      await blockedCount(ctl, 1)
      assert.equal(await call(ctl, 'LPUSH', 'q', 'c'), 1)
      assert.deepEqual(await readDecoded(waiters[2]!), ['q', 'c'])
      assert.equal(await call(ctl, 'EXISTS', 'q'), 0)
    })

    it('a client blocked on several keys is served by the first that gets data', async () => {
      const ctl = await client(t)
      await call(ctl, 'FLUSHALL')
      const w = await client(t)
      w.send(['BRPOP', 'k1', 'k2', 'k3', '0'])
      await blockedCount(ctl, 1)
      await call(ctl, 'RPUSH', 'k2', 'x', 'y')
      assert.deepEqual(await readDecoded(w), ['k2', 'y'])
      assert.deepEqual(await call(ctl, 'LRANGE', 'k2', '0', '-1'), ['x'])
    })

    it('timeouts are fractional seconds: 0.2 s answers a null array after about 200 ms', async () => {
      const w = await client(t)
      const start = performance.now()
      const reply = await w.call('BLPOP', 'never', '0.2')
      const elapsed = performance.now() - start
      assert.equal(reply.toString(), '*-1\r\n')
      assert.ok(elapsed >= 190 && elapsed < 1000, `took ${elapsed} ms`)
      const start2 = performance.now()
      assert.equal((await w.call('BLMOVE', 'never', 'd', 'LEFT', 'LEFT', '0.05')).toString(), '*-1\r\n')
      assert.ok(performance.now() - start2 >= 45)
      assert.equal((await w.call('BZPOPMIN', 'never', '0.05')).toString(), '*-1\r\n')
      // Longer than a Node timer can wait at once (2^31-1 ms): still blocked after a while.
      const ctl = await client(t)
      const id = String(await call(w, 'CLIENT', 'ID'))
      w.send(['BLPOP', 'never', '10000000'])
      await blockedCount(ctl, 1)
      await sleep(100)
      assert.equal(w.pendingReplies, 0)
      assert.equal(await call(ctl, 'CLIENT', 'UNBLOCK', id), 1)
      assert.equal((await w.read()).toString(), '*-1\r\n')
    })

    it('requests pipelined behind a blocked command wait for it and then run in order', async () => {
      const ctl = await client(t)
      await call(ctl, 'FLUSHALL')
      const w = await client(t)
      w.send(['BLPOP', 'p', '0'])
      w.send(['SET', 'after', '1'])
      w.send(['GET', 'after'])
      await blockedCount(ctl, 1)
      assert.equal(await call(ctl, 'EXISTS', 'after'), 0)
      await call(ctl, 'RPUSH', 'p', 'v')
      const replies = (await w.readN(3)).map((b) => b.toString())
      assert.deepEqual(replies, ['*2\r\n$1\r\np\r\n$1\r\nv\r\n', '+OK\r\n', '$1\r\n1\r\n'])
    })

    it('RENAME, COPY, MOVE and SWAPDB wake blocked clients', async () => {
      const ctl = await client(t)
      await call(ctl, 'FLUSHALL')
      const w = await client(t)
      w.send(['BLPOP', 'target', '0'])
      await blockedCount(ctl, 1)
      await call(ctl, 'RPUSH', 'src', 'r1')
      await call(ctl, 'RENAME', 'src', 'target')
      assert.deepEqual(await readDecoded(w), ['target', 'r1'])

      w.send(['BLPOP', 'target', '0'])
      await blockedCount(ctl, 1)
      await call(ctl, 'RPUSH', 'copied', 'c1')
      await call(ctl, 'COPY', 'copied', 'target')
      assert.deepEqual(await readDecoded(w), ['target', 'c1'])

      w.send(['BLPOP', 'moved', '0'])
      await blockedCount(ctl, 1)
      await call(ctl, 'SELECT', '2')
      await call(ctl, 'RPUSH', 'moved', 'm1')
      await call(ctl, 'MOVE', 'moved', '0')
      await call(ctl, 'SELECT', '0')
      assert.deepEqual(await readDecoded(w), ['moved', 'm1'])

      await call(ctl, 'DEL', 'target')
      w.send(['BLPOP', 'swapped', '0'])
      await blockedCount(ctl, 1)
      await call(ctl, 'SELECT', '1')
      await call(ctl, 'RPUSH', 'swapped', 's1')
      await call(ctl, 'SWAPDB', '0', '1')
      assert.deepEqual(await readDecoded(w), ['swapped', 's1'])
      await call(ctl, 'FLUSHALL')
    })

    it('MULTI/EXEC wakes blocked clients once it ends; a push undone in the same EXEC serves nobody', async () => {
      const ctl = await client(t)
      await call(ctl, 'FLUSHALL')
      const w = await client(t)
      w.send(['BLPOP', 'target', '0'])
      await blockedCount(ctl, 1)
      await call(ctl, 'MULTI')
      await call(ctl, 'RPUSH', 'target', 'gone')
      await call(ctl, 'LPOP', 'target')
      assert.deepEqual(await call(ctl, 'EXEC'), [1, 'gone'])
      await sleep(50)
      assert.equal(w.pendingReplies, 0)
      await call(ctl, 'MULTI')
      await call(ctl, 'RPUSH', 'target', 'e1')
      await call(ctl, 'RPUSH', 'target', 'e2')
      await call(ctl, 'EXEC')
      assert.deepEqual(await readDecoded(w), ['target', 'e1'])
      assert.deepEqual(await call(ctl, 'LRANGE', 'target', '0', '-1'), ['e2'])
    })

    it('inside EXEC a blocking command answers nil at once; a client that only WATCHes still blocks', async () => {
      const ctl = await client(t)
      await call(ctl, 'FLUSHALL')
      const w = await client(t)
      await call(w, 'MULTI')
      await call(w, 'BLPOP', 'empty', '0')
      await call(w, 'BZPOPMIN', 'empty', '0')
      assert.deepEqual(await call(w, 'EXEC'), [null, null])
      await call(w, 'WATCH', 'empty')
      w.send(['BLPOP', 'empty', '0'])
      await blockedCount(ctl, 1)
      await call(ctl, 'RPUSH', 'empty', 'v')
      assert.deepEqual(await readDecoded(w), ['empty', 'v'])
    })

    it('keys made ready by one EXEC are served in the order they were written', async () => {
      const ctl = await client(t)
      await call(ctl, 'FLUSHALL')
      const a = await client(t)
      const b = await client(t)
      a.send(['BLPOP', 'k1', 'k2', '0'])
      await blockedCount(ctl, 1)
      b.send(['BLPOP', 'k1', '0'])
      await blockedCount(ctl, 2)
      await call(ctl, 'MULTI')
      await call(ctl, 'RPUSH', 'k2', 'x')
      await call(ctl, 'RPUSH', 'k1', 'y')
      await call(ctl, 'EXEC')
      assert.deepEqual(await readDecoded(a), ['k2', 'x'])
      assert.deepEqual(await readDecoded(b), ['k1', 'y'])
    })

    it('BLMOVE chains: the element moved to a key others wait on is served to them', async () => {
      const ctl = await client(t)
      await call(ctl, 'FLUSHALL')
      const a = await client(t)
      const b = await client(t)
      a.send(['BLMOVE', 'first', 'second', 'LEFT', 'RIGHT', '0'])
      await blockedCount(ctl, 1)
      b.send(['BRPOP', 'second', '0'])
      await blockedCount(ctl, 2)
      await call(ctl, 'LPUSH', 'first', 'hop')
      assert.equal(String(await readDecoded(a)), 'hop')
      assert.deepEqual(await readDecoded(b), ['second', 'hop'])
      assert.equal(await call(ctl, 'EXISTS', 'first', 'second'), 0)
    })

    it('BLMOVE to a key of another type answers WRONGTYPE when served and leaves the element', async () => {
      const ctl = await client(t)
      await call(ctl, 'FLUSHALL')
      const a = await client(t)
      a.send(['BLMOVE', 'src', 'str', 'LEFT', 'RIGHT', '0'])
      await blockedCount(ctl, 1)
      await call(ctl, 'SET', 'str', 'v')
      await call(ctl, 'RPUSH', 'src', 'x')
      assert.match((await a.read()).toString(), /^-WRONGTYPE/)
      assert.deepEqual(await call(ctl, 'LRANGE', 'src', '0', '-1'), ['x'])
    })

    it('BZPOPMIN, BZPOPMAX and BZMPOP wake on ZADD; list waiters are not served by a sorted set', async () => {
      const ctl = await client(t)
      await call(ctl, 'FLUSHALL')
      const z1 = await client(t)
      const z2 = await client(t)
      const l = await client(t)
      l.send(['BLPOP', 'z', '0'])
      await blockedCount(ctl, 1)
      z1.send(['BZPOPMIN', 'z', '0'])
      await blockedCount(ctl, 2)
      z2.send(['BZMPOP', '0', '1', 'z', 'MAX', 'COUNT', '2'])
      await blockedCount(ctl, 3)
      await call(ctl, 'ZADD', 'z', '1', 'a', '2', 'b', '3', 'c')
      assert.deepEqual(await readDecoded(z1), ['z', 'a', '1'])
      assert.deepEqual(await readDecoded(z2), [
        'z',
        [
          ['c', '3'],
          ['b', '2'],
        ],
      ])
      await blockedCount(ctl, 1)
      const id = await call(ctl, 'CLIENT', 'LIST')
      assert.match(String(id), /flags=b /)
      l.send(['PING'])
      const lid = Number(/id=(\d+)[^\n]*flags=b /.exec(String(id))?.[1])
      assert.equal(await call(ctl, 'CLIENT', 'UNBLOCK', String(lid)), 1)
      assert.equal((await l.read()).toString(), '*-1\r\n')
      assert.equal((await l.read()).toString(), '+PONG\r\n')
    })

    it('CLIENT UNBLOCK with ERROR answers -UNBLOCKED; an unblocked or unknown id answers 0', async () => {
      const ctl = await client(t)
      const w = await client(t)
      const id = String(await call(w, 'CLIENT', 'ID'))
      assert.equal(await call(ctl, 'CLIENT', 'UNBLOCK', id), 0)
      w.send(['BRPOPLPUSH', 'nothing', 'dst', '0'])
      await blockedCount(ctl, 1)
      assert.equal(await call(ctl, 'CLIENT', 'UNBLOCK', id, 'ERROR'), 1)
      assert.equal((await w.read()).toString(), '-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n')
      assert.equal(await call(ctl, 'CLIENT', 'UNBLOCK', '999999'), 0)
      await blockedCount(ctl, 0)
    })

    it('the timeout directive does not close a blocked client', async () => {
      const ctl = await client(t)
      await call(ctl, 'FLUSHALL')
      await call(ctl, 'CONFIG', 'SET', 'timeout', '1')
      try {
        const w = await client(t)
        w.send(['BLPOP', 'idle', '0'])
        await blockedCount(ctl, 1)
        // The controlling connection stays active; the blocked one is idle for over 2 s.
        // Redis compares whole seconds (now - lastinteraction > timeout), so a gap of just over
        // one second between two PINGs can close 'ctl' itself: ping often, to leave room for a
        // loaded machine's timer delays.
        for (let i = 0; i < 25; i++) {
          await sleep(100)
          await call(ctl, 'PING')
        }
        await call(ctl, 'RPUSH', 'idle', 'v')
        assert.deepEqual(await readDecoded(w), ['idle', 'v'])
      } finally {
        await call(ctl, 'CONFIG', 'SET', 'timeout', '0')
      }
    })

    it('a client that disconnects while blocked is forgotten; the next waiter gets the element', async () => {
      const ctl = await client(t)
      await call(ctl, 'FLUSHALL')
      const gone = await client(t)
      const stays = await client(t)
      gone.send(['BLPOP', 'dq', '0'])
      await blockedCount(ctl, 1)
      stays.send(['BLPOP', 'dq', '0'])
      await blockedCount(ctl, 2)
      await gone.close()
      await blockedCount(ctl, 1)
      await call(ctl, 'RPUSH', 'dq', 'v')
      assert.deepEqual(await readDecoded(stays), ['dq', 'v'])
      await blockedCount(ctl, 0)
    })
  })
}

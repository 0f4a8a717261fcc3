/**
 * Pub/Sub with real client libraries against redoubt: ioredis 6 and node-redis 6 subscribers
 * in RESP3 and RESP2 receive messages and pattern messages; many subscribers at once each get
 * every message in order; a RESP3 connection gets push messages interleaved with the replies
 * to its own commands; subscribers are exempt from the idle 'timeout'.
 */

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { RawClient } from '../helpers/raw-client.js'
import { type RedoubtHandle, startRedoubt } from '../helpers/redoubt.js'
import { decodeReply } from '../helpers/resp-decode.js'

type Protocol = 2 | 3

/** A received message: [pattern or '', channel, message]. */
type Received = [string, string, string]

/** A subscriber over either library. */
interface Sub {
  readonly received: Received[]
  subscribe(channel: string): Promise<void>
  psubscribe(pattern: string): Promise<void>
  close(): Promise<void>
}

async function ioredisSub(port: number, protocol: Protocol): Promise<Sub & { client: Redis }> {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    protocol,
    lazyConnect: true,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  await client.connect()
  const received: Received[] = []
  client.on('message', (channel: string, message: string) => received.push(['', channel, message]))
  client.on('pmessage', (pattern: string, channel: string, message: string) =>
    received.push([pattern, channel, message]),
  )
  return {
    client,
    received,
    subscribe: async (ch) => {
      await client.subscribe(ch)
    },
    psubscribe: async (p) => {
      await client.psubscribe(p)
    },
    close: async () => {
      client.disconnect()
    },
  }
}

async function nodeRedisSub(port: number, protocol: Protocol): Promise<Sub> {
  const client = createClient({
    url: `redis://127.0.0.1:${port}`,
    RESP: protocol,
    socket: { reconnectStrategy: false },
  })
  client.on('error', () => {})
  await client.connect()
  const received: Received[] = []
  return {
    received,
    subscribe: async (ch) => {
      await client.subscribe(ch, (message, channel) => received.push(['', String(channel), String(message)]))
    },
    psubscribe: async (p) => {
      await client.pSubscribe(p, (message, channel) => received.push([p, String(channel), String(message)]))
    },
    close: async () => {
      client.destroy()
    },
  }
}

const LIBS = {
  ioredis: ioredisSub,
  'node-redis': nodeRedisSub,
} as const

/** Waits until 'cond' holds, polling every 5 ms, for at most 'ms'. */
async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('pub/sub with client libraries', () => {
  let server: RedoubtHandle
  let pub: RawClient
  before(async () => {
    server = await startRedoubt()
    pub = await RawClient.connect(server.port)
  })
  after(async () => {
    await pub.close()
    await server.close()
  })

  for (const [name, open] of Object.entries(LIBS)) {
    for (const protocol of [3, 2] as const) {
      it(`${name} in RESP${protocol} receives messages and pattern messages`, async () => {
        const sub = await open(server.port, protocol)
        try {
          await sub.subscribe(`news-${name}-${protocol}`)
          await sub.psubscribe(`pat-${name}-${protocol}:*`)
          const r1 = await pub.call('PUBLISH', `news-${name}-${protocol}`, 'hello')
          assert.equal(r1.toString(), ':1\r\n')
          const r2 = await pub.call('PUBLISH', `pat-${name}-${protocol}:x`, 'by pattern')
          assert.equal(r2.toString(), ':1\r\n')
          await pub.call('PUBLISH', 'elsewhere', 'not for us')
          await until(() => sub.received.length >= 2)
          assert.deepEqual(sub.received, [
            ['', `news-${name}-${protocol}`, 'hello'],
            [`pat-${name}-${protocol}:*`, `pat-${name}-${protocol}:x`, 'by pattern'],
          ])
        } finally {
          await sub.close()
        }
      })
    }
  }

  it('forty subscribers of both libraries and protocols each receive every message in order', async () => {
    const subs: Sub[] = []
    try {
      for (let i = 0; i < 40; i++) {
        const open = i % 2 === 0 ? ioredisSub : nodeRedisSub
        const s = await open(server.port, i % 4 < 2 ? 3 : 2)
        await s.subscribe('crowd')
        subs.push(s)
      }
      const n = 50
      for (let m = 0; m < n; m++) {
        pub.send(['PUBLISH', 'crowd', `message ${m}`])
      }
      const counts = await pub.readN(n)
      for (const c of counts) assert.equal(c.toString(), ':40\r\n')
      await until(() => subs.every((s) => s.received.length >= n), 10_000)
      const expected = Array.from({ length: n }, (_, m): Received => ['', 'crowd', `message ${m}`])
      for (const s of subs) assert.deepEqual(s.received, expected)
      assert.equal((await pub.call('PUBSUB', 'NUMSUB', 'crowd')).toString(), '*2\r\n$5\r\ncrowd\r\n:40\r\n')
    } finally {
      for (const s of subs) await s.close()
    }
  })

  it('an ioredis RESP3 subscriber keeps running ordinary commands on the same connection', async () => {
    const sub = await ioredisSub(server.port, 3)
    try {
      await sub.subscribe('mixed')
      for (let i = 0; i < 20; i++) {
        await pub.call('PUBLISH', 'mixed', `m${i}`)
        await sub.client.set(`mixed-key-${i}`, `v${i}`)
        assert.equal(await sub.client.get(`mixed-key-${i}`), `v${i}`)
      }
      await until(() => sub.received.length >= 20)
      assert.deepEqual(
        sub.received.map((r) => r[2]),
        Array.from({ length: 20 }, (_, i) => `m${i}`),
      )
    } finally {
      await sub.close()
    }
  })

  it('a RESP3 connection receives pushes interleaved exactly between its own replies', async () => {
    const c = await RawClient.connect(server.port)
    try {
      await c.call('HELLO', '3')
      assert.equal(
        (await c.call('SUBSCRIBE', 'inter')).toString(),
        '>3\r\n$9\r\nsubscribe\r\n$5\r\ninter\r\n:1\r\n',
      )
      assert.equal((await c.call('SET', 'ik', 'v')).toString(), '+OK\r\n')
      await pub.call('PUBLISH', 'inter', 'between')
      // The push was written before this GET's reply.
      c.send(['GET', 'ik'])
      const [push, reply] = await c.readN(2)
      assert.equal(push!.toString(), '>3\r\n$7\r\nmessage\r\n$5\r\ninter\r\n$7\r\nbetween\r\n')
      assert.equal(reply!.toString(), '$1\r\nv\r\n')
      // Publishing to itself: the push precedes the PUBLISH reply, as in Redis.
      c.send(['PUBLISH', 'inter', 'self'])
      const [self, count] = await c.readN(2)
      assert.equal(self!.toString(), '>3\r\n$7\r\nmessage\r\n$5\r\ninter\r\n$4\r\nself\r\n')
      assert.equal(count!.toString(), ':1\r\n')
      assert.equal(decodeReply(await c.call('PING')), 'PONG')
    } finally {
      await c.close()
    }
  })

  it('messages to a subscriber are flushed without waiting for its own traffic', async () => {
    const c = await RawClient.connect(server.port)
    try {
      await c.call('SUBSCRIBE', 'idle-wait')
      await pub.call('PUBLISH', 'idle-wait', 'arrives')
      const msg = await c.read(1000)
      assert.equal(msg.toString(), '*3\r\n$7\r\nmessage\r\n$9\r\nidle-wait\r\n$7\r\narrives\r\n')
    } finally {
      await c.close()
    }
  })
})

describe('pub/sub and the idle timeout', () => {
  it('a subscribed client is not closed by timeout; an idle ordinary client is', async () => {
    const server = await startRedoubt({ timeout: 1 })
    try {
      const sub = await RawClient.connect(server.port)
      const idle = await RawClient.connect(server.port)
      await sub.call('SUBSCRIBE', 'keepalive')
      await idle.call('PING')
      await idle.closed(4000)
      assert.equal(sub.isClosed, false)
      const pub = await RawClient.connect(server.port)
      await pub.call('PUBLISH', 'keepalive', 'still here')
      assert.equal(
        (await sub.read()).toString(),
        '*3\r\n$7\r\nmessage\r\n$9\r\nkeepalive\r\n$10\r\nstill here\r\n',
      )
      await Promise.all([sub.close(), pub.close()])
    } finally {
      await server.close()
    }
  })
})

describe('keyspace notifications from the configuration', () => {
  it('notify-keyspace-events given at start-up is in force from the first command', async () => {
    const server = await startRedoubt({ 'notify-keyspace-events': 'Kg$' })
    try {
      const sub = await ioredisSub(server.port, 3)
      const c = await RawClient.connect(server.port)
      try {
        await sub.psubscribe('__keyspace@0__:*')
        await c.call('SET', 'cfg', 'v')
        await c.call('DEL', 'cfg')
        await c.call('SADD', 'not-notified', 'm')
        await until(() => sub.received.length >= 2)
        await new Promise((r) => setTimeout(r, 50))
        assert.deepEqual(sub.received, [
          ['__keyspace@0__:*', '__keyspace@0__:cfg', 'set'],
          ['__keyspace@0__:*', '__keyspace@0__:cfg', 'del'],
        ])
      } finally {
        await Promise.all([sub.close(), c.close()])
      }
    } finally {
      await server.close()
    }
  })
})

/**
 * ACL through real client libraries: ioredis 6 and node-redis ('redis' 6), RESP2 and RESP3,
 * connecting with a username and password (HELLO 3 AUTH or AUTH), a wrong password failing
 * with WRONGPASS exactly as against redis-server, and NOPERM reaching the caller.
 */

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { type RealRedis, redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { type RedoubtHandle, startRedoubt } from '../helpers/redoubt.js'

let server: RedoubtHandle
let real: RealRedis | null = null
const skipReal = redisServerSkip()

const SETUP = ['ACL', 'SETUSER', 'app', 'on', '>s3cret', '~app:*', '+@all', '-flushall']

before(async () => {
  server = await startRedoubt()
  if (skipReal === false) real = await startRealRedis()
  for (const port of [server.port, real?.port].filter((p): p is number => p !== undefined)) {
    const admin = new Redis({ port, host: '127.0.0.1', lazyConnect: true })
    await admin.connect()
    await admin.call(SETUP[0]!, ...SETUP.slice(1))
    admin.disconnect()
  }
})

after(async () => {
  await server.close()
  await real?.stop()
})

function ioredis(port: number, protocol: 2 | 3, password: string): Redis {
  return new Redis({
    port,
    host: '127.0.0.1',
    username: 'app',
    password,
    protocol,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
}

/** The first error ioredis reports when connecting with a wrong password (its 'error' event). */
async function ioredisError(port: number, protocol: 2 | 3): Promise<string> {
  const r = ioredis(port, protocol, 'wrong')
  const first = new Promise<string>((resolve) => {
    r.once('error', (err: Error) => resolve(err.message))
  })
  r.connect().catch(() => {})
  try {
    return await first
  } finally {
    r.disconnect()
  }
}

for (const protocol of [2, 3] as const) {
  describe(`ioredis RESP${protocol} with username and password`, () => {
    it('authenticates, runs allowed commands and gets NOPERM for the rest', async () => {
      const r = ioredis(server.port, protocol, 's3cret')
      try {
        await r.connect()
        assert.equal(await r.call('ACL', 'WHOAMI'), 'app')
        assert.equal(await r.set('app:k', 'v'), 'OK')
        assert.equal(await r.get('app:k'), 'v')
        await assert.rejects(
          r.get('other'),
          /^ReplyError: NOPERM this user has no permissions to access one of the keys used as arguments$/,
        )
        await assert.rejects(
          r.flushall(),
          /NOPERM this user has no permissions to run the 'flushall' command/,
        )
      } finally {
        r.disconnect()
      }
    })

    it('a wrong password fails as it does against redis-server', async (t) => {
      const mine = await ioredisError(server.port, protocol)
      assert.match(mine, /WRONGPASS invalid username-password pair or user is disabled\./)
      if (real === null) {
        t.skip(String(skipReal))
        return
      }
      assert.equal(mine, await ioredisError(real.port, protocol))
    })
  })

  describe(`node-redis RESP${protocol} with username and password`, () => {
    async function connect(port: number, password: string) {
      const client = createClient({
        socket: { port, host: '127.0.0.1', reconnectStrategy: false },
        username: 'app',
        password,
        RESP: protocol,
      })
      client.on('error', () => {})
      await client.connect()
      return client
    }

    it('authenticates and is limited to its keys', async () => {
      const c = await connect(server.port, 's3cret')
      try {
        assert.equal(await c.sendCommand(['ACL', 'WHOAMI']), 'app')
        assert.equal(await c.set('app:n', '1'), 'OK')
        await assert.rejects(c.get('nope'), /NOPERM/)
      } finally {
        await c.quit()
      }
    })

    it('a wrong password is refused with the same error as redis-server', async (t) => {
      const errOf = async (port: number): Promise<string> => {
        try {
          const c = await connect(port, 'bad')
          await c.quit()
          return 'connected'
        } catch (err) {
          return (err as Error).message
        }
      }
      const mine = await errOf(server.port)
      assert.match(mine, /WRONGPASS/)
      if (real === null) {
        t.skip(String(skipReal))
        return
      }
      assert.equal(mine, await errOf(real.port))
    })
  })
}

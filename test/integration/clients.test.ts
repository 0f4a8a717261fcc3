/**
 * Real client libraries against redoubt: ioredis 6 and node-redis ('redis' 6), each in
 * RESP3 (their default: they open with HELLO 3 and send CLIENT SETINFO) and in RESP2
 * (ioredis { protocol: 2 }, node-redis { RESP: 2 }). Connection handshakes (password, db,
 * name), PING, SET/GET, INFO, pipelines and error replies must all work.
 */

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { RawClient } from '../helpers/raw-client.js'
import { type RedoubtHandle, startRedoubt } from '../helpers/redoubt.js'

/** The operations each test needs, over either library. */
interface Lib {
  send(args: string[]): Promise<unknown>
  ping(): Promise<string>
  set(k: string, v: string): Promise<unknown>
  get(k: string): Promise<string | null>
  info(): Promise<string>
  /** Runs the commands in one pipeline (no MULTI) and returns each reply or error. */
  pipeline(cmds: string[][]): Promise<unknown[]>
  quit(): Promise<void>
}

interface ConnectOptions {
  password?: string
  db?: number
  name?: string
}

type Protocol = 2 | 3

async function ioredis(port: number, protocol: Protocol, o: ConnectOptions = {}): Promise<Lib> {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    protocol,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...(o.password !== undefined ? { password: o.password } : {}),
    ...(o.db !== undefined ? { db: o.db } : {}),
    ...(o.name !== undefined ? { connectionName: o.name } : {}),
  })
  // A failed handshake surfaces as an 'error' event; connect() only says the connection closed.
  const errors: string[] = []
  client.on('error', (err: Error) => errors.push(err.message))
  try {
    await client.connect()
  } catch (err) {
    client.disconnect()
    throw new Error(`${(err as Error).message} (errors: ${errors.join('; ')})`)
  }
  return {
    send: (args) => client.call(args[0]!, ...args.slice(1)),
    ping: () => client.ping(),
    set: (k, v) => client.set(k, v),
    get: (k) => client.get(k),
    info: () => client.info(),
    async pipeline(cmds) {
      const p = client.pipeline()
      for (const c of cmds) p.call(c[0]!, ...c.slice(1))
      const results = (await p.exec()) ?? []
      return results.map(([err, value]) => err ?? value)
    },
    async quit() {
      await client.quit()
    },
  }
}

async function nodeRedis(port: number, protocol: Protocol, o: ConnectOptions = {}): Promise<Lib> {
  const client = createClient({
    socket: { port, host: '127.0.0.1', reconnectStrategy: false },
    RESP: protocol,
    ...(o.password !== undefined ? { password: o.password } : {}),
    ...(o.db !== undefined ? { database: o.db } : {}),
    ...(o.name !== undefined ? { name: o.name } : {}),
  })
  client.on('error', () => {})
  await client.connect()
  return {
    send: (args) => client.sendCommand(args),
    ping: () => client.ping(),
    set: (k, v) => client.set(k, v),
    get: async (k) => {
      const v = await client.get(k)
      return v === null ? null : String(v)
    },
    info: async () => String(await client.info()),
    async pipeline(cmds) {
      const m = client.multi()
      for (const c of cmds) m.addCommand(c)
      return m.execAsPipeline()
    },
    async quit() {
      await client.close()
    },
  }
}

const LIBS = [
  ['ioredis', ioredis],
  ['node-redis', nodeRedis],
] as const

/** Fields of a CLIENT INFO line. */
function clientFields(line: string): Map<string, string> {
  return new Map(
    line
      .trim()
      .split(' ')
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]),
  )
}

describe('client libraries without a password', () => {
  let server: RedoubtHandle
  before(async () => {
    server = await startRedoubt()
  })
  after(async () => {
    await server?.close()
  })

  for (const [libName, open] of LIBS) {
    for (const protocol of [3, 2] as const) {
      describe(`${libName} in RESP${protocol}`, () => {
        let c: Lib
        before(async () => {
          c = await open(server.port, protocol)
        })
        after(async () => {
          await c?.quit()
        })

        it(`connects with RESP${protocol} (HELLO and CLIENT SETINFO accepted)`, async () => {
          const info = clientFields(String(await c.send(['CLIENT', 'INFO'])))
          assert.equal(info.get('resp'), String(protocol))
          assert.equal(info.get('flags'), 'N')
          assert.equal(info.get('cmd'), 'client|info')
        })

        it('PING, SET, GET, binary-safe values and a 1 MB value', async () => {
          assert.equal(await c.ping(), 'PONG')
          const key = `${libName}:${protocol}:k`
          assert.equal(await c.set(key, 'héllo wörld'), 'OK')
          assert.equal(await c.get(key), 'héllo wörld')
          const big = 'x'.repeat(1024 * 1024)
          await c.set(`${key}:big`, big)
          assert.equal(await c.get(`${key}:big`), big)
          assert.equal(await c.get(`${key}:missing`), null)
        })

        it('INFO is readable and reports loading:0', async () => {
          const info = await c.info()
          assert.match(info, /^# Server\r\n/)
          assert.match(info, /\r\nredis_version:7\.0\.15\r\n/)
          assert.match(info, /\r\nloading:0\r\n/)
        })

        it('a pipeline of many commands gets every reply in order', async () => {
          const cmds: string[][] = []
          for (let i = 0; i < 200; i++) cmds.push(['ECHO', `m${i}`])
          cmds.push(['SET', `${libName}:${protocol}:p`, '41'], ['INCR', `${libName}:${protocol}:p`])
          const out = await c.pipeline(cmds)
          assert.equal(out.length, 202)
          for (let i = 0; i < 200; i++) assert.equal(out[i], `m${i}`)
          assert.equal(out[200], 'OK')
          assert.equal(out[201], 42)
        })

        it('error replies reach the caller with Redis texts, and the connection lives on', async () => {
          await assert.rejects(c.send(['NOSUCHCMD', 'a']), {
            message: "ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' ",
          })
          await assert.rejects(c.send(['CLIENT', 'NOSUCH']), {
            message: "ERR unknown subcommand 'NOSUCH'. Try CLIENT HELP.",
          })
          await assert.rejects(c.send(['ECHO']), {
            message: "ERR wrong number of arguments for 'echo' command",
          })
          await c.set(`${libName}:${protocol}:s`, 'abc')
          await assert.rejects(c.send(['INCR', `${libName}:${protocol}:s`]), {
            message: 'ERR value is not an integer or out of range',
          })
          assert.equal(await c.ping(), 'PONG')
        })

        it('CLIENT SETNAME, GETNAME and ID', async () => {
          assert.equal(await c.send(['CLIENT', 'SETNAME', `n-${libName}-${protocol}`]), 'OK')
          assert.equal(await c.send(['CLIENT', 'GETNAME']), `n-${libName}-${protocol}`)
          const id = Number(await c.send(['CLIENT', 'ID']))
          const line = String(await c.send(['CLIENT', 'LIST', 'ID', String(id)]))
          assert.equal(clientFields(line).get('name'), `n-${libName}-${protocol}`)
        })
      })
    }
  }

  it('both libraries sent CLIENT SETINFO on connect, and it succeeded every time', async () => {
    const c = await ioredis(server.port, 2)
    try {
      const stats = await c.send(['INFO', 'commandstats'])
      const line = /cmdstat_client\|setinfo:(\S+)/.exec(String(stats))
      assert.ok(line, 'no client|setinfo calls recorded')
      const fields = new Map(line[1]!.split(',').map((kv) => kv.split('=') as [string, string]))
      assert.ok(Number(fields.get('calls')) >= 8, `calls=${fields.get('calls')}`)
      assert.equal(fields.get('failed_calls'), '0')
    } finally {
      await c.quit()
    }
  })

  it('CLIENT SETINFO as Redis 7.2: LIB-NAME and LIB-VER only, printable values', async () => {
    const c = await ioredis(server.port, 3)
    try {
      assert.equal(await c.send(['CLIENT', 'SETINFO', 'LIB-NAME', 'mylib']), 'OK')
      assert.equal(await c.send(['CLIENT', 'SETINFO', 'lib-ver', '1.2.3']), 'OK')
      assert.equal(await c.send(['CLIENT', 'SETINFO', 'lib-ver', '']), 'OK')
      await assert.rejects(c.send(['CLIENT', 'SETINFO', 'lib-foo', 'x']), {
        message: "ERR Unrecognized option 'lib-foo'",
      })
      await assert.rejects(c.send(['CLIENT', 'SETINFO', 'LIB-NAME', 'a b']), {
        message: 'ERR LIB-NAME cannot contain spaces, newlines or special characters.',
      })
      await assert.rejects(c.send(['CLIENT', 'SETINFO', 'LIB-NAME']), {
        message: "ERR wrong number of arguments for 'client|setinfo' command",
      })
    } finally {
      await c.quit()
    }
  })
})

describe('CLIENT KILL MAXAGE (Redis 7.4; 7.0 answers it with a syntax error)', () => {
  let server: RedoubtHandle
  before(async () => {
    server = await startRedoubt()
  })
  after(async () => {
    await server?.close()
  })

  it('kills only the connections at least MAXAGE seconds old (CLIENT LIST shows age and idle)', async () => {
    const old = await RawClient.connect(server.port)
    const oldId = (await old.call('CLIENT', 'ID')).toString().slice(1, -2)
    await new Promise((r) => setTimeout(r, 2100))
    const young = await RawClient.connect(server.port)
    let list = (await young.call('CLIENT', 'LIST')).toString()
    const fields = (id: string) => {
      const line = list.split('\n').find((l) => l.includes(`id=${id} `))
      assert.ok(line !== undefined, `CLIENT LIST has id=${id}: ${list}`)
      return { age: Number(/ age=(\d+)/.exec(line)![1]), idle: Number(/ idle=(\d+)/.exec(line)![1]) }
    }
    const o = fields(oldId)
    assert.ok(o.age >= 2 && o.age <= 3 && o.idle >= 2 && o.idle <= 3, `old client: ${JSON.stringify(o)}`)
    // A command makes the old client active again: idle back to 0, age unchanged.
    await old.call('PING')
    list = (await young.call('CLIENT', 'LIST')).toString()
    assert.deepEqual(fields(oldId), { age: o.age, idle: 0 })
    assert.equal((await young.call('CLIENT', 'KILL', 'MAXAGE', '2')).toString(), ':1\r\n')
    await old.closed(2000)
    assert.equal((await young.call('CLIENT', 'KILL', 'MAXAGE', '3600', 'SKIPME', 'no')).toString(), ':0\r\n')
    assert.equal(young.isClosed, false)
    await young.close()
  })

  it('refuses a MAXAGE that is not a positive integer', async () => {
    const c = await RawClient.connect(server.port)
    const call = async (...args: string[]) => (await c.call('CLIENT', 'KILL', ...args)).toString()
    assert.equal(await call('MAXAGE', 'x'), '-ERR maxage is not an integer or out of range\r\n')
    assert.equal(
      await call('MAXAGE', '99999999999999999999'),
      '-ERR maxage is not an integer or out of range\r\n',
    )
    assert.equal(await call('MAXAGE', '0'), '-ERR maxage should be greater than 0\r\n')
    assert.equal(await call('MAXAGE', '-5'), '-ERR maxage should be greater than 0\r\n')
    assert.equal(await call('ID', '1', 'MAXAGE'), '-ERR syntax error\r\n')
    await c.close()
  })
})

describe('IPv6 client addresses', () => {
  let server: RedoubtHandle
  before(async () => {
    server = await startRedoubt({ bind: '127.0.0.1 -::1' })
  })
  after(async () => {
    await server?.close()
  })

  it('are shown and matched as "[ip]:port", as Redis formats them', async (t) => {
    let v6: RawClient
    try {
      v6 = await RawClient.connect(server.port, '::1')
    } catch {
      t.skip('no IPv6 loopback')
      return
    }
    const info = String(await v6.callDecoded('CLIENT', 'INFO'))
    const addr = /addr=(\S+)/.exec(info)![1]!
    assert.match(addr, /^\[::1\]:\d+$/)
    assert.match(info, new RegExp(` laddr=\\[::1\\]:${server.port} `))
    const v4 = await RawClient.connect(server.port)
    assert.equal((await v4.call('CLIENT', 'KILL', 'ADDR', addr)).toString(), ':1\r\n')
    await v6.closed(2000)
    await v4.close()
  })
})

describe('client libraries with requirepass, db and name options', () => {
  let server: RedoubtHandle
  before(async () => {
    server = await startRedoubt({ requirepass: 's3cret' })
  })
  after(async () => {
    await server?.close()
  })

  for (const [libName, open] of LIBS) {
    for (const protocol of [3, 2] as const) {
      it(`${libName} in RESP${protocol} authenticates, selects db 3 and names the connection`, async () => {
        const c = await open(server.port, protocol, { password: 's3cret', db: 3, name: `app-${protocol}` })
        try {
          const info = clientFields(String(await c.send(['CLIENT', 'INFO'])))
          assert.equal(info.get('db'), '3')
          assert.equal(info.get('name'), `app-${protocol}`)
          assert.equal(info.get('resp'), String(protocol))
          assert.equal(info.get('user'), 'default')
          assert.equal(await c.ping(), 'PONG')
        } finally {
          await c.quit()
        }
      })

      it(`${libName} in RESP${protocol} with a wrong password fails to connect with WRONGPASS`, async () => {
        await assert.rejects(open(server.port, protocol, { password: 'wrong' }), /WRONGPASS/)
      })
    }
  }
})

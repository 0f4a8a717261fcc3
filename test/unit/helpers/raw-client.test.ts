// Smoke tests of the raw client and real-redis helpers against the real redis-server (Redis 7.0):
// exact reply bytes, pipelines, inline commands, RESP3, protocol errors that close the
// connection, timeouts, and a clean stop. Skipped when redis-server is not installed.

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { describeCommand, encodeCommand, RawClient } from '../../helpers/raw-client.js'
import { type RealRedis, redisServerSkip, startRealRedis } from '../../helpers/real-redis.js'
import { decodeReply, ReplyError, replyShape } from '../../helpers/resp-decode.js'

const text = (b: Buffer): string => b.toString('latin1')

describe('RawClient against redis-server', { skip: redisServerSkip() }, () => {
  let redis: RealRedis
  const clients: RawClient[] = []
  const open = async (): Promise<RawClient> => {
    const c = await RawClient.connect(redis.port)
    clients.push(c)
    return c
  }

  before(async () => {
    redis = await startRealRedis(['--databases', '4'])
  })
  after(async () => {
    await Promise.all(clients.map((c) => c.close()))
    await redis?.stop()
  })

  it('startRealRedis applies the extra arguments and persistence is off', async () => {
    const c = await open()
    assert.equal(text(await c.call('CONFIG', 'GET', 'databases')), '*2\r\n$9\r\ndatabases\r\n$1\r\n4\r\n')
    assert.equal(text(await c.call('CONFIG', 'GET', 'save')), '*2\r\n$4\r\nsave\r\n$0\r\n\r\n')
    assert.equal(text(await c.call('CONFIG', 'GET', 'appendonly')), '*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n')
    assert.equal(text(await c.call('SELECT', '4')), '-ERR DB index is out of range\r\n')
  })

  it('call returns the exact bytes of status, bulk, null and integer replies', async () => {
    const c = await open()
    assert.equal(text(await c.call('SET', 'raw:k', 'v\r\nx')), '+OK\r\n')
    assert.equal(text(await c.call('GET', 'raw:k')), '$4\r\nv\r\nx\r\n')
    assert.equal(text(await c.call('GET', 'raw:missing')), '$-1\r\n')
    assert.equal(text(await c.call('DEL', 'raw:k')), ':1\r\n')
  })

  it('sends Buffers byte for byte', async () => {
    const c = await open()
    const value = Buffer.from([0, 0xff, 0x80, 0x0d, 0x0a])
    await c.call('SET', 'raw:bin', value)
    const reply = await c.call('GET', Buffer.from('raw:bin'))
    assert.ok(reply.equals(Buffer.concat([Buffer.from('$5\r\n'), value, Buffer.from('\r\n')])))
    await c.call('DEL', 'raw:bin')
  })

  it('reads every reply of a pipeline sent in one write, in order', async () => {
    const c = await open()
    c.send(
      Buffer.concat([encodeCommand(['PING']), encodeCommand(['ECHO', 'a']), encodeCommand(['PING', 'b'])]),
    )
    assert.deepEqual((await c.readN(3)).map(text), ['+PONG\r\n', '$1\r\na\r\n', '$1\r\nb\r\n'])
  })

  it('sends inline commands as plain strings', async () => {
    const c = await open()
    c.send('PING\r\nECHO hello\r\n')
    assert.deepEqual((await c.readN(2)).map(text), ['+PONG\r\n', '$5\r\nhello\r\n'])
  })

  it('speaks RESP3 after HELLO 3: maps, doubles, nulls and pushes', async () => {
    const c = await open()
    const hello = await c.call('HELLO', '3')
    assert.equal(hello[0], 0x25) // '%'
    const info = decodeReply(hello)
    assert.ok(info instanceof Map)
    assert.equal(info.get('proto'), 3)
    assert.equal(text(await c.call('GET', 'raw:missing')), '_\r\n')
    await c.call('ZADD', 'raw:z', '1.5', 'm')
    assert.equal(text(await c.call('ZSCORE', 'raw:z', 'm')), ',1.5\r\n')
    await c.call('DEL', 'raw:z')
    assert.equal(replyShape(await c.call('SUBSCRIBE', 'raw:ch')), '>3[$,$,:]')
    const other = await open()
    await other.call('PUBLISH', 'raw:ch', 'hi')
    assert.equal(text(await c.read()), '>3\r\n$7\r\nmessage\r\n$6\r\nraw:ch\r\n$2\r\nhi\r\n')
  })

  it('decodes errors as ReplyError values', async () => {
    const c = await open()
    const reply = await c.callDecoded('NOSUCHCOMMAND', 'x')
    assert.ok(reply instanceof ReplyError)
    assert.equal(reply.code, 'ERR')
    assert.match(reply.message, /^ERR unknown command 'NOSUCHCOMMAND'/)
  })

  it('sees the error and then the close after a protocol error', async () => {
    const c = await open()
    c.send('*1\r\n$x\r\n')
    assert.equal(text(await c.read()), '-ERR Protocol error: invalid bulk length\r\n')
    await c.closed()
    assert.equal(c.isClosed, true)
    await assert.rejects(c.read(), /connection closed by the server/)
  })

  it('sees the close after QUIT', async () => {
    const c = await open()
    assert.equal(text(await c.call('QUIT')), '+OK\r\n')
    await c.closed()
  })

  it('read rejects with a clear message when no reply comes in time', async () => {
    const c = await open()
    c.send('*2\r\n$4\r\nECHO\r\n') // incomplete command: redis-server waits for more
    await assert.rejects(c.read(200), /no complete reply within 200 ms/)
    await assert.rejects(c.closed(100), /did not close the connection within 100 ms/)
  })

  it('closed resolves when the server kills the connection', async () => {
    const c = await open()
    const id = text(await c.call('CLIENT', 'ID')).slice(1, -2)
    assert.equal(text(await c.call('CLIENT', 'KILL', 'ID', id, 'SKIPME', 'no')), ':1\r\n')
    await c.closed()
    await assert.rejects(c.read(), /connection closed by the server/)
  })

  it('describeCommand renders argv and raw bytes readably', () => {
    assert.equal(describeCommand(['SET', 'k', 'a b\r\n']), 'SET "k" "a b\\r\\n"')
    assert.equal(describeCommand('*1\r\n$x\r\n'), 'raw "*1\\r\\n$x\\r\\n"')
  })

  it('connect rejects with the address when nothing listens', async () => {
    const { freePort } = await import('../../helpers/real-redis.js')
    const port = await freePort()
    await assert.rejects(RawClient.connect(port), new RegExp(`could not connect to 127.0.0.1:${port}`))
  })
})

describe('startRealRedis', { skip: redisServerSkip() }, () => {
  it('stop terminates redis-server and removes its directory', async () => {
    const redis = await startRealRedis()
    assert.ok(existsSync(redis.dir))
    await redis.stop()
    assert.notEqual(redis.process.exitCode ?? redis.process.signalCode, null)
    assert.equal(existsSync(redis.dir), false)
    await assert.rejects(RawClient.connect(redis.port))
    await redis.stop() // idempotent
  })

  it('rejects with redis-server output when the arguments are invalid', async () => {
    await assert.rejects(
      startRealRedis(['--no-such-directive', 'x']),
      /Bad directive or wrong number of arguments/,
    )
  })
})

/** A one-shot TCP server that answers any connection by writing 'bytes', then maybe closing. */
async function fakeServer(
  bytes: string,
  thenClose: boolean,
): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.write(Buffer.from(bytes, 'latin1'))
    if (thenClose) socket.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

describe('RawClient against a misbehaving server', () => {
  it('read rejects showing the partial reply when the server closes in the middle of it', async (t) => {
    const server = await fakeServer('+OK\r\n$5\r\nhel', true)
    t.after(() => server.stop())
    const c = await RawClient.connect(server.port)
    assert.equal(text(await c.read()), '+OK\r\n')
    await assert.rejects(
      c.read(),
      /connection closed by the server; 7 bytes of an incomplete reply arrived: "\$5\\r\\nhel"/,
    )
  })

  it('read rejects with a framing error when the server sends bytes that are not RESP', async (t) => {
    const server = await fakeServer(':1\r\nhello\r\n', false)
    t.after(() => server.stop())
    const c = await RawClient.connect(server.port)
    assert.equal(text(await c.read()), ':1\r\n')
    await assert.rejects(c.read(), /RESP framing error at byte 0: unknown reply type "h"/)
    await c.closed()
  })

  it('read rejects waiting reads as soon as the connection closes', async (t) => {
    const server = await fakeServer('', true)
    t.after(() => server.stop())
    const c = await RawClient.connect(server.port)
    const started = Date.now()
    await assert.rejects(c.read(5000), /connection closed by the server$/)
    assert.ok(Date.now() - started < 2000)
  })
})

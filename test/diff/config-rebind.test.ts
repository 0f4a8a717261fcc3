/**
 * CONFIG SET port / bind / tls-port at run time against redis-server 7.0: the same replies,
 * byte for byte, for a successful move, a port held by another program, an address that does
 * not exist, the TCP and TLS ports made equal, and TLS without certificate files; and both
 * servers keep serving where they were after a failure. 10.255.255.1 is assumed not to be an
 * address of this machine.
 */

import assert from 'node:assert/strict'
import { createServer, type Server as NetServer } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { RawClient } from '../helpers/raw-client.js'
import { freePort, type RealRedis, redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { type RedoubtHandle, startRedoubt } from '../helpers/redoubt.js'
import { makeTestPki, type TestPki } from '../helpers/tls-certs.js'

const skip = redisServerSkip()
const ABSENT = '10.255.255.1'

/** One server under test: how to reach it now (its port moves). */
interface Side {
  readonly name: string
  port: number
  stop(): Promise<void>
}

async function occupy(): Promise<{ port: number; server: NetServer }> {
  const port = await freePort()
  const server = createServer((c) => c.destroy())
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  return { port, server }
}

/** Runs 'argv' on a fresh connection to 'side'. */
async function call(side: Side, ...argv: string[]): Promise<string> {
  const c = await RawClient.connect(side.port)
  try {
    return (await c.call(...argv)).toString('latin1')
  } finally {
    c.destroy()
  }
}

/** Runs 'argv' on both sides; asserts the replies are the same bytes and returns them. */
async function same(sides: readonly Side[], ...argv: string[]): Promise<string> {
  const [a, b] = await Promise.all(sides.map((s) => call(s, ...argv)))
  assert.equal(b, a, `${argv.join(' ')}: ${sides[1]!.name} differs from ${sides[0]!.name}`)
  return a!
}

describe('CONFIG SET port, bind and tls-port at run time', { skip }, () => {
  let pki: TestPki
  let real: RealRedis
  let ours: RedoubtHandle
  const sides: Side[] = []

  before(async () => {
    pki = makeTestPki()
    const tls = ['tls-cert-file', pki.serverCert, 'tls-key-file', pki.serverKey, 'tls-auth-clients', 'no']
    real = await startRealRedis(tls.map((a, i) => (i % 2 === 0 ? `--${a}` : a)))
    ours = await startRedoubt({
      port: await freePort(),
      bind: '127.0.0.1',
      'tls-cert-file': pki.serverCert,
      'tls-key-file': pki.serverKey,
      'tls-auth-clients': 'no',
    })
    sides.push({ name: 'redis-server', port: real.port, stop: () => real.stop() })
    sides.push({ name: 'redoubt', port: ours.port, stop: () => ours.close() })
  })
  after(async () => {
    await Promise.all(sides.map((s) => s.stop()))
    pki.remove()
  })

  test('a port held by another program: the same error, and both still serve on their port', async () => {
    const held = await occupy()
    try {
      await same(sides, 'CONFIG', 'SET', 'port', String(held.port))
      await same(sides, 'CONFIG', 'SET', 'timeout', '5', 'port', String(held.port))
      await same(sides, 'CONFIG', 'GET', 'timeout')
      for (const s of sides) {
        assert.equal(
          await call(s, 'CONFIG', 'GET', 'port'),
          `*2\r\n$4\r\nport\r\n$${String(s.port).length}\r\n${s.port}\r\n`,
        )
      }
    } finally {
      held.server.close()
    }
  })

  test('a bind address that does not exist: the same error, and both still serve', async () => {
    const err = await same(sides, 'CONFIG', 'SET', 'bind', `127.0.0.1 ${ABSENT}`)
    assert.match(err, /^-ERR CONFIG SET failed \(possibly related to argument 'bind'\)/)
    await same(sides, 'CONFIG', 'SET', 'port', '1', 'bind', ABSENT)
    await same(sides, 'CONFIG', 'SET', 'bind', ABSENT, 'port', '1')
    await same(sides, 'CONFIG', 'GET', 'bind')
  })

  test('TLS on a port held by another program, or on the TCP port: the same errors', async () => {
    const held = await occupy()
    try {
      await same(sides, 'CONFIG', 'SET', 'tls-port', String(held.port))
    } finally {
      held.server.close()
    }
    const [a, b] = await Promise.all(sides.map((s) => call(s, 'CONFIG', 'SET', 'tls-port', String(s.port))))
    assert.equal(b, a)
    assert.match(a!, /argument 'tls-port'\) - Unable to listen on this port/)
    await same(sides, 'CONFIG', 'GET', 'tls-port')
  })

  test('moving the port and back: OK on both, and each reports where it listens', async () => {
    for (const s of sides) {
      const next = await freePort()
      assert.equal(await call(s, 'CONFIG', 'SET', 'port', String(next)), '+OK\r\n', s.name)
      s.port = next
      assert.equal(
        await call(s, 'CONFIG', 'GET', 'port'),
        `*2\r\n$4\r\nport\r\n$${String(next).length}\r\n${next}\r\n`,
      )
      const info = await call(s, 'INFO', 'server')
      assert.match(info, new RegExp(`\r\ntcp_port:${next}\r\n`), s.name)
    }
    const tlsPorts = await Promise.all(sides.map(() => freePort()))
    const replies = await Promise.all(
      sides.map((s, i) => call(s, 'CONFIG', 'SET', 'tls-port', String(tlsPorts[i]))),
    )
    assert.deepEqual(replies, ['+OK\r\n', '+OK\r\n'])
    await same(sides, 'CONFIG', 'SET', 'tls-port', '0')
  })
})

describe('CONFIG SET tls-port without certificate files', { skip }, () => {
  test('is refused with the same text by both', async (t) => {
    const real = await startRealRedis()
    t.after(() => real.stop())
    const ours = await startRedoubt({ port: await freePort(), bind: '127.0.0.1' })
    t.after(() => ours.close())
    const sides: Side[] = [
      { name: 'redis-server', port: real.port, stop: async () => {} },
      { name: 'redoubt', port: ours.port, stop: async () => {} },
    ]
    const port = await freePort()
    const err = await same(sides, 'CONFIG', 'SET', 'tls-port', String(port))
    assert.match(err, /Unable to update TLS configuration/)
    await same(sides, 'CONFIG', 'GET', 'tls-port')
  })
})

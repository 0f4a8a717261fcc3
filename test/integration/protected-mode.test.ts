/**
 * protected-mode (Redis 7.0) tested for real: clients connect from a non-loopback address of
 * a network namespace made by the test (veth pair), and get exactly what redis-server sends
 * them under the same configuration: -DENIED and a close while the default user has no
 * password, normal service otherwise. Loopback and Unix socket clients are always served.
 */

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { DENIED_PROTECTED_MODE } from '../../src/security/protected-mode.js'
import { makeNetns, type Netns } from '../helpers/netns.js'
import { RawClient } from '../helpers/raw-client.js'
import { redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { startRedoubt } from '../helpers/redoubt.js'

const made = makeNetns()
const ns: Netns | null = typeof made === 'string' ? null : made
const skip: string | false =
  typeof made === 'string' ? `protected-mode from a remote address: ${made}` : redisServerSkip()
if (typeof made === 'string') console.log(`# SKIP ${skip}`)

after(() => ns?.remove())

const PING = '*1\r\n$4\r\nPING\r\n'
// The refusal is sent right after accept: the refused client sends nothing, so that the
// server's close is a clean FIN rather than a reset over unread input.
const NOTHING = ''

async function cmd(port: number, ...args: string[]): Promise<string> {
  const c = await RawClient.connect(port)
  try {
    return (await c.call(...args)).toString('latin1')
  } finally {
    await c.close()
  }
}

test('a remote client of a server whose default user has no password gets -DENIED, as redis-server sends it', {
  skip,
}, async (t) => {
  const real = await startRealRedis(['--bind', '0.0.0.0', '--protected-mode', 'yes'])
  t.after(() => real.stop())
  const srv = await startRedoubt({ bind: '0.0.0.0', 'protected-mode': 'yes' })
  t.after(() => srv.close())
  const fromRedis = await ns!.exchange(real.port, NOTHING)
  const fromRedoubt = await ns!.exchange(srv.port, NOTHING)
  assert.equal(fromRedis.data, DENIED_PROTECTED_MODE)
  assert.deepEqual(fromRedoubt, fromRedis)
  assert.equal(fromRedoubt.closed, true)
  // Loopback clients are served; the refusal counts as a received and a rejected connection.
  assert.equal(await cmd(srv.port, 'PING'), '+PONG\r\n')
  assert.equal(await cmd(real.port, 'PING'), '+PONG\r\n')
  const counters = async (port: number): Promise<string[]> =>
    (await cmd(port, 'INFO', 'stats'))
      .split('\r\n')
      .filter((l) => /^(total_connections_received|rejected_connections):/.test(l))
  assert.deepEqual(await counters(srv.port), await counters(real.port))
  assert.ok((await counters(srv.port)).includes('rejected_connections:1'))
})

test('protected-mode no serves remote clients', { skip }, async (t) => {
  const srv = await startRedoubt({ bind: '0.0.0.0', 'protected-mode': 'no' })
  t.after(() => srv.close())
  const r = await ns!.exchange(srv.port, PING, 500)
  assert.equal(r.data, '+PONG\r\n')
  assert.equal(r.closed, false)
})

test('CONFIG SET protected-mode and requirepass take effect for the next connection', { skip }, async (t) => {
  const srv = await startRedoubt({ bind: '0.0.0.0', 'protected-mode': 'yes' })
  t.after(() => srv.close())
  assert.equal((await ns!.exchange(srv.port, NOTHING)).data, DENIED_PROTECTED_MODE)
  assert.equal(await cmd(srv.port, 'CONFIG', 'SET', 'requirepass', 'sekret'), '+OK\r\n')
  const authed = await ns!.exchange(srv.port, PING, 500)
  assert.equal(authed.data, '-NOAUTH Authentication required.\r\n')
  assert.equal(authed.closed, false)
  const c = await RawClient.connect(srv.port)
  t.after(() => c.close())
  assert.equal((await c.call('AUTH', 'sekret')).toString(), '+OK\r\n')
  assert.equal((await c.call('CONFIG', 'SET', 'requirepass', '')).toString(), '+OK\r\n')
  assert.equal((await ns!.exchange(srv.port, NOTHING)).data, DENIED_PROTECTED_MODE)
  assert.equal((await c.call('CONFIG', 'SET', 'protected-mode', 'no')).toString(), '+OK\r\n')
  assert.equal((await ns!.exchange(srv.port, PING, 500)).data, '+PONG\r\n')
})

test('a default user that is off but nopass still triggers protected mode, as redis-server', {
  skip,
}, async (t) => {
  const real = await startRealRedis(['--bind', '0.0.0.0', '--protected-mode', 'yes'])
  t.after(() => real.stop())
  const srv = await startRedoubt({ bind: '0.0.0.0', 'protected-mode': 'yes' })
  t.after(() => srv.close())
  for (const port of [real.port, srv.port]) {
    const reply = await cmd(port, 'ACL', 'SETUSER', 'default', 'off')
    if (reply.startsWith('-ERR unknown command')) return t.skip('ACL SETUSER is not available yet')
    assert.equal(reply, '+OK\r\n')
  }
  const fromRedis = await ns!.exchange(real.port, NOTHING)
  const fromRedoubt = await ns!.exchange(srv.port, NOTHING)
  assert.equal(fromRedis.data, DENIED_PROTECTED_MODE)
  assert.deepEqual(fromRedoubt, fromRedis)
})

test('Unix socket clients are served in protected mode', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rdt-pm-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'pm.sock')
  const srv = await startRedoubt({ 'protected-mode': 'yes', unixsocket: path, unixsocketperm: '700' })
  t.after(() => srv.close())
  const out = await new Promise<string>((resolve, reject) =>
    execFile('redis-cli', ['-s', path, 'PING'], { timeout: 5000 }, (e, o) => (e ? reject(e) : resolve(o))),
  )
  assert.equal(out.trim(), 'PONG')
})

/**
 * CONFIG SET port and bind at run time (redis config.c updatePort / applyBind): the new
 * sockets listen before OK is sent, the old ones then close while open connections stay,
 * a port or address that cannot be bound fails with Redis's text and the old listeners keep
 * serving, port 0 closes plain TCP, and CONFIG GET, INFO tcp_port, CLIENT LIST laddr and
 * CONFIG REWRITE follow the change. The error texts themselves are compared with
 * redis-server in test/diff/config-rebind.test.ts.
 */

import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer, type Server as NetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { RawClient } from '../helpers/raw-client.js'
import { freePort } from '../helpers/real-redis.js'
import { spawnRedoubt, startRedoubt } from '../helpers/redoubt.js'

/** Assumed not to be an address of this machine (as test/integration/bind.test.ts). */
const ABSENT = '10.255.255.1'

const PORT_FAILED =
  "-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.\r\n"
const BIND_FAILED =
  "-ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses.\r\n"

/** True when nothing accepts connections on host:port. */
function refuses(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host })
    s.once('connect', () => {
      s.destroy()
      resolve(false)
    })
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'))
  })
}

/** A listener of another program holding 127.0.0.1:'port'. */
async function occupy(port: number): Promise<NetServer> {
  const s = createServer((c) => c.destroy())
  await new Promise<void>((r) => s.listen(port, '127.0.0.1', r))
  return s
}

function text(b: Buffer): string {
  return b.toString('latin1')
}

async function infoField(c: RawClient, name: string): Promise<string> {
  const info = text(await c.call('INFO', 'server'))
  const m = new RegExp(`^${name}:(.*)\r$`, 'm').exec(info)
  return m?.[1] ?? ''
}

test('CONFIG SET port moves the listener: the new port serves, the old one refuses, open connections stay', async (t) => {
  const p1 = await freePort()
  const srv = await startRedoubt({ port: p1 })
  t.after(() => srv.close())
  const old = await RawClient.connect(p1)
  t.after(() => old.destroy())
  await old.call('SET', 'k', 'v')
  const p2 = await freePort()
  assert.equal(text(await old.call('CONFIG', 'SET', 'port', String(p2))), '+OK\r\n')
  // OK was sent once the new port listened: connecting right away works.
  const fresh = await RawClient.connect(p2)
  t.after(() => fresh.destroy())
  assert.equal(text(await fresh.call('GET', 'k')), '$1\r\nv\r\n')
  assert.equal(await refuses(p1), true)
  assert.equal(text(await old.call('PING')), '+PONG\r\n')
  assert.equal(
    text(await fresh.call('CONFIG', 'GET', 'port')),
    `*2\r\n$4\r\nport\r\n$${String(p2).length}\r\n${p2}\r\n`,
  )
  assert.equal(await infoField(fresh, 'tcp_port'), String(p2))
  assert.equal(srv.port, p2)
  const list = text(await fresh.call('CLIENT', 'LIST'))
  // The connection made before keeps its address; the new one shows the new port.
  assert.match(list, new RegExp(`laddr=127\\.0\\.0\\.1:${p1} .* cmd=ping `))
  assert.match(list, new RegExp(`laddr=127\\.0\\.0\\.1:${p2} .* cmd=client\\|list `))
})

test('requests pipelined after CONFIG SET port wait for its reply and run in order', async (t) => {
  const srv = await startRedoubt({ port: await freePort() })
  t.after(() => srv.close())
  const c = await RawClient.connect(srv.port)
  t.after(() => c.destroy())
  const p2 = await freePort()
  c.send(
    '*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$4\r\nport\r\n' +
      `$${String(p2).length}\r\n${p2}\r\n*1\r\n$4\r\nPING\r\n*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$4\r\nport\r\n`,
  )
  const [ok, pong, got] = await c.readN(3)
  assert.equal(text(ok!), '+OK\r\n')
  assert.equal(text(pong!), '+PONG\r\n')
  assert.equal(text(got!), `*2\r\n$4\r\nport\r\n$${String(p2).length}\r\n${p2}\r\n`)
})

test('CLIENT REPLY SKIP silences the CONFIG SET port reply that comes once the port listens', async (t) => {
  const srv = await startRedoubt({ port: await freePort() })
  t.after(() => srv.close())
  const c = await RawClient.connect(srv.port)
  t.after(() => c.destroy())
  const p2 = await freePort()
  c.send(
    '*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n' +
      `*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$4\r\nport\r\n$${String(p2).length}\r\n${p2}\r\n*1\r\n$4\r\nPING\r\n`,
  )
  assert.equal(text(await c.read()), '+PONG\r\n')
  assert.equal(srv.port, p2)
})

test("a port already in use fails with Redis's error and the old port keeps serving", async (t) => {
  const p1 = await freePort()
  const srv = await startRedoubt({ port: p1 })
  t.after(() => srv.close())
  const taken = await freePort()
  const holder = await occupy(taken)
  t.after(() => holder.close())
  const c = await RawClient.connect(p1)
  t.after(() => c.destroy())
  assert.equal(text(await c.call('CONFIG', 'SET', 'port', String(taken))), PORT_FAILED)
  assert.equal(
    text(await c.call('CONFIG', 'GET', 'port')),
    `*2\r\n$4\r\nport\r\n$${String(p1).length}\r\n${p1}\r\n`,
  )
  assert.equal(await infoField(c, 'tcp_port'), String(p1))
  const again = await RawClient.connect(p1)
  t.after(() => again.destroy())
  assert.equal(text(await again.call('PING')), '+PONG\r\n')
  // The whole CONFIG SET is rolled back, including the pairs before the failing one.
  assert.equal(text(await c.call('CONFIG', 'SET', 'timeout', '77', 'port', String(taken))), PORT_FAILED)
  assert.equal(text(await c.call('CONFIG', 'GET', 'timeout')), '*2\r\n$7\r\ntimeout\r\n$1\r\n0\r\n')
})

/** Sends one inline command over the Unix socket at 'path'; resolves with the first reply line. */
function callUnix(path: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ path })
    let data = ''
    s.on('data', (d: Buffer) => {
      data += d.toString('latin1')
      if (data.endsWith('\r\n')) {
        s.destroy()
        resolve(data)
      }
    })
    s.once('error', reject)
    s.write(`${line}\r\n`)
  })
}

test('CONFIG SET port 0 closes plain TCP; the Unix socket still serves and can open a port again', async (t) => {
  const p1 = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'rdt-rebind-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const sock = join(dir, 'r.sock')
  const srv = await startRedoubt({ port: p1, unixsocket: sock, unixsocketperm: 700 })
  t.after(() => srv.close())
  const tcp = await RawClient.connect(p1)
  t.after(() => tcp.destroy())
  assert.equal(text(await tcp.call('CONFIG', 'SET', 'port', '0')), '+OK\r\n')
  assert.equal(await refuses(p1), true)
  assert.equal(text(await tcp.call('PING')), '+PONG\r\n')
  assert.equal(await infoField(tcp, 'tcp_port'), '0')
  assert.equal(srv.port, 0)
  const p2 = await freePort()
  assert.equal(await callUnix(sock, `CONFIG SET port ${p2}`), '+OK\r\n')
  const back = await RawClient.connect(p2)
  t.after(() => back.destroy())
  assert.equal(text(await back.call('PING')), '+PONG\r\n')
})

test('CONFIG SET bind moves to new addresses on the same port and back, through a wildcard', async (t) => {
  const port = await freePort()
  const srv = await startRedoubt({ port, bind: '127.0.0.1', 'protected-mode': 'no' })
  t.after(() => srv.close())
  const c = await RawClient.connect(port)
  t.after(() => c.destroy())
  // 127.0.0.2 is a loopback address on Linux; the old address stops listening.
  assert.equal(text(await c.call('CONFIG', 'SET', 'bind', '127.0.0.2')), '+OK\r\n')
  assert.equal(await refuses(port, '127.0.0.1'), true)
  const two = await RawClient.connect(port, '127.0.0.2')
  t.after(() => two.destroy())
  assert.match(text(await two.call('CLIENT', 'INFO')), new RegExp(`laddr=127\\.0\\.0\\.2:${port} `))
  // A wildcard and a specific address cannot listen on one port together (Linux): still works.
  assert.equal(text(await c.call('CONFIG', 'SET', 'bind', '*')), '+OK\r\n')
  const any = await RawClient.connect(port, '127.0.0.1')
  t.after(() => any.destroy())
  assert.equal(text(await any.call('PING')), '+PONG\r\n')
  assert.equal(text(await c.call('CONFIG', 'SET', 'bind', '127.0.0.1 -::1')), '+OK\r\n')
  assert.equal(await refuses(port, '127.0.0.2'), true)
  assert.equal(text(await c.call('CONFIG', 'GET', 'bind')), '*2\r\n$4\r\nbind\r\n$14\r\n127.0.0.1 -::1\r\n')
  // Every connection made along the way is still open.
  for (const k of [c, two, any]) assert.equal(text(await k.call('PING')), '+PONG\r\n')
})

test("a bind address that does not exist fails with Redis's error and the old addresses keep serving", async (t) => {
  const port = await freePort()
  const srv = await startRedoubt({ port, bind: '127.0.0.1' })
  t.after(() => srv.close())
  const c = await RawClient.connect(port)
  t.after(() => c.destroy())
  assert.equal(text(await c.call('CONFIG', 'SET', 'bind', `127.0.0.1 ${ABSENT}`)), BIND_FAILED)
  // Also when the failure comes after a wildcard replaced the old socket (it is bound again).
  assert.equal(text(await c.call('CONFIG', 'SET', 'bind', `* ${ABSENT}`)), BIND_FAILED)
  assert.equal(text(await c.call('CONFIG', 'GET', 'bind')), '*2\r\n$4\r\nbind\r\n$9\r\n127.0.0.1\r\n')
  const again = await RawClient.connect(port)
  t.after(() => again.destroy())
  assert.equal(text(await again.call('PING')), '+PONG\r\n')
  // An optional '-' address that does not exist is skipped, as at start-up...
  assert.equal(text(await c.call('CONFIG', 'SET', 'bind', `127.0.0.1 -${ABSENT}`)), '+OK\r\n')
  // ...but when every address is skipped, redoubt refuses (Redis would report a port that
  // nothing listens on).
  assert.equal(text(await c.call('CONFIG', 'SET', 'bind', `-${ABSENT}`)), BIND_FAILED)
  assert.equal(
    text(await c.call('CONFIG', 'SET', 'port', String(await freePort()), 'bind', `-${ABSENT}`)),
    PORT_FAILED,
  )
  const still = await RawClient.connect(port)
  t.after(() => still.destroy())
  assert.equal(text(await still.call('PING')), '+PONG\r\n')
})

test('the server keeps running with no listener and no client left', async (t) => {
  const srv = await spawnRedoubt(['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'])
  t.after(() => srv.stop())
  const c = await RawClient.connect(srv.port)
  assert.equal(text(await c.call('CONFIG', 'SET', 'port', '0')), '+OK\r\n')
  await c.close()
  await new Promise((r) => setTimeout(r, 300))
  assert.equal(srv.process.exitCode, null)
  assert.equal(srv.process.signalCode, null)
  assert.equal(await refuses(srv.port), true)
})

/** Connects from 'localAddress', sends PING, and resolves with everything read until close or 1 s. */
function pingFrom(port: number, host: string, localAddress: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host, localAddress })
    let data = ''
    const done = (): void => {
      clearTimeout(timer)
      s.destroy()
      resolve(data)
    }
    const timer = setTimeout(done, 1000)
    s.on('data', (d: Buffer) => {
      data += d.toString('latin1')
      if (data === '+PONG\r\n') done()
    })
    s.once('close', done)
    s.once('error', reject)
    s.write('*1\r\n$4\r\nPING\r\n')
  })
}

test('protected mode and maxclients apply to connections through the new port', async (t) => {
  const srv = await startRedoubt({ port: await freePort(), bind: '127.0.0.1', maxclients: 2 })
  t.after(() => srv.close())
  const c = await RawClient.connect(srv.port)
  t.after(() => c.destroy())
  const p2 = await freePort()
  assert.equal(
    text(await c.call('CONFIG', 'SET', 'port', String(p2), 'bind', '127.0.0.1 127.0.0.2')),
    '+OK\r\n',
  )
  // Protected mode admits only 127.0.0.1 and ::1 peers: one from 127.0.0.2 is refused.
  assert.match(await pingFrom(p2, '127.0.0.2', '127.0.0.2'), /^-DENIED Redis is running in protected mode/)
  // A loopback peer is let in on the new address: the second client of two.
  const second = await RawClient.connect(p2, '127.0.0.2')
  t.after(() => second.destroy())
  assert.equal(text(await second.call('PING')), '+PONG\r\n')
  assert.equal(await pingFrom(p2, '127.0.0.1', '127.0.0.1'), '-ERR max number of clients reached\r\n')
})

test('CONFIG SET port inside MULTI/EXEC is refused (redoubt cannot hold an EXEC reply for a bind)', async (t) => {
  const srv = await startRedoubt({ port: await freePort() })
  t.after(() => srv.close())
  const c = await RawClient.connect(srv.port)
  t.after(() => c.destroy())
  const p2 = await freePort()
  await c.call('MULTI')
  assert.equal(text(await c.call('CONFIG', 'SET', 'port', String(p2))), '+QUEUED\r\n')
  assert.equal(
    text(await c.call('EXEC')),
    "*1\r\n-ERR CONFIG SET failed (possibly related to argument 'port') - not supported by redoubt inside MULTI/EXEC (the new sockets bind asynchronously)\r\n",
  )
  assert.equal(await refuses(p2), true)
  assert.equal(srv.port !== p2, true)
})

test('CONFIG REWRITE writes the port and bind set at run time', async (t) => {
  const p1 = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'rdt-rebind-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'redis.conf')
  writeFileSync(file, `port ${p1}\nbind 127.0.0.1\nsave ""\nappendonly no\n`)
  const srv = await spawnRedoubt([file], { port: p1, cwd: dir })
  t.after(() => srv.stop())
  const c = await RawClient.connect(p1)
  t.after(() => c.destroy())
  const p2 = await freePort()
  assert.equal(
    text(await c.call('CONFIG', 'SET', 'port', String(p2), 'bind', '127.0.0.1 -127.0.0.2')),
    '+OK\r\n',
  )
  assert.equal(text(await c.call('CONFIG', 'REWRITE')), '+OK\r\n')
  const conf = readFileSync(file, 'latin1')
  assert.match(conf, new RegExp(`^port ${p2}$`, 'm'))
  assert.match(conf, /^bind 127\.0\.0\.1 -127\.0\.0\.2$/m)
  assert.doesNotMatch(conf, new RegExp(`^port ${p1}$`, 'm'))
})

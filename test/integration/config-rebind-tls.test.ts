/**
 * CONFIG SET tls-port at run time (redis config.c applyTLSPort), and 'bind' moving the TLS
 * listeners too: the new TLS port serves with the configured certificates before OK, the old
 * one refuses, open TLS connections stay, a port in use fails with Redis's text and the old
 * port keeps serving, tls-port 0 closes TLS, and TLS can be switched on at run time when the
 * certificate files are set (or is refused with Redis's text when they are not).
 */

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer, type Server as NetServer, connect as netConnect } from 'node:net'
import { after, before, test } from 'node:test'
import { type TLSSocket, connect as tlsConnect } from 'node:tls'
import { startServer } from '../../src/index.js'
import { RawClient } from '../helpers/raw-client.js'
import { freePort } from '../helpers/real-redis.js'
import { makeTestPki, type TestPki } from '../helpers/tls-certs.js'

let pki: TestPki
before(() => {
  pki = makeTestPki()
})
after(() => pki.remove())

const PORT_FAILED =
  "-ERR CONFIG SET failed (possibly related to argument 'tls-port') - Unable to listen on this port. Check server logs.\r\n"

/** Starts redoubt with plain TCP on a free port and the test certificates configured. */
async function start(extra: Record<string, string | number> = {}): Promise<{
  port: number
  logs: string[]
  close(): Promise<void>
}> {
  const logs: string[] = []
  const srv = await startServer(
    {
      port: 0,
      'tls-cert-file': pki.serverCert,
      'tls-key-file': pki.serverKey,
      'tls-ca-cert-file': pki.caCert,
      'tls-auth-clients': 'no',
      ...extra,
    },
    { logger: (l) => logs.push(l) },
  )
  return { port: srv.port, logs, close: () => srv.close() }
}

/** Opens a TLS connection trusting the test CA: the socket, or the error. */
function tryTls(port: number, host = '127.0.0.1'): Promise<TLSSocket | Error> {
  return new Promise((resolve) => {
    const s = tlsConnect({ host, port, servername: 'localhost', ca: readFileSync(pki.caCert) })
    s.once('secureConnect', () => resolve(s))
    s.once('error', (e) => resolve(e))
  })
}

/** Sends PING over 's'; resolves with the reply, or null if the connection closes first. */
function ping(s: TLSSocket): Promise<string | null> {
  return new Promise((resolve) => {
    let data = ''
    const onData = (d: Buffer): void => {
      data += d.toString('latin1')
      if (data.endsWith('\r\n')) {
        s.off('data', onData)
        resolve(data)
      }
    }
    s.on('data', onData)
    s.once('close', () => resolve(null))
    s.write('*1\r\n$4\r\nPING\r\n')
  })
}

async function tlsPing(port: number, host = '127.0.0.1'): Promise<string | null> {
  const s = await tryTls(port, host)
  if (s instanceof Error) return null
  try {
    return await ping(s)
  } finally {
    s.destroy()
  }
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = netConnect({ port, host: '127.0.0.1' })
    s.once('connect', () => {
      s.destroy()
      resolve(false)
    })
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'))
  })
}

async function occupy(port: number): Promise<NetServer> {
  const s = createServer((c) => c.destroy())
  await new Promise<void>((r) => s.listen(port, '127.0.0.1', r))
  return s
}

function text(b: Buffer): string {
  return b.toString('latin1')
}

test('CONFIG SET tls-port moves TLS: the new port serves, the old one refuses, open TLS connections stay', async (t) => {
  const p1 = await freePort()
  const srv = await start({ 'tls-port': p1 })
  t.after(() => srv.close())
  const old = await tryTls(p1)
  assert.ok(!(old instanceof Error), String(old))
  t.after(() => old.destroy())
  const c = await RawClient.connect(srv.port)
  t.after(() => c.destroy())
  const p2 = await freePort()
  assert.equal(text(await c.call('CONFIG', 'SET', 'tls-port', String(p2))), '+OK\r\n')
  assert.equal(await tlsPing(p2), '+PONG\r\n')
  assert.equal(await refuses(p1), true)
  assert.equal(await ping(old), '+PONG\r\n')
  assert.equal(
    text(await c.call('CONFIG', 'GET', 'tls-port')),
    `*2\r\n$8\r\ntls-port\r\n$${String(p2).length}\r\n${p2}\r\n`,
  )
})

test("a TLS port already in use fails with Redis's error and the old TLS port keeps serving", async (t) => {
  const p1 = await freePort()
  const srv = await start({ 'tls-port': p1 })
  t.after(() => srv.close())
  const taken = await freePort()
  const holder = await occupy(taken)
  t.after(() => holder.close())
  const c = await RawClient.connect(srv.port)
  t.after(() => c.destroy())
  assert.equal(text(await c.call('CONFIG', 'SET', 'tls-port', String(taken))), PORT_FAILED)
  assert.equal(await tlsPing(p1), '+PONG\r\n')
  // The TCP port and the TLS port cannot be the same: the plain port change is undone too.
  const both = await freePort()
  assert.equal(
    text(await c.call('CONFIG', 'SET', 'port', String(both), 'tls-port', String(both))),
    PORT_FAILED,
  )
  assert.equal(await refuses(both), true)
  assert.equal(text(await c.call('CONFIG', 'GET', 'port')), `*2\r\n$4\r\nport\r\n$1\r\n0\r\n`)
  const again = await RawClient.connect(srv.port)
  t.after(() => again.destroy())
  assert.equal(text(await again.call('PING')), '+PONG\r\n')
  assert.equal(await tlsPing(p1), '+PONG\r\n')
})

test('tls-port 0 closes TLS, and TLS can be switched on at run time with the configured certificates', async (t) => {
  // An explicit port: in embedding, 'port 0' stands for the free port chosen at start.
  const srv = await start({ port: await freePort() })
  t.after(() => srv.close())
  const c = await RawClient.connect(srv.port)
  t.after(() => c.destroy())
  const p1 = await freePort()
  assert.equal(text(await c.call('CONFIG', 'SET', 'tls-port', String(p1))), '+OK\r\n')
  assert.equal(await tlsPing(p1), '+PONG\r\n')
  // INFO tcp_port stays the plain port while there is one.
  assert.match(text(await c.call('INFO', 'server')), new RegExp(`\r\ntcp_port:${srv.port}\r\n`))
  // redis 7.0: without plain TCP, INFO tcp_port reports the TLS port.
  assert.equal(text(await c.call('CONFIG', 'SET', 'port', '0')), '+OK\r\n')
  assert.equal(await refuses(srv.port), true)
  assert.match(text(await c.call('INFO', 'server')), new RegExp(`\r\ntcp_port:${p1}\r\n`))
  assert.equal(text(await c.call('CONFIG', 'SET', 'tls-port', '0')), '+OK\r\n')
  assert.equal(await refuses(p1), true)
  assert.match(text(await c.call('INFO', 'server')), /\r\ntcp_port:0\r\n/)
})

test("CONFIG SET tls-port without certificate files is refused with Redis's text and logged", async (t) => {
  const logs: string[] = []
  const srv = await startServer({ port: 0 }, { logger: (l) => logs.push(l) })
  t.after(() => srv.close())
  const c = await RawClient.connect(srv.port)
  t.after(() => c.destroy())
  const p1 = await freePort()
  assert.equal(
    text(await c.call('CONFIG', 'SET', 'tls-port', String(p1))),
    "-ERR CONFIG SET failed (possibly related to argument 'tls-port') - Unable to update TLS configuration. Check server logs.\r\n",
  )
  assert.ok(logs.some((l) => l.includes('No tls-cert-file configured!')))
  assert.equal(await refuses(p1), true)
  assert.equal(text(await c.call('CONFIG', 'GET', 'tls-port')), '*2\r\n$8\r\ntls-port\r\n$1\r\n0\r\n')
})

test('CONFIG SET bind moves the TLS listeners with the plain ones', async (t) => {
  const p1 = await freePort()
  const srv = await start({ 'tls-port': p1, bind: '127.0.0.1' })
  t.after(() => srv.close())
  const c = await RawClient.connect(srv.port)
  t.after(() => c.destroy())
  assert.equal(text(await c.call('CONFIG', 'SET', 'bind', '127.0.0.2')), '+OK\r\n')
  assert.equal(await refuses(p1), true)
  assert.equal(await tlsPing(p1, '127.0.0.2'), '+PONG\r\n')
  assert.equal(text(await c.call('PING')), '+PONG\r\n')
})

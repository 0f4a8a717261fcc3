/**
 * TLS as the hardening guides configure it, with a PKI the test makes with openssl (CA,
 * server, client, and a second CA): redis-cli --tls, ioredis and node-redis, mutual TLS,
 * plain and TLS ports at once, 'port 0' with TLS only, the refusals (no client certificate,
 * a certificate from another CA, TLS 1.1, plain text on the TLS port) each logged and
 * survived, tls-auth-clients optional/no, and CONFIG SET reloading certificates without
 * dropping connections while a bad certificate is refused and the old one keeps serving.
 */

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { connect as netConnect } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type ConnectionOptions, type TLSSocket, connect as tlsConnect } from 'node:tls'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { startServer } from '../../src/index.js'
import { freePort } from '../helpers/real-redis.js'
import { spawnRedoubt } from '../helpers/redoubt.js'
import { makeTestPki, type TestPki } from '../helpers/tls-certs.js'

const STRONG_CIPHERS = 'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256'
const STRONG_SUITES = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256'

let pki: TestPki
before(() => {
  pki = makeTestPki()
})
after(() => pki.remove())

interface Started {
  port: number
  tlsPort: number
  logs: string[]
  close(): Promise<void>
}

async function startTls(extra: Record<string, string> = {}): Promise<Started> {
  const tlsPort = await freePort()
  const logs: string[] = []
  const srv = await startServer(
    {
      port: 0,
      loglevel: 'verbose',
      'tls-port': tlsPort,
      'tls-cert-file': pki.serverCert,
      'tls-key-file': pki.serverKey,
      'tls-ca-cert-file': pki.caCert,
      'tls-auth-clients': 'yes',
      'tls-protocols': 'TLSv1.2 TLSv1.3',
      'tls-ciphers': STRONG_CIPHERS,
      'tls-ciphersuites': STRONG_SUITES,
      'tls-prefer-server-ciphers': 'yes',
      ...extra,
    },
    { logger: (l) => logs.push(l) },
  )
  return { port: srv.port, tlsPort, logs, close: () => srv.close() }
}

function cli(args: string[]): Promise<{ out: string; code: number }> {
  return new Promise((resolve) => {
    execFile('redis-cli', args, { encoding: 'latin1', timeout: 5000 }, (err, out, errOut) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1
      resolve({ out: out + errOut, code })
    })
  })
}

/** A TLS connection attempt: resolves with the socket once the handshake is done, or the error. */
function tryTls(port: number, opts: ConnectionOptions): Promise<TLSSocket | Error> {
  return new Promise((resolve) => {
    const s = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ...opts })
    const timer = setTimeout(() => {
      s.destroy()
      resolve(new Error('timeout'))
    }, 4000)
    s.once('secureConnect', () => {
      clearTimeout(timer)
      resolve(s)
    })
    s.once('error', (e) => {
      clearTimeout(timer)
      resolve(e)
    })
  })
}

/** Sends PING on an open TLS socket; resolves with the reply, or null when the server closes it. */
function pingOver(s: TLSSocket): Promise<string | null> {
  return new Promise((resolve) => {
    let data = ''
    const timer = setTimeout(() => resolve(data === '' ? null : data), 3000)
    s.on('data', (d: Buffer) => {
      data += d.toString('latin1')
      if (data.endsWith('\r\n')) {
        clearTimeout(timer)
        resolve(data)
      }
    })
    s.once('close', () => {
      clearTimeout(timer)
      resolve(data === '' ? null : data)
    })
    s.on('error', () => {})
    s.write('*1\r\n$4\r\nPING\r\n')
  })
}

function mtls(): ConnectionOptions {
  return {
    ca: readFileSync(pki.caCert),
    cert: readFileSync(pki.clientCert),
    key: readFileSync(pki.clientKey),
  }
}

async function waitForLog(logs: string[], re: RegExp): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const line = logs.find((l) => re.test(l))
    if (line !== undefined) return line
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`no log line matches ${re}; got:\n${logs.join('')}`)
}

describe('TLS with mutual authentication (tls-auth-clients yes)', () => {
  let s: Started
  before(async () => {
    s = await startTls()
  })
  after(() => s.close())

  test('redis-cli --tls --cert --key --cacert talks to the TLS port', async () => {
    const base = [
      '--tls',
      '--cert',
      pki.clientCert,
      '--key',
      pki.clientKey,
      '--cacert',
      pki.caCert,
      '-p',
      String(s.tlsPort),
    ]
    assert.equal((await cli([...base, 'SET', 'k', 'over-tls'])).out.trim(), 'OK')
    assert.equal((await cli([...base, 'GET', 'k'])).out.trim(), 'over-tls')
  })

  test('the plain TCP port serves at the same time', async () => {
    assert.equal((await cli(['-p', String(s.port), 'GET', 'k'])).out.trim(), 'over-tls')
  })

  test('ioredis over mutual TLS', async () => {
    const r = new Redis({
      host: '127.0.0.1',
      port: s.tlsPort,
      tls: { ...mtls(), servername: 'localhost' },
      lazyConnect: true,
    })
    await r.connect()
    try {
      assert.equal(await r.set('io', 'v1'), 'OK')
      assert.equal(await r.get('io'), 'v1')
      const info = await r.client('INFO')
      assert.match(String(info), / laddr=127\.0\.0\.1:\d+ /)
    } finally {
      r.disconnect()
    }
  })

  test('node-redis over mutual TLS (RESP3)', async () => {
    const c = createClient({
      socket: {
        host: '127.0.0.1',
        port: s.tlsPort,
        tls: true,
        ...mtls(),
        servername: 'localhost',
        reconnectStrategy: false,
      },
      RESP: 3,
    })
    c.on('error', () => {})
    await c.connect()
    try {
      assert.equal(await c.set('nr', 'v2'), 'OK')
      assert.equal(await c.get('nr'), 'v2')
    } finally {
      await c.quit()
    }
  })

  test('a client without a certificate is refused during the handshake, and it is logged', async () => {
    const r = await tryTls(s.tlsPort, { ca: readFileSync(pki.caCert) })
    // TLS 1.3: the handshake completes on the client side before the server checks the
    // certificate; the server then closes without serving anything.
    if (!(r instanceof Error)) assert.equal(await pingOver(r), null)
    await waitForLog(
      s.logs,
      /Error accepting a client connection: error:[0-9A-F]+:SSL routines::peer did not return a certificate/,
    )
    assert.equal((await cli(['-p', String(s.port), 'PING'])).out.trim(), 'PONG')
  })

  test('a client certificate from another CA is refused, and it is logged', async () => {
    const r = await tryTls(s.tlsPort, {
      ca: readFileSync(pki.caCert),
      cert: readFileSync(pki.otherClientCert),
      key: readFileSync(pki.otherClientKey),
    })
    // Node's client sends no certificate the server's CA list does not name; redis-cli does.
    if (!(r instanceof Error)) assert.equal(await pingOver(r), null)
    const cliOut = await cli([
      '--tls',
      '--cert',
      pki.otherClientCert,
      '--key',
      pki.otherClientKey,
      '--cacert',
      pki.caCert,
      '-p',
      String(s.tlsPort),
      'PING',
    ])
    assert.doesNotMatch(cliOut.out, /PONG/)
    await waitForLog(
      s.logs,
      /Error accepting a client connection: certificate verify failed: UNABLE_TO_VERIFY_LEAF_SIGNATURE|Error accepting a client connection: .*certificate verify failed/,
    )
  })

  test('TLS 1.1 is refused when tls-protocols allows only 1.2 and 1.3, and it is logged', async () => {
    const r = await tryTls(s.tlsPort, {
      ...mtls(),
      minVersion: 'TLSv1.1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    })
    assert.ok(r instanceof Error, 'a TLS 1.1 handshake must fail')
    await waitForLog(
      s.logs,
      /Error accepting a client connection: error:[0-9A-F]+:SSL routines::(unsupported protocol|no shared cipher|version too low)/,
    )
    const ok = await tryTls(s.tlsPort, { ...mtls(), minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' })
    assert.ok(!(ok instanceof Error), String(ok))
    assert.equal(ok.getProtocol(), 'TLSv1.2')
    assert.equal(await pingOver(ok), '+PONG\r\n')
    ok.destroy()
  })

  test('a plain-text client on the TLS port is refused without harm, and it is logged', async () => {
    const reply = await new Promise<string>((resolve) => {
      let data = ''
      const sock = netConnect(s.tlsPort, '127.0.0.1', () => sock.write('*1\r\n$4\r\nPING\r\n'))
      sock.on('data', (d) => (data += d.toString('latin1')))
      sock.on('error', () => {})
      sock.on('close', () => resolve(data))
    })
    assert.doesNotMatch(reply, /PONG/)
    await waitForLog(
      s.logs,
      /Error accepting a client connection: error:[0-9A-F]+:SSL routines::(wrong version number|http request|packet length too long)/,
    )
    const again = await tryTls(s.tlsPort, mtls())
    assert.ok(!(again instanceof Error))
    assert.equal(await pingOver(again), '+PONG\r\n')
    again.destroy()
  })
})

describe('tls-auth-clients optional and no', () => {
  test('optional: no certificate is served, a certificate from another CA is refused', async (t) => {
    const s = await startTls({ 'tls-auth-clients': 'optional' })
    t.after(() => s.close())
    const anon = await tryTls(s.tlsPort, { ca: readFileSync(pki.caCert) })
    assert.ok(!(anon instanceof Error), String(anon))
    assert.equal(await pingOver(anon), '+PONG\r\n')
    anon.destroy()
    const other = await tryTls(s.tlsPort, {
      ca: readFileSync(pki.caCert),
      cert: readFileSync(pki.otherClientCert),
      key: readFileSync(pki.otherClientKey),
    })
    if (!(other instanceof Error)) assert.equal(await pingOver(other), null)
    await waitForLog(s.logs, /Error accepting a client connection: certificate verify failed/)
  })

  test('no: clients need no certificate and no CA is required', async (t) => {
    const s = await startTls({ 'tls-auth-clients': 'no', 'tls-ca-cert-file': '' })
    t.after(() => s.close())
    const anon = await tryTls(s.tlsPort, { ca: readFileSync(pki.caCert) })
    assert.ok(!(anon instanceof Error), String(anon))
    assert.equal(await pingOver(anon), '+PONG\r\n')
    anon.destroy()
  })
})

describe('CONFIG SET of tls-* files', () => {
  test('reloads the certificate for new connections, keeps open ones, and refuses a bad one', async (t) => {
    const s = await startTls()
    t.after(() => s.close())
    const before = await tryTls(s.tlsPort, mtls())
    assert.ok(!(before instanceof Error))
    assert.equal(before.getPeerCertificate().subject.CN, 'server')
    // A second server certificate from the same CA, with another subject.
    const { execFileSync } = await import('node:child_process')
    const dir = pki.dir
    execFileSync(
      'openssl',
      ['req', '-new', '-key', 'server.key', '-subj', '/CN=server-2', '-out', 'server2.csr'],
      { cwd: dir, stdio: 'ignore' },
    )
    writeFileSync(join(dir, 'server2.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n')
    execFileSync(
      'openssl',
      [
        'x509',
        '-req',
        '-days',
        '2',
        '-in',
        'server2.csr',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-extfile',
        'server2.ext',
        '-out',
        'server2.crt',
      ],
      { cwd: dir, stdio: 'ignore' },
    )
    const set = await cli(['-p', String(s.port), 'CONFIG', 'SET', 'tls-cert-file', join(dir, 'server2.crt')])
    assert.equal(set.out.trim(), 'OK')
    const afterReload = await tryTls(s.tlsPort, mtls())
    assert.ok(!(afterReload instanceof Error))
    assert.equal(afterReload.getPeerCertificate().subject.CN, 'server-2')
    afterReload.destroy()
    // The connection made before the reload still works.
    assert.equal(await pingOver(before), '+PONG\r\n')

    writeFileSync(join(dir, 'bad.crt'), 'not a certificate\n')
    const bad = await cli(['-p', String(s.port), 'CONFIG', 'SET', 'tls-cert-file', join(dir, 'bad.crt')])
    assert.equal(
      bad.out.trim(),
      "ERR CONFIG SET failed (possibly related to argument 'tls-cert-file') - Unable to update TLS configuration. Check server logs.",
    )
    await waitForLog(
      s.logs,
      /Failed to update TLS configuration: .*bad\.crt|Failed to update TLS configuration: Failed to configure TLS/,
    )
    assert.equal(
      (await cli(['-p', String(s.port), 'CONFIG', 'GET', 'tls-cert-file'])).out.trim(),
      `tls-cert-file\n${join(dir, 'server2.crt')}`,
    )
    const still = await tryTls(s.tlsPort, mtls())
    assert.ok(!(still instanceof Error))
    assert.equal(still.getPeerCertificate().subject.CN, 'server-2')
    assert.equal(await pingOver(still), '+PONG\r\n')
    still.destroy()
    before.destroy()
  })

  test('an invalid tls-protocols value is refused with Redis text and logged', async (t) => {
    const s = await startTls()
    t.after(() => s.close())
    const r = await cli(['-p', String(s.port), 'CONFIG', 'SET', 'tls-protocols', 'TLSv1.1 foo'])
    assert.equal(
      r.out.trim(),
      "ERR CONFIG SET failed (possibly related to argument 'tls-protocols') - Unable to update TLS configuration. Check server logs.",
    )
    await waitForLog(s.logs, /Invalid tls-protocols specified/)
  })
})

test("'port 0' with 'tls-port' serves TLS only (redoubt-server binary)", async (t) => {
  const tlsPort = await freePort()
  const srv = await spawnRedoubt(
    [
      '--port',
      '0',
      '--tls-port',
      String(tlsPort),
      '--tls-cert-file',
      pki.serverCert,
      '--tls-key-file',
      pki.serverKey,
      '--tls-ca-cert-file',
      pki.caCert,
      '--tls-auth-clients',
      'yes',
      '--tls-protocols',
      'TLSv1.2 TLSv1.3',
    ],
    { port: tlsPort },
  )
  t.after(() => srv.stop())
  const base = [
    '--tls',
    '--cert',
    pki.clientCert,
    '--key',
    pki.clientKey,
    '--cacert',
    pki.caCert,
    '-p',
    String(tlsPort),
  ]
  assert.equal((await cli([...base, 'PING'])).out.trim(), 'PONG')
  assert.equal((await cli([...base, 'CONFIG', 'GET', 'port'])).out.trim(), 'port\n0')
})

describe('tls-session-caching', () => {
  async function resumed(s: Started, version: 'TLSv1.2' | 'TLSv1.3'): Promise<boolean> {
    const opts: ConnectionOptions = { ...mtls(), minVersion: version, maxVersion: version }
    let session: Buffer | undefined
    const first = await new Promise<TLSSocket>((resolve, reject) => {
      const sock = tlsConnect({ host: '127.0.0.1', port: s.tlsPort, servername: 'localhost', ...opts })
      sock.on('session', (data: Buffer) => {
        session = data
      })
      sock.once('secureConnect', () => resolve(sock))
      sock.once('error', reject)
    })
    assert.equal(await pingOver(first), '+PONG\r\n')
    first.destroy()
    assert.ok(session !== undefined, 'the server issued a session')
    const second = await tryTls(s.tlsPort, { ...opts, session })
    assert.ok(!(second instanceof Error), String(second))
    const reused = second.isSessionReused()
    assert.equal(await pingOver(second), '+PONG\r\n')
    second.destroy()
    return reused
  }

  test('yes (the default): a client resumes its TLS 1.2 and TLS 1.3 sessions', async (t) => {
    const s = await startTls()
    t.after(() => s.close())
    assert.equal(await resumed(s, 'TLSv1.2'), true)
    assert.equal(await resumed(s, 'TLSv1.3'), true)
  })

  test('no: every connection makes a full handshake', async (t) => {
    const s = await startTls({ 'tls-session-caching': 'no' })
    t.after(() => s.close())
    assert.equal(await resumed(s, 'TLSv1.2'), false)
    assert.equal(await resumed(s, 'TLSv1.3'), false)
  })
})

describe('key pass phrase, CA directory and DH parameters', () => {
  test('tls-key-file-pass opens an encrypted key; a wrong pass phrase refuses to start', async () => {
    const { execFileSync } = await import('node:child_process')
    const enc = join(pki.dir, 'server-enc.key')
    execFileSync(
      'openssl',
      ['pkey', '-in', pki.serverKey, '-aes256', '-passout', 'pass:open-sesame', '-out', enc],
      { stdio: 'ignore' },
    )
    const s = await startTls({ 'tls-key-file': enc, 'tls-key-file-pass': 'open-sesame' })
    try {
      const ok = await tryTls(s.tlsPort, mtls())
      assert.ok(!(ok instanceof Error), String(ok))
      assert.equal(await pingOver(ok), '+PONG\r\n')
      ok.destroy()
    } finally {
      await s.close()
    }
    await assert.rejects(
      startTls({ 'tls-key-file': enc, 'tls-key-file-pass': 'wrong' }),
      /Failed to configure TLS/,
    )
  })

  test('tls-ca-cert-dir verifies client certificates by the CAs in a directory', async (t) => {
    const { mkdirSync, copyFileSync } = await import('node:fs')
    const caDir = join(pki.dir, 'cadir')
    mkdirSync(caDir, { recursive: true })
    copyFileSync(pki.caCert, join(caDir, 'ca.pem'))
    const s = await startTls({ 'tls-ca-cert-file': '', 'tls-ca-cert-dir': caDir })
    t.after(() => s.close())
    const ok = await tryTls(s.tlsPort, mtls())
    assert.ok(!(ok instanceof Error), String(ok))
    assert.equal(await pingOver(ok), '+PONG\r\n')
    ok.destroy()
    const other = await tryTls(s.tlsPort, {
      ca: readFileSync(pki.caCert),
      cert: readFileSync(pki.otherClientCert),
      key: readFileSync(pki.otherClientKey),
    })
    if (!(other instanceof Error)) assert.equal(await pingOver(other), null)
  })

  test('tls-dh-params-file enables the DHE ciphers', async (t) => {
    const { execFileSync } = await import('node:child_process')
    const dh = join(pki.dir, 'dh.pem')
    execFileSync('openssl', ['dhparam', '-dsaparam', '-out', dh, '2048'], { stdio: 'ignore' })
    const dhe: ConnectionOptions = { ...mtls(), maxVersion: 'TLSv1.2', ciphers: 'DHE-RSA-AES128-GCM-SHA256' }
    const ciphers = { 'tls-ciphers': 'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256' }
    const without = await startTls(ciphers)
    try {
      const r = await tryTls(without.tlsPort, dhe)
      assert.ok(r instanceof Error, 'no DHE without DH parameters')
    } finally {
      await without.close()
    }
    const withDh = await startTls({ ...ciphers, 'tls-dh-params-file': dh })
    t.after(() => withDh.close())
    const r = await tryTls(withDh.tlsPort, dhe)
    assert.ok(!(r instanceof Error), String(r))
    assert.equal(r.getCipher().standardName, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256')
    assert.equal(await pingOver(r), '+PONG\r\n')
    r.destroy()
  })
})

/**
 * Hostile clients: while one client trickles, floods, streams an endless line, holds a
 * huge pending multibulk or never reads its replies, the others keep getting prompt replies;
 * client-query-buffer-limit closes an offender (also compared with redis-server where both
 * must close); and a pipeline in one write is answered in order in few socket writes.
 */

import assert from 'node:assert/strict'
import { connect, Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { RawClient } from '../helpers/raw-client.js'
import { type RealRedis, redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { type RedoubtHandle, startRedoubt } from '../helpers/redoubt.js'

const QUERY_LIMIT = 1024 * 1024

/** A raw socket that records what it receives and whether it was closed. */
class Offender {
  readonly sock: Socket
  readonly received: Buffer[] = []
  closed = false
  readonly whenClosed: Promise<void>

  private constructor(sock: Socket) {
    this.sock = sock
    sock.on('data', (d: Buffer) => this.received.push(d))
    sock.on('error', () => {})
    this.whenClosed = new Promise((resolve) =>
      sock.once('close', () => {
        this.closed = true
        resolve()
      }),
    )
  }

  static open(port: number): Promise<Offender> {
    return new Promise((resolve, reject) => {
      const sock = connect({ port, host: '127.0.0.1' })
      sock.once('connect', () => resolve(new Offender(sock)))
      sock.once('error', reject)
    })
  }

  /** Writes 'data', waiting for the socket to drain; false once the server closed it. */
  async write(data: Buffer | string): Promise<boolean> {
    if (this.closed || this.sock.destroyed) return false
    if (!this.sock.write(data)) {
      await Promise.race([new Promise((r) => this.sock.once('drain', r)), this.whenClosed, sleep(1000)])
    }
    return !this.closed
  }

  text(): string {
    return Buffer.concat(this.received).toString('latin1')
  }

  destroy(): void {
    this.sock.destroy()
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** Pings on 'port' 'n' times; returns the slowest round trip in ms. */
async function slowestPing(port: number, n: number): Promise<number> {
  const c = await RawClient.connect(port)
  let worst = 0
  try {
    for (let i = 0; i < n; i++) {
      const start = performance.now()
      assert.equal((await c.call('PING')).toString(), '+PONG\r\n')
      worst = Math.max(worst, performance.now() - start)
      await sleep(5)
    }
  } finally {
    await c.close()
  }
  return worst
}

describe('hostile clients do not stop the others', () => {
  let server: RedoubtHandle
  before(async () => {
    server = await startRedoubt({ 'client-query-buffer-limit': QUERY_LIMIT })
  })
  after(async () => {
    await server?.close()
  })

  it('a request trickled byte by byte does not delay other clients', async () => {
    const bad = await Offender.open(server.port)
    const bytes = Buffer.from(`*2\r\n$4\r\nECHO\r\n$3000\r\n${'t'.repeat(3000)}\r\n`)
    const trickle = (async () => {
      for (let i = 0; i < bytes.length; i++) {
        await bad.write(bytes.subarray(i, i + 1))
        if (i % 50 === 0) await sleep(1)
      }
    })()
    const worst = await slowestPing(server.port, 40)
    await trickle
    await sleep(50)
    assert.equal(bad.text(), `$3000\r\n${'t'.repeat(3000)}\r\n`)
    assert.ok(worst < 500, `slowest PING took ${worst} ms`)
    bad.destroy()
  })

  it('an endless inline line is cut at 64 KiB while other clients are served', async () => {
    const bad = await Offender.open(server.port)
    const chunk = Buffer.alloc(16 * 1024, 'z')
    const stream = (async () => {
      let sent = 0
      while (sent < 256 * 1024 * 1024 && (await bad.write(chunk))) sent += chunk.length
      return sent
    })()
    const worst = await slowestPing(server.port, 20)
    const sent = await stream
    await bad.whenClosed
    assert.equal(bad.text(), '-ERR Protocol error: too big inline request\r\n')
    assert.ok(sent < 32 * 1024 * 1024, `${sent} bytes went through before the close`)
    assert.ok(worst < 500, `slowest PING took ${worst} ms`)
  })

  it('a multibulk of millions of tiny arguments is closed by client-query-buffer-limit, memory bounded', async () => {
    const bad = await Offender.open(server.port)
    const heapBefore = process.memoryUsage().heapUsed
    await bad.write('*3000000\r\n')
    const chunk = Buffer.from('$1\r\na\r\n'.repeat(10_000))
    let sent = 0
    for (let i = 0; i < 300 && (await bad.write(chunk)); i++) sent += chunk.length
    await Promise.race([bad.whenClosed, sleep(3000)])
    assert.equal(bad.closed, true, 'the offender was not closed')
    assert.equal(bad.text(), '')
    // Parsed arguments count against the limit (with an overhead per argument), so the
    // connection closes after about 30,000 of them: far from the 3,000,000 announced.
    assert.ok(sent < 20 * 1024 * 1024, `${sent} bytes accepted before the close`)
    const grown = process.memoryUsage().heapUsed - heapBefore
    assert.ok(grown < 64 * 1024 * 1024, `heap grew by ${grown} bytes`)
    assert.ok((await slowestPing(server.port, 3)) < 500)
  })

  it('many half-sent requests on many connections leave the server responsive', async () => {
    const bad: Offender[] = []
    for (let i = 0; i < 100; i++) {
      const o = await Offender.open(server.port)
      await o.write(i % 2 === 0 ? '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nabc' : 'GET partial-inline')
      bad.push(o)
    }
    const c = await RawClient.connect(server.port)
    const list = (await c.call('CLIENT', 'LIST')).toString('latin1')
    const withQbuf = list.split('\n').filter((l) => / qbuf=[1-9]/.test(l) && !/ cmd=client\|list /.test(l))
    assert.equal(withQbuf.length, 100)
    await c.close()
    assert.ok((await slowestPing(server.port, 5)) < 500)
    for (const o of bad) o.destroy()
  })

  it('a client that does not read its replies does not block the others', async () => {
    const setter = await RawClient.connect(server.port)
    await setter.call('SET', 'big', 'v'.repeat(100_000))
    await setter.close()
    const bad = await Offender.open(server.port)
    bad.sock.pause()
    let burst = ''
    for (let i = 0; i < 200; i++) burst += 'GET big\r\n'
    bad.sock.write(burst)
    assert.ok((await slowestPing(server.port, 10)) < 500)
    bad.destroy()
  })

  it('protocol errors on one connection leave the others untouched', async () => {
    const good = await RawClient.connect(server.port)
    await good.call('SET', 'survivor', '1')
    for (const junk of ['*x\r\n', '*1\r\n$-5\r\n', 'ECHO "open\r\n', '*1\r\n!3\r\n']) {
      const bad = await Offender.open(server.port)
      await bad.write(junk)
      await bad.whenClosed
      assert.match(bad.text(), /^-ERR Protocol error: /)
    }
    assert.equal((await good.call('GET', 'survivor')).toString(), '$1\r\n1\r\n')
    await good.close()
  })
})

describe('client-query-buffer-limit, redoubt and redis-server', () => {
  let server: RedoubtHandle
  let redis: RealRedis | null = null
  before(async () => {
    server = await startRedoubt({ 'client-query-buffer-limit': QUERY_LIMIT })
    if (!redisServerSkip()) redis = await startRealRedis(['--client-query-buffer-limit', String(QUERY_LIMIT)])
  })
  after(async () => {
    await server?.close()
    await redis?.stop()
  })

  /** Sends a 4 MB bulk in 64 KiB writes; the server must close without replying. */
  async function oversizedBulk(port: number): Promise<{ text: string; closed: boolean; sent: number }> {
    const bad = await Offender.open(port)
    await bad.write(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${4 * 1024 * 1024}\r\n`)
    const chunk = Buffer.alloc(64 * 1024, 'q')
    let sent = 0
    while (sent < 4 * 1024 * 1024 && (await bad.write(chunk))) sent += chunk.length
    await Promise.race([bad.whenClosed, sleep(3000)])
    const r = { text: bad.text(), closed: bad.closed, sent }
    bad.destroy()
    return r
  }

  it('a bulk larger than the limit closes the connection without a reply, as redis-server', async () => {
    const ours = await oversizedBulk(server.port)
    assert.deepEqual({ text: ours.text, closed: ours.closed }, { text: '', closed: true })
    assert.ok((await slowestPing(server.port, 3)) < 500)
    if (redis !== null) {
      const theirs = await oversizedBulk(redis.port)
      assert.deepEqual({ text: theirs.text, closed: theirs.closed }, { text: '', closed: true })
    }
  })

  it('a bulk just under the limit is accepted', async () => {
    const c = await RawClient.connect(server.port)
    const value = 'u'.repeat(QUERY_LIMIT - 1024)
    assert.equal((await c.call('SET', 'under', value)).toString(), '+OK\r\n')
    assert.equal((await c.call('STRLEN', 'under')).toString(), `:${value.length}\r\n`)
    await c.close()
  })
})

describe('pipelining', () => {
  let server: RedoubtHandle
  before(async () => {
    server = await startRedoubt()
  })
  after(async () => {
    await server?.close()
  })

  it('1000 commands in one write get 1000 replies in order, in a few socket writes', async () => {
    const c = await RawClient.connect(server.port)
    await c.call('PING')
    let bytes = ''
    for (let i = 0; i < 1000; i++) bytes += `*2\r\n$4\r\nECHO\r\n$${String(i).length}\r\n${i}\r\n`
    // Count the server's socket writes (redoubt runs in this process).
    const original = Socket.prototype.write
    let writes = 0
    Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
      if (this.localPort === server.port) writes++
      return original.apply(this, args)
    } as Socket['write']
    try {
      c.send(bytes)
      const replies = await c.readN(1000)
      for (let i = 0; i < 1000; i++) assert.equal(replies[i]!.toString(), `$${String(i).length}\r\n${i}\r\n`)
    } finally {
      Socket.prototype.write = original
    }
    // One write per read of the request batch: 19 KB arrive in one or a few reads.
    assert.ok(writes >= 1 && writes <= 4, `${writes} socket writes for 1000 replies`)
    await c.close()
  })
})

/**
 * Connection limits of the server core: maxclients refuses with Redis's text, and
 * 'timeout' closes idle clients.
 */

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { RawClient } from '../helpers/raw-client.js'
import { startRedoubt } from '../helpers/redoubt.js'

describe('maxclients', () => {
  let srv: Awaited<ReturnType<typeof startRedoubt>>
  before(async () => {
    srv = await startRedoubt({ maxclients: 2 })
  })
  after(() => srv.close())

  test('a connection beyond maxclients gets "-ERR max number of clients reached" and is closed', async () => {
    const a = await RawClient.connect(srv.port)
    const b = await RawClient.connect(srv.port)
    assert.equal((await a.call('PING')).toString(), '+PONG\r\n')
    assert.equal((await b.call('PING')).toString(), '+PONG\r\n')
    const c = await RawClient.connect(srv.port)
    assert.equal((await c.read()).toString(), '-ERR max number of clients reached\r\n')
    await c.closed()
    a.close()
    // Once a slot frees up, new clients are accepted again.
    await new Promise((r) => setTimeout(r, 100))
    const d = await RawClient.connect(srv.port)
    assert.equal((await d.call('PING')).toString(), '+PONG\r\n')
    b.close()
    d.close()
  })
})

describe('timeout', () => {
  let srv: Awaited<ReturnType<typeof startRedoubt>>
  before(async () => {
    srv = await startRedoubt({ timeout: 1, hz: 100 })
  })
  after(() => srv.close())

  test('a client idle longer than timeout seconds is closed; an active one is not', async () => {
    const idle = await RawClient.connect(srv.port)
    const busy = await RawClient.connect(srv.port)
    assert.equal((await idle.call('PING')).toString(), '+PONG\r\n')
    const deadline = Date.now() + 2600
    while (Date.now() < deadline) {
      assert.equal((await busy.call('PING')).toString(), '+PONG\r\n')
      await new Promise((r) => setTimeout(r, 200))
    }
    await idle.closed(500)
    busy.close()
  })
})

describe('client-query-buffer-limit', () => {
  test('the client is closed and its buffered bytes (which may hold a password) are not logged', async () => {
    const { startServer } = await import('../../src/index.js')
    const lines: string[] = []
    const srv = await startServer(
      { port: 0, 'client-query-buffer-limit': '1mb' },
      { logger: (l) => lines.push(l) },
    )
    try {
      const c = await RawClient.connect(srv.port)
      // A value that never ends, starting with a secret (as an ACL SETUSER >password would).
      c.send(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${8 * 1024 * 1024}\r\ns3cret`)
      c.send(Buffer.alloc(2 * 1024 * 1024, 120))
      await c.closed(3000)
      const text = lines.join('')
      assert.match(text, /Closing client that reached max query buffer length/)
      assert.doesNotMatch(text, /s3cret/)
    } finally {
      await srv.close()
    }
  })
})

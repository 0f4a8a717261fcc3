/**
 * SHUTDOWN on redoubt itself: it closes every connection and stops listening; and, while
 * redoubt has no persistence, SHUTDOWN SAVE refuses (redis-server would save first) unless
 * FORCE says to stop anyway. The Redis-identical parts are in test/diff/server.test.ts.
 */

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RawClient } from '../helpers/raw-client.js'
import { startRedoubt } from '../helpers/redoubt.js'

async function refused(port: number): Promise<void> {
  await assert.rejects(RawClient.connect(port, '127.0.0.1', { timeoutMs: 1000 }).then((c) => c.call('PING')))
}

test('SHUTDOWN closes every connection without a reply and stops listening', async (t) => {
  const server = await startRedoubt()
  t.after(() => server.close())
  const a = await RawClient.connect(server.port)
  const b = await RawClient.connect(server.port)
  assert.equal((await b.call('PING')).toString(), '+PONG\r\n')
  a.send(['SHUTDOWN'])
  await Promise.all([a.closed(5000), b.closed(5000)])
  assert.equal(a.pendingReplies, 0)
  await refused(server.port)
})

test('SHUTDOWN SAVE refuses while there is no persistence, and the server keeps serving', async (t) => {
  const server = await startRedoubt()
  t.after(() => server.close())
  const c = await RawClient.connect(server.port)
  assert.equal(
    (await c.call('SHUTDOWN', 'SAVE')).toString(),
    '-ERR Errors trying to SHUTDOWN. Check logs.\r\n',
  )
  assert.equal(
    (await c.call('SHUTDOWN', 'save', 'NOW')).toString(),
    '-ERR Errors trying to SHUTDOWN. Check logs.\r\n',
  )
  assert.equal((await c.call('PING')).toString(), '+PONG\r\n')
  c.send(['SHUTDOWN', 'SAVE', 'FORCE'])
  await c.closed(5000)
  await refused(server.port)
})

/**
 * The two-phase listener moves behind CONFIG SET port/bind/tls-port
 * (src/server/listeners/listener-family.ts): a connection reaching a staged socket waits until
 * the change commits, a discarded change closes such connections and its sockets, a close
 * while binding leaves nothing listening, and going back to the serving layout needs no bind.
 */

import assert from 'node:assert/strict'
import { connect, createServer, type Socket } from 'node:net'
import { test } from 'node:test'
import { ListenerFamily } from '../../src/server/listeners/listener-family.js'
import { freePort } from '../helpers/real-redis.js'

function family(accepted: Socket[]): ListenerFamily {
  return new ListenerFamily({
    kind: 'tcp',
    make: (onConnection) => createServer(onConnection),
    accept: (s) => {
      accepted.push(s)
      s.end('hello')
    },
    forget: () => {},
    backlog: () => 511,
    warn: () => {},
  })
}

/** Connects to 127.0.0.1:'port'; resolves with what the peer sent before closing, or 'refused'. */
function dial(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' })
    let data = ''
    s.on('data', (d: Buffer) => {
      data += d.toString('latin1')
    })
    s.once('close', () => resolve(data))
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' ? 'refused' : e.message))
  })
}

test('a connection to a staged socket is served only once the change commits', async (t) => {
  const accepted: Socket[] = []
  const f = family(accepted)
  t.after(() => f.close())
  const p1 = await freePort()
  assert.equal(await f.want('127.0.0.1', p1), true)
  f.commit()
  const p2 = await freePort()
  assert.equal(await f.want('127.0.0.1', p2), true)
  assert.equal(f.port, p1)
  const pending = dial(p2)
  await new Promise((r) => setTimeout(r, 50))
  assert.equal(accepted.length, 0)
  f.commit()
  assert.equal(await pending, 'hello')
  assert.equal(f.port, p2)
  assert.equal(await dial(p1), 'refused')
})

test('a discarded change closes its sockets and the connections they held', async (t) => {
  const accepted: Socket[] = []
  const f = family(accepted)
  t.after(() => f.close())
  const p1 = await freePort()
  await f.want('127.0.0.1', p1)
  f.commit()
  const p2 = await freePort()
  await f.want('127.0.0.1', p2)
  const pending = dial(p2)
  await new Promise((r) => setTimeout(r, 50))
  // Back to the serving layout: nothing to bind, the staged socket goes.
  assert.equal(f.want('127.0.0.1', p1), true)
  assert.equal(await pending, '')
  assert.equal(accepted.length, 0)
  assert.equal(await dial(p2), 'refused')
  assert.equal(await dial(p1), 'hello')
})

test('closing while a change binds leaves nothing listening', async () => {
  const f = family([])
  const p1 = await freePort()
  await f.want('127.0.0.1', p1)
  f.commit()
  const p2 = await freePort()
  const staging = f.want('127.0.0.1', p2)
  await f.close()
  assert.equal(await staging, false)
  assert.equal(await dial(p1), 'refused')
  assert.equal(await dial(p2), 'refused')
})

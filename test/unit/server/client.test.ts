/**
 * Client connection state without sockets: state attached by other families (MULTI,
 * subscriptions) is released by RESET and by disconnection and shows in CLIENT LIST; the
 * CLIENT LIST line has Redis 7.0.15's fields in order; flags print in Redis's order.
 */

import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import type { Socket } from 'node:net'
import { describe, it } from 'node:test'
import { connectionCommands } from '../../../src/commands/connection.js'
import type { ClientAttachment, ClientListFields } from '../../../src/commands/context.js'
import { CommandTable } from '../../../src/commands/table.js'
import { Acl } from '../../../src/security/acl.js'
import { setRequirePass } from '../../../src/security/auth.js'
import { Client } from '../../../src/server/client.js'
import type { Server } from '../../../src/server/server.js'
import { Keyspace } from '../../../src/store/keyspace.js'

/** A socket double: records writes, ends and destroys. */
class FakeSocket extends EventEmitter {
  written = ''
  ended = false
  destroyed = false
  writableLength = 0
  write(d: string | Buffer, ...rest: unknown[]): boolean {
    this.written += typeof d === 'string' ? d : d.toString('latin1')
    // Like a socket whose data went out at once: the write callback runs.
    const cb = rest[rest.length - 1]
    if (typeof cb === 'function') cb()
    return true
  }
  end(): void {
    this.ended = true
  }
  pause(): void {}
  destroy(): void {
    this.destroyed = true
    this.emit('close')
  }
}

function makeClient(config: Record<string, string> = {}): {
  c: Client
  sock: FakeSocket
  removed: Client[]
  endTurn: () => void
} {
  const removed: Client[] = []
  const queued: Client[] = []
  const values: Record<string, string> = {
    'proto-max-bulk-len': String(512 * 1024 * 1024),
    'client-query-buffer-limit': String(1024 * 1024 * 1024),
    requirepass: '',
    ...config,
  }
  const table = new CommandTable(connectionCommands)
  const acl = new Acl(table, {
    pubsubDefault: () => false,
    aclfile: () => '',
    connections: { killClientsOf: () => {}, killRevokedSubscribers: () => {} },
  })
  setRequirePass(acl.users, values.requirepass ?? '')
  const server = {
    keyspace: new Keyspace(16),
    table,
    acl,
    config: {
      getNumber: (n: string) => Number(values[n] ?? '0'),
      getString: (n: string) => values[n] ?? '',
    },
    onErrorReply: () => {},
    stats: {
      netOutputBytes: 0,
      writesProcessed: 0,
      netInputBytes: 0,
      readsProcessed: 0,
      commandsProcessed: 0,
    },
    removeClient: (c: Client) => removed.push(c),
    // The real server flushes queued clients at the end of the event-loop turn.
    queueFlush: (c: Client) => queued.push(c),
    log: () => {},
    blocking: { hasReady: false },
    outputLimits: { threshold: () => Number.POSITIVE_INFINITY, reached: () => false },
  } as unknown as Server
  const sock = new FakeSocket()
  const c = new Client(7, server, sock as unknown as Socket, '127.0.0.1:5000', '127.0.0.1:6379', 'tcp')
  /** Runs the flushes queued so far, as the server's end-of-turn pass does. */
  const endTurn = (): void => {
    for (const q of queued.splice(0)) {
      q.flushQueued = false
      q.flush()
    }
  }
  return { c, sock, removed, endTurn }
}

/** An attachment that records its hook calls and sets CLIENT LIST fields. */
function recorder(set: Partial<ClientListFields>): ClientAttachment & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    reset: () => calls.push('reset'),
    close: () => calls.push('close'),
    describe: (f) => Object.assign(f, set),
  }
}

function field(line: string, name: string): string | undefined {
  return new RegExp(`(?:^| )${name}=(\\S*)`).exec(line)?.[1]
}

describe('Client', () => {
  it('describe() has the fields of Redis 7.0.15 CLIENT LIST, in order', () => {
    const { c } = makeClient()
    const names = c
      .describe()
      .split(' ')
      .map((kv) => kv.slice(0, kv.indexOf('=')))
    assert.deepEqual(names, [
      'id',
      'addr',
      'laddr',
      'fd',
      'name',
      'age',
      'idle',
      'flags',
      'db',
      'sub',
      'psub',
      'ssub',
      'multi',
      'qbuf',
      'qbuf-free',
      'argv-mem',
      'multi-mem',
      'rbs',
      'rbp',
      'obl',
      'oll',
      'omem',
      'tot-mem',
      'events',
      'cmd',
      'user',
      'redir',
      'resp',
    ])
  })

  it('attached state sets CLIENT LIST fields and flags, printed in Redis order', () => {
    const { c } = makeClient()
    c.noEvict = true
    c.attach('multi', recorder({ multi: 3, multiMem: 42, flags: 'xd' }))
    c.attach('pubsub', recorder({ sub: 2, psub: 1, flags: 'P', type: 'pubsub' }))
    const line = c.describe()
    assert.equal(field(line, 'flags'), 'Pxde')
    assert.equal(field(line, 'multi'), '3')
    assert.equal(field(line, 'multi-mem'), '42')
    assert.equal(field(line, 'sub'), '2')
    assert.equal(field(line, 'psub'), '1')
    assert.equal(c.clientType(), 'pubsub')
    c.detach('pubsub')
    assert.equal(c.clientType(), 'normal')
    assert.equal(c.flagString(), 'xde')
  })

  it('RESET calls every attached reset hook and returns to a new connection state', () => {
    const { c } = makeClient({ requirepass: 'pw' })
    const a = recorder({})
    c.attach('multi', a)
    c.setAuthenticated(c.server.acl.users.defaultUser)
    c.name = 'n'
    c.w.resp = 3
    c.select(3)
    c.setReplyMode('off')
    c.reset()
    assert.deepEqual(a.calls, ['reset'])
    assert.equal(c.name, '')
    assert.equal(c.w.resp, 2)
    assert.equal(c.db.id, 0)
    assert.equal(c.w.enabled, true)
    assert.equal(c.authRequired, true)
  })

  it('a closed connection calls every attached close hook once', () => {
    const { c, sock, removed } = makeClient()
    const a = recorder({})
    const b = recorder({})
    c.attach('a', a)
    c.attach('b', b)
    c.kill()
    sock.emit('close')
    assert.deepEqual(a.calls, ['close'])
    assert.deepEqual(b.calls, ['close'])
    assert.equal(sock.destroyed, true)
    assert.deepEqual(removed, [c])
  })

  it('QUIT-style close flushes the reply, then ends the socket and releases state', () => {
    const { c, sock, endTurn } = makeClient()
    const a = recorder({})
    c.attach('a', a)
    c.onData(Buffer.from('PING\r\nQUIT\r\nPING\r\n'))
    assert.equal(sock.written, '', 'replies wait for the end of the event-loop turn')
    endTurn()
    assert.equal(sock.written, '+PONG\r\n+OK\r\n')
    assert.equal(sock.ended, true)
    assert.deepEqual(a.calls, ['close'])
  })
})

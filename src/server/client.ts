/**
 * One connected client: its socket, request parser, reply writer and state (db, name,
 * protocol, flags). Reads are parsed and dispatched in a loop; all replies produced by one
 * read are written with one socket write. Protocol errors reply and then close, as Redis.
 */

import type { Socket } from 'node:net'
import type { CommandClient } from '../commands/context.js'
import { type ReplySink, ReplyWriter } from '../protocol/reply-writer.js'
import { RespParser } from '../protocol/resp-parser.js'
import type { Database } from '../store/database.js'
import { dispatch } from './dispatch.js'
import type { Server } from './server.js'

/** How a client is connected. */
export type Transport = 'tcp' | 'unix'

export class Client implements CommandClient {
  readonly w = new ReplyWriter()
  readonly parser = new RespParser()
  db: Database
  name = ''
  libName = ''
  libVer = ''
  user = 'default'
  readonly createdAt = Date.now()
  lastInteraction = this.createdAt
  lastCommand = 'NULL'
  replyMode: 'on' | 'off' | 'skip' = 'on'
  noEvict = false
  /** True while the client must authenticate before running commands. */
  authRequired = false
  /** Set once QUIT, a protocol error or CLIENT KILL asked to close after the pending replies. */
  closing = false
  /** Set once the socket is gone. */
  closed = false
  private readonly sink: ReplySink

  constructor(
    readonly id: number,
    readonly server: Server,
    readonly socket: Socket,
    readonly addr: string,
    readonly laddr: string,
    readonly transport: Transport,
  ) {
    this.db = server.keyspace.dbs[0]!
    this.parser.maxBulkLen = server.config.getNumber('proto-max-bulk-len')
    this.w.onError = server.onErrorReply
    this.sink = {
      write: (d) => {
        if (this.closed) return
        if (typeof d === 'string') socket.write(d, 'latin1')
        else socket.write(d)
        server.stats.netOutputBytes += d.length
        server.stats.writesProcessed++
      },
    }
  }

  get srv(): Server {
    return this.server
  }

  /** Errors replied so far (for failed_calls). */
  get errorReplies(): number {
    return this.w.errors
  }

  /** Handles bytes read from the socket. */
  onData(chunk: Buffer): void {
    if (this.closing || this.closed) return
    const srv = this.server
    srv.stats.netInputBytes += chunk.length
    srv.stats.readsProcessed++
    this.lastInteraction = Date.now()
    const p = this.parser
    p.push(chunk)
    if (p.bufferedBytes > srv.config.getNumber('client-query-buffer-limit')) {
      srv.log('warning', `Closing client that reached max query buffer length: ${this.describe()}`)
      this.kill()
      return
    }
    p.authRequired = this.authRequired
    for (;;) {
      const argv = p.next()
      if (argv === null) break
      dispatch(this, argv)
      if (this.closing || this.closed) break
      p.authRequired = this.authRequired
    }
    if (p.error !== null && !this.closing) {
      srv.log('verbose', `Protocol error (${p.error.slice(20)}) from client: ${this.describe()}`)
      this.w.error(p.error)
      this.closing = true
    }
    this.flush()
  }

  /** Rejects a command before execution (unknown, arity, NOAUTH...). */
  rejectCommand(msg: string): void {
    this.w.error(msg)
  }

  /** Called after each executed command (CLIENT REPLY SKIP handling). */
  afterCommand(): void {
    if (this.replyMode === 'skip') {
      this.replyMode = 'off'
      this.w.enabled = false
    }
  }

  /** Writes pending replies to the socket; ends the connection when closing. */
  flush(): void {
    if (this.closed) return
    if (this.w.hasPending()) this.w.flushTo(this.sink)
    if (this.closing) {
      this.closed = true
      this.socket.end()
      this.server.removeClient(this)
    }
  }

  select(index: number): boolean {
    const db = this.server.keyspace.db(index)
    if (db === undefined) return false
    this.db = db
    return true
  }

  closeAfterReply(): void {
    this.closing = true
  }

  kill(): void {
    if (this.closed) return
    this.closed = true
    this.closing = true
    this.socket.destroy()
    this.server.removeClient(this)
  }

  flagString(): string {
    return 'N'
  }

  describe(): string {
    const now = Date.now()
    const qbuf = this.parser.unparsedBytes
    return (
      `id=${this.id} addr=${this.addr} laddr=${this.laddr} fd=${this.id + 7} name=${this.name}` +
      ` age=${Math.floor((now - this.createdAt) / 1000)} idle=${Math.floor((now - this.lastInteraction) / 1000)}` +
      ` flags=${this.flagString()} db=${this.db.id} sub=0 psub=0 ssub=0 multi=-1 qbuf=${qbuf}` +
      ` qbuf-free=${qbuf === 0 ? 0 : Math.max(0, 32768 - qbuf)} argv-mem=0 multi-mem=0 rbs=1024 rbp=0` +
      ` obl=0 oll=0 omem=${this.socket.writableLength} tot-mem=${1024 + qbuf + this.socket.writableLength}` +
      ` events=r cmd=${this.lastCommand} user=${this.user} redir=-1 resp=${this.w.resp}`
    )
  }

  setAuthenticated(user: string): void {
    this.user = user
    this.authRequired = false
  }

  reset(): void {
    this.user = 'default'
    this.authRequired = this.server.config.getString('requirepass') !== ''
    this.db = this.server.keyspace.dbs[0]!
    this.name = ''
    this.w.resp = 2
    this.replyMode = 'on'
    this.w.enabled = true
    this.noEvict = false
  }
}

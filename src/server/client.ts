/**
 * One connected client: its socket, request parser, reply writer and connection state (db,
 * name, protocol, CLIENT REPLY mode, state attached by other families). Reads are parsed
 * and dispatched in a loop; the replies of one event-loop turn leave in one socket write.
 * Protocol errors reply and then close, as Redis. CLIENT LIST lines come from describe().
 * See https://redis.io/commands/client-list/ and https://redis.io/commands/client-reply/
 */

import type { Socket } from 'node:net'
import type {
  ClientAttachment,
  ClientListFields,
  ClientType,
  CommandClient,
  CommandEntry,
} from '../commands/context.js'
import type { MultiState } from '../commands/multi-state.js'
import { type ReplySink, ReplyWriter } from '../protocol/reply-writer.js'
import { RespParser } from '../protocol/resp-parser.js'
import type { User } from '../security/users.js'
import type { Database } from '../store/database.js'
import { steadyMs } from '../util/clock.js'
import { beginBatch, callQueued, dispatch, endBatch } from './dispatch.js'
import type { OutputClass } from './output-limits.js'
import type { Server } from './server.js'

/** How a client is connected. */
export type Transport = 'tcp' | 'unix'

/** CLIENT LIST flag characters in the order Redis prints them (networking.c getClientFlags). */
const FLAG_ORDER = 'OSMPxbtRBdcuAUre'

/**
 * Estimated fixed memory of a client (object, parser, writer, socket handle), the base of
 * CLIENT LIST tot-mem. An estimate: V8 gives no per-object accounting.
 */
const CLIENT_BASE_BYTES = 2048

/** How long a closing connection may keep its socket so that its last reply gets through. */
const CLOSE_LINGER_MS = 1000

/** The least client-query-buffer-limit can be (1mb, config/directives.ts): below it, no lookup. */
const QUERY_BUFFER_LIMIT_MIN = 1024 * 1024

/** Replies of at least this many bytes are written at the end of the read, not of the turn. */
const FLUSH_NOW_BYTES = 4096

/** Redis resets the reply-buffer peak (CLIENT LIST rbp) every 5 seconds. */
const REPLY_PEAK_WINDOW_MS = 5000

/** Formats an address as Redis does: "ip:port", "[ipv6]:port". */
export function formatAddress(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`
}

/** A connected client: implements CommandClient for the handlers over one socket. */
export class Client implements CommandClient {
  readonly w = new ReplyWriter()
  readonly parser = new RespParser()
  db: Database
  name = ''
  libName = ''
  libVer = ''
  user: User
  readonly createdAt = Date.now()
  /** When the client last sent bytes, in steadyMs() (CLIENT LIST idle=, 'timeout'). */
  lastInteraction = steadyMs()
  /** Full name of the last command looked up ('NULL' after an unknown one), CLIENT LIST cmd=. */
  lastCommand = 'NULL'
  noEvict = false
  /** Set by a successful AUTH/HELLO AUTH, or at connection when 'default' needs no password. */
  authenticated = false
  /** Set once QUIT, a protocol error or CLIENT KILL asked to close after the pending replies. */
  closing = false
  /** Set once the socket is gone. */
  closed = false
  /** Waiting in a blocking command (server/blocking.ts): requests read meanwhile stay queued. */
  isBlocked = false
  /** The command this client is blocked in: an error ending the wait is its failed call. */
  blockedEntry: CommandEntry | null = null
  /** Subscribed to anything (redis CLIENT_PUBSUB); maintained by commands/pubsub.ts. */
  pubsubMode = false
  /** True while this client waits in the server's end-of-turn flush set. */
  flushQueued = false
  /** MULTI/WATCH state (commands/multi-state.ts), null when none. */
  multi: MultiState | null = null
  /** True while EXEC runs the queued commands (blocking commands do not block). */
  inExec = false
  /** File descriptor of the socket (-1 when Node does not expose one), CLIENT LIST fd=. */
  readonly fd: number
  private readonly sink: ReplySink
  /** CLIENT REPLY state: OFF, SKIP for the current request, SKIP for the next one. */
  private replyOff = false
  private replySkip = false
  private replySkipNext = false
  /** State other families keep for this connection (MULTI, subscriptions...). */
  private readonly attachments = new Map<string, ClientAttachment>()
  /** Arguments of the request being executed (CLIENT LIST argv-mem). */
  private argv: string[] | null = null
  /** Largest reply batch in the current window (CLIENT LIST rbs/rbp). */
  private replyPeak = 0
  private replyPeakAt = this.createdAt
  /** Socket writes not yet completed (CLIENT LIST oll). */
  private writesInFlight = 0
  private readonly onWritten = (): void => {
    this.writesInFlight--
  }

  constructor(
    readonly id: number,
    readonly server: Server,
    readonly socket: Socket,
    readonly addr: string,
    readonly laddr: string,
    readonly transport: Transport,
  ) {
    this.db = server.keyspace.dbs[0]!
    // redis createClient: the default user, authenticated when it is on and nopass.
    this.user = server.acl.users.defaultUser
    this.authenticated = !server.acl.users.defaultRequiresAuth
    this.parser.maxBulkLen = server.config.getNumber('proto-max-bulk-len')
    this.w.onError = server.onErrorReply
    const handle = (socket as unknown as { _handle?: { fd?: unknown } })._handle
    this.fd = typeof handle?.fd === 'number' ? handle.fd : -1
    this.sink = {
      write: (d) => {
        if (this.closed) return
        this.writesInFlight++
        if (typeof d === 'string') socket.write(d, 'latin1', this.onWritten)
        else socket.write(d, this.onWritten)
        server.stats.netOutputBytes += d.length
        server.stats.writesProcessed++
      },
    }
    socket.once('close', () => this.released())
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
    // Like Redis, a client about to be closed has its input ignored.
    if (this.closing || this.closed) return
    const srv = this.server
    srv.stats.netInputBytes += chunk.length
    srv.stats.readsProcessed++
    // One clock reading serves the idle time and the timing of the commands of this read.
    const now = performance.now()
    this.lastInteraction = steadyMs(now)
    const p = this.parser
    p.push(chunk)
    const held = p.bufferedBytes
    if (held > QUERY_BUFFER_LIMIT_MIN && held > srv.config.getNumber('client-query-buffer-limit')) {
      srv.log(
        'warning',
        // Redis also logs the first bytes of the query buffer; they may hold a password
        // (AUTH, HELLO, ACL SETUSER pipelined ahead), so redoubt logs only their count.
        `Closing client that reached max query buffer length: ${this.describe()} (qbuf ${p.bufferedBytes} bytes)`,
      )
      this.kill()
      return
    }
    if (this.isBlocked) return
    this.processInput(now)
  }

  /**
   * Runs the requests buffered in the parser, then sends the replies. 'now' is a
   * performance.now() reading, when the caller has one.
   */
  private processInput(now: number = performance.now()): void {
    const p = this.parser
    const srv = this.server
    p.authRequired = this.authRequired
    // client-output-buffer-limit: replies of one batch are checked as they grow (one compare).
    const checkAt = srv.outputLimits.threshold(this.outputClass) - this.socket.writableLength
    const owner = beginBatch(now)
    try {
      for (;;) {
        const argv = p.next()
        if (argv === null) break
        if (argv.length > 0) {
          this.argv = argv
          dispatch(this, argv)
          this.argv = null
        }
        this.endRequest()
        if (this.w.pendingBytes >= checkAt && this.outputLimitReached()) return
        if (this.closing || this.closed || this.isBlocked) break
        p.authRequired = this.authRequired
      }
    } finally {
      if (owner) endBatch()
    }
    if (p.error !== null && !this.closing && !this.closed) {
      srv.log('verbose', `Protocol error (${p.error.slice(20)}) from client: ${this.describe()}`)
      this.w.error(p.error)
      this.closing = true
    }
    // Small replies wait for the end of the turn (Server.queueFlush); big ones leave now, as
    // pending replies are V8 strings whose pieces, kept alive across many clients until the
    // end of the turn, overflow the young generation (LRANGE 600 -P 16 spent half its time in
    // GC when deferred).
    if (this.w.pendingBytes >= FLUSH_NOW_BYTES) this.flush()
    else this.deferFlush()
  }

  /**
   * The wait of a blocking command ended with its reply written (served, timed out or
   * unblocked): once the current request's own replies are out, sends it and runs the
   * requests that arrived meanwhile, as Redis's processUnblockedClients.
   */
  unblocked(): void {
    queueMicrotask(() => {
      if (this.closed || this.isBlocked) return
      this.flush()
      if (!this.closing) this.processInput()
    })
  }

  /** Rejects a command before execution (unknown, arity, NOAUTH...). */
  rejectCommand(msg: string): void {
    // redis flagTransaction: a command refused while queuing dooms the transaction.
    if (this.multi?.inMulti === true) this.multi.dirtyExec = true
    this.w.error(msg)
  }

  execQueued(entry: CommandEntry, argv: string[]): void {
    callQueued(this, entry, argv)
  }

  /**
   * Ends one request, run or rejected or empty (Redis resetClient): a CLIENT REPLY SKIP
   * seen during it now silences the next request; the current silence ends.
   */
  private endRequest(): void {
    this.replySkip = this.replySkipNext
    this.replySkipNext = false
    this.w.enabled = !(this.replyOff || this.replySkip)
  }

  setReplyMode(mode: 'on' | 'off' | 'skip'): void {
    if (mode === 'on') {
      this.replyOff = false
      this.replySkip = false
    } else if (mode === 'off') {
      this.replyOff = true
    } else if (!this.replyOff) {
      this.replySkipNext = true
    }
    this.w.enabled = !(this.replyOff || this.replySkip)
  }

  /**
   * Writes pending replies to the socket; ends the connection when closing. A closing
   * client whose replies are switched off closes too (Redis would keep such a connection
   * open forever, since it closes only after writing a reply). 'now' is the caller's clock
   * reading when it flushes many clients at once.
   */
  flush(now: number = Date.now()): void {
    if (this.closed) return
    const pending = this.w.pendingBytes
    if (this.w.hasPending()) {
      if (now - this.replyPeakAt > REPLY_PEAK_WINDOW_MS) {
        this.replyPeak = 0
        this.replyPeakAt = now
      }
      if (pending > this.replyPeak) this.replyPeak = pending
      this.w.flushTo(this.sink)
      if (
        this.server.outputLimits.threshold(this.outputClass) !== Number.POSITIVE_INFINITY &&
        this.outputLimitReached()
      )
        return
    }
    if (this.closing) {
      this.closed = true
      // Send FIN after the reply and stop reading. Destroying at once would make the kernel
      // answer unread input (a peer still streaming a 1 GB line) with a reset that may
      // discard the reply before the peer reads it; so the socket lingers a moment first.
      const sock = this.socket
      sock.end()
      sock.pause()
      setTimeout(() => sock.destroy(), CLOSE_LINGER_MS).unref()
      this.server.removeClient(this)
      this.released()
    }
  }

  /** The client-output-buffer-limit class (redis getClientType: pub/sub clients are 'pubsub'). */
  private get outputClass(): OutputClass {
    return this.pubsubMode ? 'pubsub' : 'normal'
  }

  /**
   * Disconnects the client if its pending output broke client-output-buffer-limit, logging
   * it as Redis does; true when it did.
   */
  private outputLimitReached(): boolean {
    const srv = this.server
    if (!srv.outputLimits.reached(this, this.outputClass, this.pendingOutputBytes, Date.now())) return false
    srv.log(
      'warning',
      `Client ${this.describe()} scheduled to be closed ASAP for overcoming of output buffer limits.`,
    )
    this.kill()
    return true
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
    this.released()
  }

  /** Releases attached state once the connection is gone (idempotent). */
  private released(): void {
    this.closed = true
    if (this.attachments.size === 0) return
    const states = [...this.attachments.values()]
    this.attachments.clear()
    for (const s of states) s.close()
  }

  attach(key: string, state: ClientAttachment): void {
    this.attachments.set(key, state)
  }

  attached(key: string): ClientAttachment | undefined {
    return this.attachments.get(key)
  }

  detach(key: string): void {
    this.attachments.delete(key)
  }

  // --- CLIENT LIST ---

  /** The CLIENT LIST fields set by attached state, over a new connection's defaults. */
  private listFields(): ClientListFields {
    const f: ClientListFields = {
      flags: '',
      sub: 0,
      psub: 0,
      ssub: 0,
      multi: -1,
      multiMem: 0,
      redir: -1,
      type: 'normal',
    }
    let flags = ''
    for (const s of this.attachments.values()) {
      if (s.describe === undefined) continue
      // Each state sets only its own flag characters; they are gathered here.
      f.flags = ''
      s.describe(f)
      flags += f.flags
    }
    f.flags = flags
    return f
  }

  private flagsOf(extra: string): string {
    let present = extra
    if (this.closing) present += 'c'
    if (this.transport === 'unix') present += 'U'
    if (this.noEvict) present += 'e'
    let out = ''
    for (const ch of FLAG_ORDER) if (present.includes(ch)) out += ch
    return out === '' ? 'N' : out
  }

  /** True for clients the 'timeout' directive must not close (pub/sub; blocked: not yet). */
  isTimeoutExempt(): boolean {
    if (this.isBlocked) return true
    return this.pubsubMode
  }

  /**
   * Output not yet on the wire: replies queued in the writer plus what the socket still
   * buffers (client-output-buffer-limit, slow subscribers).
   */
  get pendingOutputBytes(): number {
    return this.w.pendingBytes + this.socket.writableLength
  }

  scheduleFlush(): void {
    if (this.closed) return
    // Output written by others (pub/sub) is checked as it arrives, as Redis checks each
    // reply it appends: several reads of a flooding publisher may run before the flush.
    const limit = this.server.outputLimits.threshold(this.outputClass)
    if (this.w.pendingBytes + this.socket.writableLength >= limit && this.outputLimitReached()) return
    this.deferFlush()
  }

  /** Queues the flush for the end of this event-loop turn (Server.queueFlush). */
  private deferFlush(): void {
    if (this.flushQueued || this.closed) return
    this.flushQueued = true
    this.server.queueFlush(this)
  }

  flagString(): string {
    return this.flagsOf(this.listFields().flags)
  }

  clientType(): ClientType {
    return this.attachments.size === 0 ? 'normal' : this.listFields().type
  }

  /**
   * The CLIENT LIST line, with Redis 7.0.15's fields in its order. Memory fields are
   * redoubt's own measures: qbuf is the query buffer held (including requests of the
   * current read already parsed, as Redis), qbuf-free its spare capacity, obl the replies
   * not yet handed to the socket, omem what the socket still holds, rbs/rbp the largest
   * reply batch of the last 5 seconds, tot-mem their sum plus an estimated fixed size.
   */
  describe(): string {
    const nowSec = Math.floor(Date.now() / 1000)
    const f = this.listFields()
    const p = this.parser
    const qbuf = p.heldBytes
    const qbufFree = p.spareBytes
    let argvMem = p.partialArgvBytes
    if (this.argv !== null) {
      argvMem = 0
      for (const a of this.argv) argvMem += a.length
    }
    const obl = this.w.pendingBytes
    const omem = this.socket.writableLength
    const totMem = CLIENT_BASE_BYTES + qbuf + qbufFree + argvMem + f.multiMem + obl + omem
    const rb = Math.max(1024, this.replyPeak)
    return (
      `id=${this.id} addr=${this.addr} laddr=${this.laddr} fd=${this.fd} name=${this.name}` +
      ` age=${nowSec - Math.floor(this.createdAt / 1000)} idle=${Math.floor(steadyMs() / 1000) - Math.floor(this.lastInteraction / 1000)}` +
      ` flags=${this.flagsOf(f.flags)} db=${this.db.id} sub=${f.sub} psub=${f.psub} ssub=${f.ssub}` +
      ` multi=${f.multi} qbuf=${qbuf} qbuf-free=${qbufFree} argv-mem=${argvMem} multi-mem=${f.multiMem}` +
      ` rbs=${rb} rbp=${rb} obl=${obl} oll=${this.writesInFlight} omem=${omem} tot-mem=${totMem}` +
      ` events=${omem > 0 ? 'rw' : 'r'} cmd=${this.lastCommand} user=${this.user.name} redir=${f.redir} resp=${this.w.resp}`
    )
  }

  // --- Authentication and RESET ---

  /** True while one of this client's commands runs (a kill then waits for its reply). */
  get executing(): boolean {
    return this.argv !== null
  }

  /** True while the client must authenticate before running commands (redis authRequired()). */
  get authRequired(): boolean {
    return !this.authenticated && this.server.acl.users.defaultRequiresAuth
  }

  setAuthenticated(user: User): void {
    this.user = user
    this.authenticated = true
  }

  /**
   * RESET (Redis clearClientConnectionState): attached state is released (MULTI discarded,
   * subscriptions dropped, MONITOR and tracking left, without replies), db 0, RESP2, no
   * name, replies on, and authenticated as the default user only if it needs no password.
   * CLIENT NO-EVICT and the SETINFO attributes stay, as in Redis.
   */
  reset(): void {
    const states = [...this.attachments.values()]
    for (const s of states) s.reset()
    this.db = this.server.keyspace.dbs[0]!
    this.w.resp = 2
    this.name = ''
    this.replyOff = false
    this.replySkipNext = false
    this.w.enabled = !this.replySkip
    // redis RESET: back to the default user, authenticated only if it needs no password.
    this.user = this.server.acl.users.defaultUser
    this.authenticated = !this.server.acl.users.defaultRequiresAuth
  }
}

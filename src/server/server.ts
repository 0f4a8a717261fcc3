/**
 * The composition root: builds the keyspace, command table and listeners from the
 * configuration, accepts connections, runs the cron (active expiry), and implements the
 * services handlers see through commands/context.ts. The only file that wires everything.
 */

import type { Socket } from 'node:net'
import type { ServerContext } from '../commands/context.js'
import { CommandTable } from '../commands/table.js'
import type { ConfigStore } from '../config/config-store.js'
import { parseKeyspaceEvents } from '../config/keyspace-events.js'
import { InstantaneousMetrics } from '../observability/instantaneous.js'
import { ServerStats } from '../observability/stats.js'
import { ERR_NO_SHUTDOWN, ERR_SHUTDOWN_FAILED } from '../protocol/reply-errors.js'
import { KeyspaceNotifier } from '../pubsub/keyspace-notifications.js'
import { PubSub } from '../pubsub/subscriptions.js'
import { Acl } from '../security/acl.js'
import { setRequirePass } from '../security/auth.js'
import { DENIED_PROTECTED_MODE, protectedModeRefuses } from '../security/protected-mode.js'
import type { User } from '../security/users.js'
import { accessModeOf } from '../store/access-clock.js'
import { ActiveExpire } from '../store/active-expire.js'
import { Keyspace } from '../store/keyspace.js'
import { steadyMs } from '../util/clock.js'
import { BlockingManager } from './blocking.js'
import { Client, formatAddress } from './client.js'
import { ClientSet } from './clients.js'
import { allCommandSpecs } from './command-families.js'
import { type ListenerKind, Listeners } from './listeners/network.js'
import type { Logger } from './logger.js'
import { OutputLimits } from './output-limits.js'

/** Hooks the embedding layer supplies (INFO rendering lives in observability/). */
export interface ServerHooks {
  info?: (srv: Server, sections: string[]) => string
  /**
   * Embedding only: 'port 0' means "any free port" (startServer({ port: 0 })) instead of
   * redis.conf's "no TCP listener".
   */
  ephemeralPort?: boolean
}

const SHUTDOWN_GRACE_MS = 2000
/** How long a refused connection (maxclients, protected mode) may linger for its reply to leave. */
const REFUSED_LINGER_MS = 1000

export class Server implements ServerContext {
  readonly keyspace: Keyspace
  readonly table: CommandTable
  readonly stats = new ServerStats()
  /** instantaneous_* rates of INFO stats, sampled by the cron. */
  readonly metrics = new InstantaneousMetrics()
  readonly startedAt = Date.now()
  readonly clients = new ClientSet()
  readonly activeExpire: ActiveExpire
  /** Clients blocked on keys (BLPOP and friends). */
  readonly blocking: BlockingManager
  /** Channels, patterns and shard channels with their subscribers. */
  readonly pubsub = new PubSub()
  /** Publishes keyspace events per notify-keyspace-events. */
  readonly notifier: KeyspaceNotifier
  /** Clients with output written outside their own request (pub/sub), flushed once per turn. */
  private pendingFlush: Client[] = []
  private flushScheduled = false
  /** client-output-buffer-limit (normal and pubsub classes). */
  readonly outputLimits: OutputLimits
  /** TCP, TLS and Unix socket listeners (server/listeners/). */
  readonly listeners: Listeners
  private cron: NodeJS.Timeout | null = null
  private nextClientId = 1
  private cronLoops = 0
  /** Resolves when the server has fully stopped. */
  private closedPromise: Promise<void> | null = null
  /** Called once the server stops (SHUTDOWN or close()). */
  onStopped: (() => void) | null = null
  readonly onErrorReply: (msg: string) => void
  /** Users, ACL LOG and aclfile. */
  readonly acl: Acl

  constructor(
    readonly config: ConfigStore,
    readonly logger: Logger,
    private readonly hooks: ServerHooks = {},
  ) {
    this.keyspace = new Keyspace(config.getNumber('databases'))
    this.table = new CommandTable(allCommandSpecs())
    this.listeners = new Listeners(
      config,
      (level, m) => this.log(level, m),
      hooks.ephemeralPort === true,
      (sock, kind) => this.accept(sock, kind),
    )
    this.listeners.wireConfig()
    this.outputLimits = new OutputLimits(config)
    this.acl = new Acl(this.table, {
      pubsubDefault: () => config.getString('acl-pubsub-default') === 'allchannels',
      aclfile: () => config.getString('aclfile'),
      connections: {
        killClientsOf: (user) => this.killClientsOf(user),
        killRevokedSubscribers: (user, allows) => this.killRevokedSubscribers(user, allows),
      },
    })
    // requirepass is a password on the default user (redis ACLUpdateDefaultUserPassword).
    setRequirePass(this.acl.users, config.getString('requirepass'))
    config.onChange('requirepass', () => {
      setRequirePass(this.acl.users, config.getString('requirepass'))
      return null
    })
    config.onChange('acllog-max-len', () => {
      this.acl.log.trim(config.getNumber('acllog-max-len'))
      return null
    })
    this.activeExpire = new ActiveExpire(this.keyspace)
    this.blocking = new BlockingManager(this.keyspace, (c) => c.unblocked())
    // Per-key LRU/LFU metadata is kept only under a policy that needs it (store/access-clock.ts).
    this.keyspace.setAccessMode(accessModeOf(config.getString('maxmemory-policy')))
    this.onErrorReply = (msg) => this.stats.countError(msg)
    this.notifier = new KeyspaceNotifier(this.pubsub, (ch) => parseKeyspaceEvents(ch) ?? 0)
    this.notifier.flags = config.getNumber('notify-keyspace-events')
    this.notifier.install(this.keyspace)
    config.onChange('notify-keyspace-events', () => {
      this.notifier.flags = config.getNumber('notify-keyspace-events')
      return null
    })
  }

  /**
   * Queues 'c' for a flush at the end of this event-loop turn (setImmediate), as Redis
   * writes replies in beforeSleep: every socket that was readable in one poll is served
   * before any reply leaves, and each client's replies (its own and messages published to
   * it) leave in one socket write. Writing after each read instead measured 20% slower
   * pipelined (the client side is woken once per turn instead of once per reply batch).
   * The caller keeps 'c' from being queued twice (Client.flushQueued).
   */
  queueFlush(c: Client): void {
    this.pendingFlush.push(c)
    if (this.flushScheduled) return
    this.flushScheduled = true
    setImmediate(this.flushPending)
  }

  private readonly flushPending = (): void => {
    this.flushScheduled = false
    const batch = this.pendingFlush
    this.pendingFlush = []
    const now = Date.now()
    for (const c of batch) {
      c.flushQueued = false
      c.flush(now)
    }
  }

  get commands(): CommandTable {
    return this.table
  }

  /** TCP port listened on now (0 when plain TCP is disabled); follows CONFIG SET port. */
  get port(): number {
    return this.listeners.port
  }

  log(level: 'debug' | 'verbose' | 'notice' | 'warning', message: string): void {
    this.logger.log(level, message)
  }

  /** Binds every configured listener; resolves when all of them are up. */
  async listen(): Promise<void> {
    await this.listeners.listen()
    const hz = Math.max(1, Math.min(500, this.config.getNumber('hz')))
    // Not unref()ed: the server runs until close(), even when CONFIG SET port 0 or bind
    // leaves it no listener and no client (Redis keeps running then too).
    this.cron = setInterval(() => this.serverCron(), Math.floor(1000 / hz))
  }

  private accept(sock: Socket, kind: ListenerKind): void {
    this.stats.connectionsReceived++
    const id = this.nextClientId++
    // CLIENT LIST / CLIENT KILL addresses: "ip:port", "[ipv6]:port", "path:0" as Redis prints them.
    const isUnix = kind === 'unix'
    const unixAddr = `${this.config.getString('unixsocket')}:0`
    const raddr = isUnix
      ? unixAddr
      : formatAddress(stripV4Mapped(sock.remoteAddress ?? '?'), sock.remotePort ?? 0)
    const laddr = isUnix
      ? unixAddr
      : formatAddress(stripV4Mapped(sock.localAddress ?? '?'), sock.localPort ?? 0)
    if (this.clients.count >= this.config.getNumber('maxclients')) {
      // redis acceptCommonHandler(): reply, then close; counted as a rejected connection.
      this.stats.rejectedConnections++
      refuseConnection(sock, '-ERR max number of clients reached\r\n')
      return
    }
    if (
      !isUnix &&
      protectedModeRefuses(this.config.getBool('protected-mode'), this.acl.users, sock.remoteAddress ?? '')
    ) {
      // redis clientAcceptHandler(): -DENIED, then close; counted as a rejected connection.
      this.stats.rejectedConnections++
      this.log('verbose', `Connection from ${raddr} refused: protected mode`)
      refuseConnection(sock, DENIED_PROTECTED_MODE)
      return
    }
    const c = new Client(id, this, sock, raddr, laddr, isUnix ? 'unix' : 'tcp')
    const keepalive = this.config.getNumber('tcp-keepalive')
    if (keepalive > 0 && !isUnix) sock.setKeepAlive(true, keepalive * 1000)
    this.clients.add(c)
    sock.on('data', (chunk: Buffer) => c.onData(chunk))
    sock.on('error', (err) => this.log('verbose', `Client ${raddr} error: ${err.message}`))
    sock.on('close', () => {
      c.closed = true
      this.removeClient(c)
    })
  }

  /** Forgets a client whose connection is closing. */
  removeClient(c: Client): void {
    this.clients.delete(c)
  }

  private serverCron(): void {
    const hz = this.config.getNumber('hz')
    // redis: the slow active-expire cycle may use 25% of a cron tick.
    const start = performance.now()
    this.activeExpire.cycle((1000 / hz) * 0.25)
    const s = this.stats
    s.expireCycleUsec += Math.round((performance.now() - start) * 1000)
    this.metrics.sampleIfDue(Date.now(), s.commandsProcessed, s.netInputBytes, s.netOutputBytes)
    if (++this.cronLoops % hz === 0) this.closeIdleClients()
  }

  /**
   * 'timeout': closes clients idle longer than it, once a second (redis
   * clientsCronHandleTimeout). Pub/sub and blocked clients are exempt there; they are
   * exempted here through Client.isTimeoutExempt() as those features land.
   */
  private closeIdleClients(): void {
    const maxIdle = this.config.getNumber('timeout')
    if (maxIdle <= 0) return
    const now = steadyMs()
    for (const c of [...this.clients.all()]) {
      if (c.isTimeoutExempt()) continue
      if (now - c.lastInteraction > maxIdle * 1000) {
        this.log('verbose', 'Closing idle client')
        c.kill()
      }
    }
  }

  info(sections: string[]): string {
    return this.hooks.info !== undefined ? this.hooks.info(this, sections) : ''
  }

  shutdown(opts: { save: boolean | null; now: boolean; force: boolean; abort: boolean }): string | null {
    if (opts.abort) return ERR_NO_SHUTDOWN
    this.log('warning', 'User requested shutdown...')
    if (opts.save === true) {
      // No persistence yet: an explicit SAVE cannot be honoured, so only FORCE may go on.
      this.log('notice', 'Saving the final RDB snapshot before exiting.')
      if (!opts.force) {
        this.log('warning', "Error trying to save the DB, can't exit: persistence is not available.")
        this.log('warning', 'Errors trying to shut down the server. Check the logs for more information.')
        return ERR_SHUTDOWN_FAILED
      }
      this.log('warning', 'Error trying to save the DB. Exit anyway.')
    }
    this.log('warning', 'redoubt is now ready to exit, bye bye...')
    void this.close()
    return null
  }

  configSet(
    pairs: [string, string][],
    opts: { isLocalClient?: boolean; canWait?: boolean } = {},
  ): string | null | Promise<string | null> {
    return this.config.set(pairs, opts)
  }

  configGet(patterns: string[]): [string, string][] {
    // Deliberate deviation (README): secrets such as requirepass are left out of CONFIG GET.
    return this.config.get(patterns, { hideSecrets: true })
  }

  configRewrite(): string | null {
    return this.config.rewrite()
  }

  resetStats(): void {
    this.stats.reset()
    const s = this.stats
    this.metrics.reset(Date.now(), s.commandsProcessed, s.netInputBytes, s.netOutputBytes)
    for (const e of this.table.byId) {
      e.calls = 0
      e.usec = 0
      e.failedCalls = 0
      e.rejectedCalls = 0
    }
    const ks = this.keyspace.stats
    ks.expiredKeys = 0
    ks.keyspaceHits = 0
    ks.keyspaceMisses = 0
    ks.expiredTimeCapReachedCount = 0
  }

  hasUser(name: string): boolean {
    return this.acl.users.has(name)
  }

  /**
   * Disconnects the clients of a deleted or replaced user (redis ACLFreeUserAndKillClients):
   * a client running the current command gets its reply first.
   */
  private killClientsOf(user: User): void {
    for (const c of [...this.clients.all()]) {
      if (c.user !== user) continue
      if (c.executing) c.closeAfterReply()
      else c.kill()
    }
  }

  /** Disconnects pub/sub clients of 'user' that a new rule set no longer lets listen (redis ACLKillPubsubClientsIfNeeded). */
  private killRevokedSubscribers(user: User, allows: (channel: string, isPattern: boolean) => boolean): void {
    for (const id of [...this.pubsub.subscribedClients()]) {
      const c = this.clients.byId(id)
      if (c === undefined || c.user !== user) continue
      const subs = this.pubsub.clientChannels(id)
      const revoked =
        subs.patterns.some((p) => !allows(p, true)) ||
        subs.channels.some((ch) => !allows(ch, false)) ||
        subs.shardChannels.some((ch) => !allows(ch, false))
      if (!revoked) continue
      if (c.executing) c.closeAfterReply()
      else c.kill()
    }
  }

  /** Stops listening, closes every client and the cron. Idempotent. */
  close(): Promise<void> {
    if (this.closedPromise !== null) return this.closedPromise
    this.closedPromise = (async () => {
      if (this.cron !== null) clearInterval(this.cron)
      const closing = this.listeners.close()
      for (const c of [...this.clients.all()]) {
        c.flush()
        c.closed = true
        c.socket.end()
        const t = setTimeout(() => c.socket.destroy(), SHUTDOWN_GRACE_MS)
        t.unref()
        this.clients.delete(c)
      }
      await closing
      this.onStopped?.()
    })()
    return this.closedPromise
  }
}

/**
 * Answers a refused connection with 'reply' and closes it. Its input is drained (so the
 * peer's FIN is seen and the socket really closes) and it is destroyed after a grace
 * period whatever the peer does: a refused peer holds no resources.
 */
function refuseConnection(sock: Socket, reply: string): void {
  sock.on('error', () => {})
  sock.end(reply)
  sock.resume()
  setTimeout(() => sock.destroy(), REFUSED_LINGER_MS).unref()
}

/** Reports "::ffff:127.0.0.1" as the IPv4 address it is. */
export function stripV4Mapped(addr: string): string {
  return addr.startsWith('::ffff:') && addr.includes('.') ? addr.slice(7) : addr
}

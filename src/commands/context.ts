/**
 * What a command handler may see: the client it runs for and the server services it may
 * use, as interfaces that server/ implements (handlers never import server/, sockets or
 * persistence). Families add members here as they need them.
 */

import type { ReplyWriter } from '../protocol/reply-writer.js'
import type { PubSub } from '../pubsub/subscriptions.js'
import type { Acl } from '../security/acl.js'
import type { User } from '../security/users.js'
import type { Database } from '../store/database.js'
import type { Keyspace } from '../store/keyspace.js'
import type { KeyPlan } from './key-extraction.js'
import type { MultiState } from './multi-state.js'
import type { CommandSpec } from './spec.js'

/** Typed read access to the configuration (directive names as in redis.conf). */
export interface ConfigView {
  getNumber(name: string): number
  getString(name: string): string
  getBool(name: string): boolean
}

/** A registered command with its derived data. */
export interface CommandEntry {
  readonly spec: CommandSpec
  /** Full lower-case name: "get", or "client|setname" for a subcommand. */
  readonly fullName: string
  /** Dense id (ACL bitmaps). */
  readonly id: number
  readonly parent: CommandEntry | null
  readonly subcommands: Map<string, CommandEntry> | null
  /** Its keys as the ACL check walks them (key-extraction.ts keyPlanOf). */
  readonly keyPlan: KeyPlan
  /** Calls, time and errors (INFO commandstats). */
  calls: number
  usec: number
  rejectedCalls: number
  failedCalls: number
}

/** The command table as handlers see it (COMMAND, ACL). */
export interface CommandTableView {
  /** Looks up a top-level command by (any-case) name, honouring rename-command. */
  lookup(name: string): CommandEntry | undefined
  /** Every top-level command under its current name. */
  all(): Iterable<CommandEntry>
  /** Current (possibly renamed) name of a top-level command entry. */
  nameOf(entry: CommandEntry): string
}

/** Server-wide services (implemented by server/server.ts). */
export interface ServerContext {
  readonly keyspace: Keyspace
  readonly config: ConfigView
  readonly commands: CommandTableView
  /** Server start time (ms since epoch). */
  readonly startedAt: number
  /** Connected clients (CLIENT LIST/KILL, INFO clients). */
  readonly clients: ClientRegistry
  /** INFO text for the requested sections (already lower-cased). */
  info(sections: string[]): string
  /** Writes a line to the server log at 'level'. */
  log(level: 'debug' | 'verbose' | 'notice' | 'warning', message: string): void
  /** Begins a shutdown; returns an error text when it cannot, else null. */
  shutdown(opts: { save: boolean | null; now: boolean; force: boolean; abort: boolean }): string | null
  /**
   * CONFIG SET and friends: apply name/value pairs atomically; returns an error text or null,
   * or a promise of either when the change must wait for sockets to bind ('port', 'bind',
   * 'tls-port'). 'isLocalClient' (loopback or Unix socket) lets protected directives through
   * when enable-protected-configs is 'local'; 'canWait' false (inside EXEC) refuses changes
   * that would have to wait.
   */
  configSet(
    pairs: [string, string][],
    opts?: { isLocalClient?: boolean; canWait?: boolean },
  ): string | null | Promise<string | null>
  /** CONFIG GET matching glob patterns: [name, value] pairs. */
  configGet(patterns: string[]): [string, string][]
  /** CONFIG REWRITE; returns an error text or null. */
  configRewrite(): string | null
  /** CONFIG RESETSTAT. */
  resetStats(): void
  /** True when an ACL user named 'name' exists (CLIENT KILL USER). */
  hasUser(name: string): boolean
  /** Users, ACL LOG and aclfile (ACL commands, AUTH, HELLO). */
  readonly acl: Acl
  /** Clients blocked on keys (BLPOP and friends), server/blocking.ts. */
  readonly blocking: BlockingService
  /** Channels, patterns and shard channels with their subscribers (pub/sub family). */
  readonly pubsub: PubSub
}

/** The set of connected clients. */
export interface ClientRegistry {
  all(): Iterable<CommandClient>
  byId(id: number): CommandClient | undefined
  readonly count: number
}

/** The client a command runs for. */
export interface CommandClient {
  readonly id: number
  /** Reply output (its 'resp' field is the negotiated protocol). */
  readonly w: ReplyWriter
  /** Current database. */
  db: Database
  readonly srv: ServerContext
  /** CLIENT SETNAME name ('' when none). */
  name: string
  /** CLIENT SETINFO lib-name / lib-ver. */
  libName: string
  libVer: string
  /** The user the client runs as (the default user until AUTH). */
  user: User
  /** True while the client must still authenticate. */
  readonly authRequired: boolean
  /** Marks the client authenticated as 'user'. */
  setAuthenticated(user: User): void
  /** Remote and local address as "ip:port" (or "path:0" for Unix sockets). */
  readonly addr: string
  readonly laddr: string
  /** Creation time (ms since epoch) and last interaction (util/clock.ts steadyMs()). */
  readonly createdAt: number
  lastInteraction: number
  /** The command being executed (full name), for CLIENT LIST 'cmd='. */
  lastCommand: string
  /**
   * CLIENT REPLY: 'on' sends replies again, 'off' stops them, 'skip' drops the replies of
   * the next request only (Redis's CLIENT_REPLY_OFF / CLIENT_REPLY_SKIP_NEXT flags).
   */
  setReplyMode(mode: 'on' | 'off' | 'skip'): void
  /** CLIENT NO-EVICT. */
  noEvict: boolean
  /** Selects database 'index'; false when out of range. */
  select(index: number): boolean
  /** Closes the connection after pending replies are written (QUIT, CLIENT KILL of self). */
  closeAfterReply(): void
  /** Closes the connection now (CLIENT KILL). */
  kill(): void
  /** A line for CLIENT LIST / CLIENT INFO, without the trailing newline. */
  describe(): string
  /** Resets the connection state (RESET). */
  reset(): void
  /** Flag characters for CLIENT LIST ('N' when none). */
  flagString(): string
  /** CLIENT LIST TYPE / CLIENT KILL TYPE class of this client (Redis getClientType). */
  clientType(): ClientType
  /**
   * Attaches connection state a family keeps for this client under 'key' (replacing any
   * state already there): RESET and disconnection release it, CLIENT LIST shows it.
   */
  attach(key: string, state: ClientAttachment): void
  /** The state attached under 'key', if any. */
  attached(key: string): ClientAttachment | undefined
  /** Removes the state attached under 'key' (without calling its hooks). */
  detach(key: string): void
  /**
   * True while subscribed to any channel, pattern or shard channel (redis CLIENT_PUBSUB);
   * set by the pub/sub family, read by dispatch for the RESP2 subscribed-mode rules.
   */
  pubsubMode: boolean
  /**
   * Sends this client's pending output at the end of the current event-loop turn: for output
   * written to a client other than the one whose request runs (pub/sub messages).
   */
  scheduleFlush(): void
  /** MULTI/WATCH state while the client has any (commands/multi-state.ts), else null. */
  multi: MultiState | null
  /**
   * True while EXEC runs the queued commands (redis CLIENT_DENY_BLOCKING): a blocking
   * command must then answer as if its timeout had expired instead of blocking.
   */
  inExec: boolean
  /** Runs a command queued in MULTI, as dispatch would run it (stats, permission re-check). */
  execQueued(entry: CommandEntry, argv: string[]): void
}

/** CLIENT LIST / CLIENT KILL client classes (Redis CLIENT_TYPE_*). */
export type ClientType = 'normal' | 'replica' | 'pubsub' | 'master'

/**
 * Per-connection state owned by another family (MULTI queue, subscriptions, tracking,
 * MONITOR), attached with CommandClient.attach().
 */
export interface ClientAttachment {
  /** RESET: return to a new connection's state, sending nothing (DISCARD, unsubscribe all...). */
  reset(): void
  /** The connection is gone: release what the state holds (subscriptions, watched keys). */
  close(): void
  /** Sets the CLIENT LIST fields this state accounts for. */
  describe?(fields: ClientListFields): void
}

/** CLIENT LIST fields that attached state sets; each starts at a new connection's value. */
export interface ClientListFields {
  /** This state's flag characters, e.g. 'x' or 'P' (CLIENT LIST prints all in Redis's order). */
  flags: string
  /** Channels, patterns and shard channels subscribed. */
  sub: number
  psub: number
  ssub: number
  /** Commands queued in MULTI, -1 outside MULTI. */
  multi: number
  /** Bytes of the arguments of the queued commands. */
  multiMem: number
  /** CLIENT TRACKING redirection, -1 when none. */
  redir: number
  /** Class of the client ('pubsub' while subscribed in RESP2 or RESP3). */
  type: ClientType
}

/** Blocking on keys (implemented by server/blocking.ts). */
export interface BlockingService {
  /**
   * Blocks 'c' on 'keys' of its current database until 'waiter' serves it, the absolute time
   * 'timeoutAt' (ms since epoch; 0 waits forever) passes, or CLIENT UNBLOCK. The client reads
   * no further request meanwhile.
   */
  block(c: CommandClient, keys: readonly string[], timeoutAt: number, waiter: BlockWaiter): void
  /** CLIENT UNBLOCK: ends the wait of client 'id' as a timeout or with -UNBLOCKED; false if not blocked. */
  unblock(id: number, withError: boolean): boolean
  /**
   * Suspends 'c' until 'pending' settles, then calls 'resume' to write the reply of the
   * command that suspended it (CONFIG SET waiting for sockets to bind), and runs the requests
   * that arrived meanwhile. Not a wait on keys: CLIENT UNBLOCK and blocked_clients ignore it.
   * A rejection is answered as an -ERR with its message.
   */
  suspend<T>(c: CommandClient, pending: Promise<T>, resume: (c: CommandClient, value: T) => void): void
  /** Clients blocked now (INFO blocked_clients). */
  readonly blockedClients: number
}

/** What a blocking command does when its keys get data, or its wait ends. */
export interface BlockWaiter {
  /** 'key' may now hold data: replies and returns true when it served the client. */
  serve(c: CommandClient, key: string): boolean
  /** Replies the timeout answer (null array or null bulk). */
  timeout(c: CommandClient): void
}

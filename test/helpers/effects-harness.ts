/**
 * Test helper: the side-effect differential harness. Command handlers run in process on a bare
 * Keyspace (no sockets, no pub/sub), which records what each command does besides its reply;
 * the same script runs on a real redis-server, observed through PSUBSCRIBE and INFO; both must
 * agree step by step. See https://redis.io/docs/manual/keyspace-notifications/
 *
 * What is recorded per command, on redoubt's side:
 * - the reply bytes (ReplyWriter output);
 * - keyspace events, as "db event key", in emission order (Keyspace.onNotify), each checked
 *   against EVENT_CLASSES: the class letter a handler passes must be the one Redis uses;
 * - modified-key signals (WATCH invalidation), as "db key" (Keyspace.onModified).
 * And per script: the deltas of keyspace hits, keyspace misses and dirty.
 *
 * How it compares, per command: reply bytes equal (only the RESP type byte for commands whose
 * reply depends on chance); events equal in order (as a sorted list for SCAN, which meets keys
 * in hash order); the set of signalled keys equals the set of keys of the events that Redis
 * emits with a signal (every event except those in UNSIGNALLED_EVENTS), so a signal without an
 * event and an event without its signal both fail. Per script: the hits/misses/dirty deltas
 * equal INFO's keyspace_hits, keyspace_misses and rdb_changes_since_last_save deltas.
 *
 * redis-server runs with active expiry off (DEBUG SET-ACTIVE-EXPIRE 0), so keys expire only when
 * a command touches them, at the same step on both sides, and with notify-keyspace-events EAnm
 * (every class, including 'new' and 'keymiss', which A leaves out) on __keyevent@*__:*.
 */

import assert from 'node:assert/strict'
import { after, before } from 'node:test'
import type { CommandClient } from '../../src/commands/context.js'
import type { CommandSpec } from '../../src/commands/spec.js'
import { ConfigStore } from '../../src/config/config-store.js'
import { ReplyWriter } from '../../src/protocol/reply-writer.js'
import { Keyspace } from '../../src/store/keyspace.js'
import { RawClient } from './raw-client.js'
import { type RealRedis, startRealRedis } from './real-redis.js'
import { decodeReply } from './resp-decode.js'
import { escapeBytes } from './resp-reader.js'

// --- Redis 7.0's keyspace events ---

/**
 * The notify-keyspace-events class letter of every keyspace event Redis 7.0 emits (module
 * events, class 'd', aside): g generic, $ string, l list, s set, h hash, z sorted set,
 * t stream, x expired, e evicted, n new key, m key miss.
 */
export const EVENT_CLASSES: Readonly<Record<string, string>> = {
  // Generic: DEL/UNLINK/GETDEL/empty results, EXPIRE family, PERSIST, RENAME, MOVE, COPY, RESTORE.
  del: 'g',
  expire: 'g',
  persist: 'g',
  rename_from: 'g',
  rename_to: 'g',
  move_from: 'g',
  move_to: 'g',
  copy_to: 'g',
  restore: 'g',
  // Strings: SET family and BITOP ('set'), SETBIT and BITFIELD ('setbit'), PFADD and PFMERGE ('pfadd').
  set: '$',
  setrange: '$',
  incrby: '$',
  incrbyfloat: '$',
  append: '$',
  setbit: '$',
  pfadd: '$',
  // Lists: pushes and pops (LMOVE emits one of each), SORT ... STORE ('sortstore').
  lpush: 'l',
  rpush: 'l',
  lpop: 'l',
  rpop: 'l',
  linsert: 'l',
  lset: 'l',
  lrem: 'l',
  ltrim: 'l',
  sortstore: 'l',
  // Sets: SMOVE emits srem and sadd.
  sadd: 's',
  srem: 's',
  spop: 's',
  sinterstore: 's',
  sunionstore: 's',
  sdiffstore: 's',
  // Hashes: HSETNX and HMSET emit hset.
  hset: 'h',
  hdel: 'h',
  hincrby: 'h',
  hincrbyfloat: 'h',
  // Sorted sets: ZADD INCR and ZINCRBY emit zincr; GEOADD emits zadd.
  zadd: 'z',
  zincr: 'z',
  zrem: 'z',
  zremrangebyrank: 'z',
  zremrangebyscore: 'z',
  zremrangebylex: 'z',
  zpopmin: 'z',
  zpopmax: 'z',
  zunionstore: 'z',
  zinterstore: 'z',
  zdiffstore: 'z',
  zrangestore: 'z',
  georadiusstore: 'z',
  geosearchstore: 'z',
  // Streams.
  xadd: 't',
  xtrim: 't',
  xdel: 't',
  xsetid: 't',
  'xgroup-create': 't',
  'xgroup-createconsumer': 't',
  'xgroup-delconsumer': 't',
  'xgroup-destroy': 't',
  'xgroup-setid': 't',
  // Key lifecycle.
  expired: 'x',
  evicted: 'e',
  new: 'n',
  keymiss: 'm',
}

/**
 * Events Redis emits without a modified-key signal (a WATCH on the key survives them): 'new'
 * (dbAdd announces the key; the command that creates it signals), 'keymiss' (a read), and the
 * stream consumer-group and XSETID events (checked on redis-server 7.0.15 with WATCH/EXEC).
 * Every other event comes with a signal for its key.
 */
export const UNSIGNALLED_EVENTS: ReadonlySet<string> = new Set([
  'new',
  'keymiss',
  'xsetid',
  'xgroup-create',
  'xgroup-createconsumer',
  'xgroup-delconsumer',
  'xgroup-destroy',
  'xgroup-setid',
])

/** Commands that meet keys in hash order: their events are compared as sorted lists. */
const HASH_ORDER_COMMANDS: ReadonlySet<string> = new Set(['SCAN'])

// --- redoubt's side: handlers on a bare keyspace ---

/** A stand-in for a command of a family the harness does not load; it writes its reply to c.w. */
export type StandIn = (c: CommandClient, argv: string[]) => void

/** What the harness runs. */
export interface EffectsHarnessOptions {
  /** Command tables whose handlers run; a container command finds its subcommand by argv[1]. */
  readonly families: readonly (readonly CommandSpec[])[]
  /** In-process stand-ins by lower-case command name, tried before the families. */
  readonly standIns?: Readonly<Record<string, StandIn>>
}

/** What one command did on redoubt's side. */
export interface Effects {
  readonly reply: Buffer
  /** "db event key", in emission order. */
  readonly events: string[]
  /** "db key", one per modified-key signal. */
  readonly modified: string[]
}

/**
 * Runs handlers on a bare 16-database Keyspace with a default configuration (Redis 7.0's
 * defaults, as the oracle has), recording replies, events and signals. SELECT is handled here
 * (it only switches the client's database).
 */
export class EffectsHarness {
  readonly keyspace = new Keyspace(16)
  /** The client handlers see: only w, db and srv.keyspace/srv.config are real. */
  readonly client: CommandClient
  private events: string[] = []
  private modified: string[] = []
  private readonly w = new ReplyWriter()
  private readonly specs = new Map<string, CommandSpec>()
  private readonly standIns: Readonly<Record<string, StandIn>>

  constructor(options: EffectsHarnessOptions) {
    for (const family of options.families) for (const spec of family) this.specs.set(spec.name, spec)
    this.standIns = options.standIns ?? {}
    this.keyspace.onNotify = (type, event, key, db) => {
      assert.equal(type, EVENT_CLASSES[event], `class of event '${event}'`)
      this.events.push(`${db.id} ${event} ${key}`)
    }
    this.keyspace.onModified = (db, key) => this.modified.push(`${db.id} ${key}`)
    this.client = {
      w: this.w,
      db: this.keyspace.dbs[0]!,
      srv: { keyspace: this.keyspace, config: new ConfigStore() },
    } as unknown as CommandClient
  }

  /** Runs one command (arity checked as dispatch would) and returns what it did. */
  run(argv: string[]): Effects {
    this.events = []
    this.modified = []
    const name = argv[0]!.toLowerCase()
    const standIn = this.standIns[name]
    if (name === 'select') {
      this.client.db = this.keyspace.dbs[Number(argv[1])]!
      this.w.raw('+OK\r\n')
    } else if (standIn !== undefined) {
      standIn(this.client, argv)
    } else {
      let spec = this.specs.get(name)
      if (spec?.subcommands) spec = spec.subcommands.find((s) => s.name === argv[1]?.toLowerCase())
      assert.ok(spec?.handler, `no handler for ${argv.join(' ')}`)
      const a = spec.arity
      assert.ok(a > 0 ? argv.length === a : argv.length >= -a, `arity of ${argv.join(' ')}`)
      spec.handler(this.client, argv)
    }
    return { reply: Buffer.from(this.w.take(), 'latin1'), events: this.events, modified: this.modified }
  }
}

// --- redis-server's side: PSUBSCRIBE and INFO ---

/** INFO fields compared as deltas over a script, in the order of EffectsHarness's counters. */
const COUNTER_FIELDS = ['keyspace_hits', 'keyspace_misses', 'rdb_changes_since_last_save']

/** A redis-server with keyevent notifications of every class on every database. */
export class EffectsOracle {
  private constructor(
    readonly redis: RealRedis,
    /** The connection commands run on. */
    readonly main: RawClient,
    /** The PSUBSCRIBEd connection. */
    readonly sub: RawClient,
  ) {}

  /** Starts redis-server with active expiry off and subscribes to __keyevent@*__:*. */
  static async start(): Promise<EffectsOracle> {
    const redis = await startRealRedis(['--enable-debug-command', 'yes'])
    const main = await RawClient.connect(redis.port)
    const sub = await RawClient.connect(redis.port)
    await main.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')
    await main.call('CONFIG', 'SET', 'notify-keyspace-events', 'EAnm')
    await sub.call('PSUBSCRIBE', '__keyevent@*__:*')
    return new EffectsOracle(redis, main, sub)
  }

  /** Runs 'argv': its reply and the events ("db event key") published meanwhile. */
  async run(argv: string[]): Promise<{ reply: Buffer; events: string[] }> {
    const reply = await this.main.call(...argv.map((a) => Buffer.from(a, 'latin1')))
    // Events are published while the command runs, so they all precede the answer to this PING.
    this.sub.send(['PING'])
    const events: string[] = []
    for (;;) {
      const msg = decodeReply(await this.sub.read(), { encoding: 'latin1' })
      assert.ok(Array.isArray(msg), 'subscriber got a non-array')
      if (msg[0] === 'pong') break
      const m = /^__keyevent@(\d+)__:(.*)$/.exec(String(msg[2]))
      assert.ok(m, `unexpected channel ${String(msg[2])}`)
      events.push(`${m[1]} ${m[2]} ${String(msg[3])}`)
    }
    return { reply, events }
  }

  /** keyspace_hits, keyspace_misses and rdb_changes_since_last_save. */
  async counters(): Promise<number[]> {
    const text = (await this.main.call('INFO', 'all')).toString('latin1')
    return COUNTER_FIELDS.map((n) => Number(new RegExp(`\\r\\n${n}:(\\d+)`).exec(text)?.[1] ?? Number.NaN))
  }

  /** Empties every database, selects database 0 and drains the subscriber. */
  async reset(): Promise<void> {
    await this.main.call('SELECT', '0')
    await this.main.call('FLUSHALL')
    await this.run(['PING'])
  }

  async close(): Promise<void> {
    await Promise.all([this.main.close(), this.sub.close()])
    await this.redis.stop()
  }
}

// --- Comparison ---

/** How a script is compared. */
export interface CompareOptions {
  /** Commands (upper case) whose replies depend on chance: only the RESP type byte must agree. */
  readonly randomReplies?: readonly string[]
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** The "db key" of every event in 'events' that Redis emits with a modified-key signal. */
export function signalledKeys(events: readonly string[]): Set<string> {
  const keys = new Set<string>()
  for (const e of events) {
    const [db, event] = e.split(' ', 2) as [string, string]
    if (!UNSIGNALLED_EVENTS.has(event)) keys.add(`${db} ${e.slice(db.length + event.length + 2)}`)
  }
  return keys
}

/**
 * Runs 'script' on both sides, step by step, and asserts that replies, events, signals and the
 * hit/miss/dirty deltas agree. A step ['SLEEP', ms] only waits (so keys set with PX can expire
 * on both sides).
 */
export async function compareEffects(
  o: EffectsOracle,
  h: EffectsHarness,
  script: readonly string[][],
  options: CompareOptions = {},
): Promise<void> {
  const random = new Set(options.randomReplies ?? [])
  const ks = h.keyspace
  const ours = (): number[] => [ks.stats.keyspaceHits, ks.stats.keyspaceMisses, ks.dirty]
  const theirs0 = await o.counters()
  const ours0 = ours()
  for (const argv of script) {
    if (argv[0] === 'SLEEP') {
      await sleep(Number(argv[1]))
      continue
    }
    const what = argv.map((a) => escapeBytes(Buffer.from(a, 'latin1'), 40)).join(' ')
    const cmd = argv[0]!.toUpperCase()
    const theirs = await o.run(argv)
    const mine = h.run(argv)
    if (random.has(cmd)) assert.equal(mine.reply[0], theirs.reply[0], `reply type of ${what}`)
    else assert.equal(escapeBytes(mine.reply, 500), escapeBytes(theirs.reply, 500), `reply of ${what}`)
    const order = (e: string[]): string[] => (HASH_ORDER_COMMANDS.has(cmd) ? [...e].sort() : e)
    assert.deepEqual(order(mine.events), order(theirs.events), `events of ${what}`)
    assert.deepEqual(new Set(mine.modified), signalledKeys(mine.events), `modified-key signals of ${what}`)
  }
  const theirs1 = await o.counters()
  const ours1 = ours()
  assert.deepEqual(
    ours1.map((v, i) => v - ours0[i]!),
    theirs1.map((v, i) => v - theirs0[i]!),
    'keyspace_hits, keyspace_misses and dirty deltas',
  )
}

/** A suite's handle on the harness: see effectsDiff(). */
export interface EffectsDiff {
  /** Empties both sides (a new harness, FLUSHALL on redis-server), then compareEffects(script). */
  compare(script: readonly string[][]): Promise<void>
}

/**
 * Call inside a describe(): starts one redis-server for the suite (before/after hooks) and
 * returns compare(), which runs each script from empty keyspaces on both sides.
 */
export function effectsDiff(options: EffectsHarnessOptions & CompareOptions): EffectsDiff {
  let oracle: EffectsOracle | null = null
  before(async () => {
    oracle = await EffectsOracle.start()
  })
  after(async () => {
    await oracle?.close()
  })
  return {
    async compare(script) {
      const o = oracle
      assert.ok(o, 'redis-server did not start')
      await o.reset()
      await compareEffects(o, new EffectsHarness(options), script, options)
    },
  }
}

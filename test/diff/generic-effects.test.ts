/**
 * The side effects of the generic (keyspace) commands, compared with redis-server command by
 * command: keyspace notifications (event, key, database and class, including 'new', 'del' for
 * an EXPIRE into the past, 'expired' and 'keymiss'), WATCH signals (every event but 'new' and
 * 'keymiss' comes with a modified-key signal for its key, and no signal comes without one),
 * keyspace hits and misses, and the dirty counter. The handlers run in process on a bare
 * Keyspace; redis-server reports its events through PSUBSCRIBE, with active expiry off.
 */

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { CommandClient } from '../../src/commands/context.js'
import { genericCommands } from '../../src/commands/generic.js'
import type { CommandSpec } from '../../src/commands/spec.js'
import { stringSetCommands } from '../../src/commands/string-set.js'
import { ReplyWriter } from '../../src/protocol/reply-writer.js'
import { Keyspace } from '../../src/store/keyspace.js'
import { RawClient } from '../helpers/raw-client.js'
import { type RealRedis, redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { decodeReply } from '../helpers/resp-decode.js'
import { escapeBytes } from '../helpers/resp-reader.js'

const skip = redisServerSkip()

/** notify-keyspace-events class letter of every event these commands emit. */
const CLASS_OF: Record<string, string> = {
  set: '$',
  del: 'g',
  expire: 'g',
  persist: 'g',
  rename_from: 'g',
  rename_to: 'g',
  move_from: 'g',
  move_to: 'g',
  copy_to: 'g',
  new: 'n',
  expired: 'x',
  keymiss: 'm',
}

/** Events that come without a modified-key signal. */
const UNSIGNALLED = new Set(['new', 'keymiss'])

const SPECS = new Map<string, CommandSpec>()
for (const spec of [...genericCommands, ...stringSetCommands]) SPECS.set(spec.name, spec)

/** What one command did: its reply, events ("db event key") and modified keys ("db key"). */
interface Effects {
  reply: Buffer
  events: string[]
  modified: string[]
}

/** Runs the handlers on a bare 16-database keyspace, recording their side effects. */
class Harness {
  readonly keyspace = new Keyspace(16)
  private events: string[] = []
  private modified: string[] = []
  private readonly w = new ReplyWriter()
  private readonly client: CommandClient

  constructor() {
    this.keyspace.onNotify = (type, event, key, db) => {
      assert.equal(type, CLASS_OF[event], `class of event '${event}'`)
      this.events.push(`${db.id} ${event} ${key}`)
    }
    this.keyspace.onModified = (db, key) => this.modified.push(`${db.id} ${key}`)
    const config = {
      getNumber: (name: string) => (name === 'proto-max-bulk-len' ? 512 * 1024 * 1024 : 0),
      getString: () => '',
      getBool: () => false,
    }
    // Only the members the generic and SET handlers use.
    this.client = {
      w: this.w,
      db: this.keyspace.dbs[0]!,
      srv: { keyspace: this.keyspace, config },
    } as unknown as CommandClient
  }

  run(argv: string[]): Effects {
    this.events = []
    this.modified = []
    const name = argv[0]!.toLowerCase()
    if (name === 'select') {
      this.client.db = this.keyspace.dbs[Number(argv[1])]!
      this.w.raw('+OK\r\n')
    } else {
      let spec = SPECS.get(name)
      if (spec?.subcommands) spec = spec.subcommands.find((s) => s.name === argv[1]!.toLowerCase())
      assert.ok(spec?.handler, `no handler for ${argv.join(' ')}`)
      const a = spec.arity
      assert.ok(a > 0 ? argv.length === a : argv.length >= -a, `arity of ${argv.join(' ')}`)
      spec.handler(this.client, argv)
    }
    return { reply: Buffer.from(this.w.take(), 'latin1'), events: this.events, modified: this.modified }
  }
}

/** A redis-server with keyevent notifications on every database, a command connection and a subscriber. */
interface Oracle {
  redis: RealRedis
  main: RawClient
  sub: RawClient
}

async function startOracle(): Promise<Oracle> {
  const redis = await startRealRedis(['--enable-debug-command', 'yes'])
  const main = await RawClient.connect(redis.port)
  const sub = await RawClient.connect(redis.port)
  await main.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')
  await main.call('CONFIG', 'SET', 'notify-keyspace-events', 'EAnm')
  await sub.call('PSUBSCRIBE', '__keyevent@*__:*')
  return { redis, main, sub }
}

/** Runs 'argv' on redis-server: its reply and the events it published meanwhile. */
async function oracleRun(o: Oracle, argv: string[]): Promise<{ reply: Buffer; events: string[] }> {
  const reply = await o.main.call(...argv.map((a) => Buffer.from(a, 'latin1')))
  // Events are queued while the command runs, so they all precede the answer to this PING.
  o.sub.send(['PING'])
  const events: string[] = []
  for (;;) {
    const msg = decodeReply(await o.sub.read(), { encoding: 'latin1' })
    assert.ok(Array.isArray(msg), 'subscriber got a non-array')
    if (msg[0] === 'pong') break
    // "__keyevent@<db>__:<event>"
    const m = /^__keyevent@(\d+)__:(.*)$/.exec(String(msg[2]))
    assert.ok(m, `unexpected channel ${String(msg[2])}`)
    events.push(`${m[1]} ${m[2]} ${String(msg[3])}`)
  }
  return { reply, events }
}

async function infoFields(o: Oracle, names: string[]): Promise<number[]> {
  const text = (await o.main.call('INFO', 'all')).toString('latin1')
  return names.map((n) => Number(new RegExp(`\\r\\n${n}:(\\d+)`).exec(text)?.[1] ?? Number.NaN))
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Runs 'script' on both sides and compares replies, events, signals, hits, misses and dirty.
 * A step ['SLEEP', ms] waits (so keys set with PX can expire on both sides).
 */
async function compare(o: Oracle, h: Harness, script: string[][]): Promise<void> {
  const fields = ['keyspace_hits', 'keyspace_misses', 'rdb_changes_since_last_save']
  const before = await infoFields(o, fields)
  const ks = h.keyspace
  const mine0 = [ks.stats.keyspaceHits, ks.stats.keyspaceMisses, ks.dirty]
  for (const argv of script) {
    if (argv[0] === 'SLEEP') {
      await sleep(Number(argv[1]))
      continue
    }
    const what = argv.map((a) => escapeBytes(Buffer.from(a, 'latin1'), 40)).join(' ')
    const theirs = await oracleRun(o, argv)
    const ours = h.run(argv)
    assert.equal(escapeBytes(ours.reply, 500), escapeBytes(theirs.reply, 500), `reply of ${what}`)
    // SCAN meets keys in hash order, which differs between the two servers.
    const order = (e: string[]): string[] => (argv[0] === 'SCAN' ? [...e].sort() : e)
    assert.deepEqual(order(ours.events), order(theirs.events), `events of ${what}`)
    const signalled = new Set(
      ours.events
        .filter((e) => !UNSIGNALLED.has(e.split(' ')[1]!))
        .map((e) => {
          const [db, , key] = e.split(' ')
          return `${db} ${key}`
        }),
    )
    assert.deepEqual(new Set(ours.modified), signalled, `modified-key signals of ${what}`)
  }
  const afterwards = await infoFields(o, fields)
  const mine1 = [ks.stats.keyspaceHits, ks.stats.keyspaceMisses, ks.dirty]
  assert.deepEqual(
    mine1.map((v, i) => v - mine0[i]!),
    afterwards.map((v, i) => v - before[i]!),
    'keyspace_hits, keyspace_misses and dirty deltas',
  )
}

describe('side effects of generic commands', { skip }, () => {
  let o: Oracle
  let h: Harness
  before(async () => {
    o = await startOracle()
  })
  after(async () => {
    await Promise.all([o.main.close(), o.sub.close()])
    await o.redis.stop()
  })
  const fresh = async (): Promise<void> => {
    await o.main.call('SELECT', '0')
    await o.main.call('FLUSHALL')
    await oracleRun(o, ['PING'])
    h = new Harness()
  }

  it('DEL, EXISTS, TOUCH, TYPE, RENAME, MOVE and COPY emit Redis’s events, signals and counters', async () => {
    await fresh()
    await compare(o, h, [
      ['SET', 'a', '1'],
      ['SET', 'b', '2'],
      ['EXISTS', 'a', 'missing', 'a'],
      ['TOUCH', 'a', 'missing'],
      ['TYPE', 'a'],
      ['TYPE', 'missing'],
      ['DEL', 'a', 'missing'],
      ['UNLINK', 'b'],
      ['SET', 'a', '1'],
      ['RENAME', 'a', 'b'],
      ['RENAME', 'b', 'b'],
      ['RENAME', 'missing', 'x'],
      ['SET', 'c', '3'],
      ['RENAME', 'c', 'b'],
      ['RENAMENX', 'b', 'b'],
      ['SET', 'd', '4'],
      ['RENAMENX', 'd', 'b'],
      ['RENAMENX', 'd', 'e'],
      ['MOVE', 'e', '1'],
      ['MOVE', 'missing', '1'],
      ['SET', 'e', '5'],
      ['MOVE', 'e', '1'],
      ['COPY', 'b', 'f'],
      ['COPY', 'missing', 'f'],
      ['COPY', 'b', 'f'],
      ['COPY', 'b', 'f', 'REPLACE'],
      ['COPY', 'b', 'g', 'DB', '2'],
      ['SELECT', '2'],
      ['EXISTS', 'g'],
      ['SELECT', '0'],
      ['DBSIZE'],
      ['KEYS', 'zzz*'],
      ['SCAN', '0', 'COUNT', '100', 'MATCH', 'zzz'],
      ['SCAN', '0', 'COUNT', '100', 'TYPE', 'list'],
      ['OBJECT', 'ENCODING', 'b'],
      ['OBJECT', 'ENCODING', 'missing'],
      ['OBJECT', 'REFCOUNT', 'b'],
      ['SWAPDB', '0', '1'],
      ['FLUSHDB'],
      ['FLUSHALL'],
      ['RANDOMKEY'],
      ['SET', 'only', 'v'],
      ['RANDOMKEY'],
      ['FLUSHALL'],
    ])
  })

  it('EXPIRE into the past deletes with a del event; expiry setters and getters count as Redis', async () => {
    await fresh()
    await compare(o, h, [
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '100'],
      ['EXPIRE', 'k', '100', 'NX'],
      ['PEXPIRE', 'k', '100000', 'XX'],
      ['EXPIREAT', 'k', '4102444800'],
      ['PEXPIREAT', 'k', '4102444800000', 'GT'],
      ['TTL', 'k'],
      ['EXPIRETIME', 'k'],
      ['PEXPIRETIME', 'missing'],
      ['PERSIST', 'k'],
      ['PERSIST', 'k'],
      ['PERSIST', 'missing'],
      ['EXPIRE', 'missing', '100'],
      ['EXPIRE', 'k', '-1'],
      ['SET', 'k', 'v'],
      ['PEXPIREAT', 'k', '1', 'NX'],
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '0', 'GT'],
      ['EXPIRE', 'k', 'abc'],
      ['EXPIRE', 'k', '100', 'NX', 'XX'],
    ])
  })

  it('commands meeting a logically expired key expire it first, with its events', async () => {
    await fresh()
    const expiring = (key: string): string[][] => [['SET', key, 'v', 'PX', '1']]
    await compare(o, h, [
      ...expiring('a'),
      ...expiring('b'),
      ...expiring('c'),
      ...expiring('d'),
      ...expiring('e'),
      ...expiring('f'),
      ...expiring('g'),
      ...expiring('h'),
      ...expiring('i'),
      ...expiring('j'),
      ['SET', 'live', 'v'],
      ['SLEEP', '20'],
      ['EXISTS', 'a'],
      ['DEL', 'b'],
      ['TTL', 'c'],
      ['RENAME', 'd', 'x'],
      ['COPY', 'e', 'x'],
      ['MOVE', 'f', '1'],
      ['EXPIRE', 'g', '100'],
      ['OBJECT', 'ENCODING', 'h'],
      ['SCAN', '0', 'COUNT', '100', 'TYPE', 'string'],
      ['DBSIZE'],
    ])
  })
})

/**
 * The side effects of the string and bitmap commands, compared with redis-server command by
 * command: keyspace notifications (event, key and class), WATCH signals (every event but
 * 'new' and 'keymiss' come with a modified-key signal for its key, and no signal comes without one),
 * keyspace hits and misses, the dirty counter, and WRONGTYPE replies against values of other
 * types. The handlers run in process on a bare Keyspace (so the events can be observed before
 * redoubt has pub/sub); redis-server reports its events through PSUBSCRIBE.
 */

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { bitmapCommands } from '../../src/commands/bitmap.js'
import { bitfieldCommands } from '../../src/commands/bitmap-bitfield.js'
import type { CommandClient } from '../../src/commands/context.js'
import type { CommandSpec } from '../../src/commands/spec.js'
import { stringCommands } from '../../src/commands/string.js'
import { stringCounterCommands } from '../../src/commands/string-counter.js'
import { stringLcsCommands } from '../../src/commands/string-lcs.js'
import { stringRangeCommands } from '../../src/commands/string-range.js'
import { stringSetCommands } from '../../src/commands/string-set.js'
import { ReplyWriter } from '../../src/protocol/reply-writer.js'
import { Keyspace } from '../../src/store/keyspace.js'
import type { StoredObject } from '../../src/store/value.js'
import { createPrng, type Prng } from '../helpers/prng.js'
import { RawClient } from '../helpers/raw-client.js'
import { type RealRedis, redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { decodeReply } from '../helpers/resp-decode.js'
import { escapeBytes } from '../helpers/resp-reader.js'

const skip = redisServerSkip()

/** Keyspace event classes (notify-keyspace-events letters) of every event these commands emit. */
const CLASS_OF: Record<string, string> = {
  set: '$',
  append: '$',
  incrby: '$',
  incrbyfloat: '$',
  setrange: '$',
  setbit: '$',
  del: 'g',
  expire: 'g',
  persist: 'g',
  new: 'n',
  keymiss: 'm',
  expired: 'x',
  rpush: 'l',
}

const SPECS = new Map<string, CommandSpec>()
for (const family of [
  stringCommands,
  stringSetCommands,
  stringCounterCommands,
  stringRangeCommands,
  stringLcsCommands,
  bitmapCommands,
  bitfieldCommands,
]) {
  for (const spec of family) SPECS.set(spec.name, spec)
}

/** A value of another type than string, standing in for a list until redoubt has lists. */
class FakeList implements StoredObject {
  readonly typeName = 'list' as const
  length = 0
  encoding(): string {
    return 'listpack'
  }
  clone(): FakeList {
    return new FakeList()
  }
  estimateBytes(): number {
    return 16
  }
}

/** What one command did. */
interface Effects {
  reply: Buffer
  events: string[]
  modified: string[]
}

/** Runs the string and bitmap handlers on a bare keyspace, recording their side effects. */
class Harness {
  readonly keyspace = new Keyspace(1)
  private events: string[] = []
  private modified: string[] = []
  private readonly w = new ReplyWriter()
  private readonly client: CommandClient

  constructor(protoMaxBulkLen: number) {
    this.keyspace.onNotify = (type, event, key) => {
      assert.equal(type, CLASS_OF[event], `class of event '${event}'`)
      this.events.push(`${event} ${key}`)
    }
    this.keyspace.onModified = (_db, key) => this.modified.push(key)
    const config = {
      getNumber: (name: string) => (name === 'proto-max-bulk-len' ? protoMaxBulkLen : 0),
      getString: () => '',
      getBool: () => false,
    }
    // Only the members the string and bitmap handlers use.
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
    if (name === 'rpush') {
      // RPUSH of one element as redis-server does it: dbAdd when missing, then the push event.
      const db = this.client.db
      const key = argv[1]!
      let list = db.lookup(key)
      if (list === undefined) {
        list = new FakeList()
        db.set(key, list)
        db.notify('n', 'new', key)
      }
      if (!(list instanceof FakeList)) {
        this.w.error('WRONGTYPE Operation against a key holding the wrong kind of value')
      } else {
        list.length++
        db.modified(key)
        db.notify('l', 'rpush', key)
        this.keyspace.dirty++
        this.w.integer(list.length)
      }
    } else {
      const spec = SPECS.get(name)
      assert.ok(spec?.handler, `no handler for ${name}`)
      const a = spec.arity
      assert.ok(a > 0 ? argv.length === a : argv.length >= -a, `arity of ${argv.join(' ')}`)
      spec.handler(this.client, argv)
    }
    return { reply: Buffer.from(this.w.take(), 'latin1'), events: this.events, modified: this.modified }
  }
}

/** A redis-server with keyevent notifications, a command connection and a subscriber. */
interface Oracle {
  redis: RealRedis
  main: RawClient
  sub: RawClient
}

async function startOracle(extra: string[]): Promise<Oracle> {
  const redis = await startRealRedis(['--enable-debug-command', 'yes', ...extra])
  const main = await RawClient.connect(redis.port)
  const sub = await RawClient.connect(redis.port)
  // No active expiry: keys expire only when touched, so events come at the same step.
  await main.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')
  await main.call('CONFIG', 'SET', 'notify-keyspace-events', 'EAnm')
  await sub.call('PSUBSCRIBE', '__keyevent@0__:*')
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
    const channel = String(msg[2])
    events.push(`${channel.slice(channel.indexOf(':') + 1)} ${String(msg[3])}`)
  }
  return { reply, events }
}

/** INFO fields as numbers. */
async function infoFields(o: Oracle, names: string[]): Promise<number[]> {
  const text = (await o.main.call('INFO', 'all')).toString('latin1')
  return names.map((n) => Number(new RegExp(`\\r\\n${n}:(\\d+)`).exec(text)?.[1] ?? Number.NaN))
}

/** Runs 'script' on both sides and compares replies, events, signals, hits, misses and dirty. */
async function compare(o: Oracle, h: Harness, script: string[][]): Promise<void> {
  const fields = ['keyspace_hits', 'keyspace_misses', 'rdb_changes_since_last_save']
  const before = await infoFields(o, fields)
  const ks = h.keyspace
  const mine0 = [ks.stats.keyspaceHits, ks.stats.keyspaceMisses, ks.dirty]
  for (const argv of script) {
    const what = argv.map((a) => escapeBytes(Buffer.from(a, 'latin1'), 40)).join(' ')
    const theirs = await oracleRun(o, argv)
    const ours = h.run(argv)
    assert.equal(escapeBytes(ours.reply, 500), escapeBytes(theirs.reply, 500), `reply of ${what}`)
    assert.deepEqual(ours.events, theirs.events, `events of ${what}`)
    const signalled = new Set(
      ours.events
        .filter((e) => !e.startsWith('new ') && !e.startsWith('keymiss '))
        .map((e) => e.slice(e.indexOf(' ') + 1)),
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

describe('side effects of string and bitmap commands', { skip }, () => {
  let o: Oracle
  let h: Harness
  before(async () => {
    o = await startOracle([])
  })
  after(async () => {
    await Promise.all([o.main.close(), o.sub.close()])
    await o.redis.stop()
  })
  const fresh = async (): Promise<void> => {
    await o.main.call('FLUSHALL')
    await oracleRun(o, ['PING'])
    h = new Harness(512 * 1024 * 1024)
  }

  it('string writes emit Redis’s events and signals, and only when they change something', async () => {
    await fresh()
    await compare(o, h, [
      ['SET', 'a', '1'],
      ['SET', 'a', '2', 'XX', 'GET'],
      ['SET', 'a', '3', 'NX'],
      ['SET', 'b', 'v', 'EX', '100'],
      ['SET', 'b', 'v', 'EX', '0'],
      ['SET', 'c', 'v', 'EXAT', '1'],
      ['GET', 'c'],
      ['SETNX', 'a', 'x'],
      ['SETNX', 'd', 'x'],
      ['SETEX', 'e', '100', 'v'],
      ['PSETEX', 'e', '100000', 'v'],
      ['MSET', 'a', '1', 'f', '2'],
      ['MSETNX', 'a', '1', 'g', '2'],
      ['MSETNX', 'g', '1', 'h', '2'],
      ['GETSET', 'a', 'z'],
      ['GETSET', 'i', 'z'],
      ['GETDEL', 'i'],
      ['GETDEL', 'i'],
      ['GETEX', 'a'],
      ['GETEX', 'a', 'PERSIST'],
      ['GETEX', 'a', 'EX', '100'],
      ['GETEX', 'a', 'PERSIST'],
      ['GETEX', 'a', 'EXAT', '1'],
      ['GETEX', 'missing', 'EX', '100'],
      ['APPEND', 'j', 'x'],
      ['APPEND', 'j', ''],
      ['STRLEN', 'j'],
      ['STRLEN', 'missing'],
      ['MGET', 'j', 'missing', 'f'],
      ['INCR', 'k'],
      ['INCRBY', 'k', '5'],
      ['DECRBY', 'k', 'x'],
      ['INCR', 'j'],
      ['INCRBYFLOAT', 'k', '1.5'],
      ['INCRBYFLOAT', 'l', '1'],
      ['INCRBYFLOAT', 'k', 'inf'],
      ['SETRANGE', 'm', '0', ''],
      ['SETRANGE', 'm', '2', 'x'],
      ['SETRANGE', 'm', '0', ''],
      ['SETRANGE', 'm', '300', 'x'],
      ['GETRANGE', 'm', '0', '2'],
      ['GETRANGE', 'missing', '0', '2'],
      ['LCS', 'm', 'missing'],
      ['LCS', 'm', 'j', 'LEN'],
    ])
  })

  it('bitmap writes emit Redis’s events and signals', async () => {
    await fresh()
    await compare(o, h, [
      ['SETBIT', 'a', '7', '1'],
      ['SETBIT', 'a', '7', '1'],
      ['SETBIT', 'a', '3000', '1'],
      ['SETBIT', 'a', '-1', '1'],
      ['GETBIT', 'a', '7'],
      ['GETBIT', 'missing', '7'],
      ['BITCOUNT', 'a'],
      ['BITCOUNT', 'missing'],
      ['BITPOS', 'a', '1'],
      ['BITPOS', 'missing', '1'],
      ['BITOP', 'OR', 'b', 'a', 'missing'],
      ['BITOP', 'AND', 'b', 'missing'],
      ['BITOP', 'AND', 'b', 'missing'],
      ['BITOP', 'NOT', 'c', 'a'],
      ['BITFIELD', 'd', 'GET', 'u8', '0'],
      ['BITFIELD', 'd', 'OVERFLOW', 'FAIL', 'SET', 'u8', '0', '256'],
      ['BITFIELD', 'd', 'SET', 'u8', '0', '255', 'INCRBY', 'u8', '0', '1'],
      ['BITFIELD', 'missing2', 'GET', 'u8', '0'],
      ['BITFIELD_RO', 'd', 'GET', 'u8', '0'],
      ['BITFIELD', 'd', 'SET', 'u99', '0', '1'],
      ['SET', 'e', 'v', 'PXAT', '1'],
      ['BITOP', 'AND', 'e', 'missing'],
      ['SET', 'e', 'v', 'PXAT', '1'],
      ['BITOP', 'OR', 'e', 'a'],
      ['SET', 'e', 'v', 'PXAT', '1'],
      ['SETBIT', 'e', '1', '1'],
      ['SET', 'e', 'v', 'PXAT', '1'],
      ['MSETNX', 'e', '1'],
      ['SET', 'e', 'v', 'PXAT', '1'],
      ['GETDEL', 'e'],
    ])
  })

  it('every command answers WRONGTYPE for another type and changes nothing', async () => {
    await fresh()
    const script: string[][] = [['RPUSH', 'lk', 'x']]
    const uses = [
      ['GET'],
      ['SET', 'v', 'GET'],
      ['SET', 'v', 'NX'],
      ['SETNX', 'v'],
      ['GETSET', 'v'],
      ['GETDEL'],
      ['GETEX'],
      ['GETEX', 'EX', '0'],
      ['APPEND', 'x'],
      ['STRLEN'],
      ['INCR'],
      ['DECR'],
      ['INCRBY', '2'],
      ['DECRBY', '2'],
      ['INCRBYFLOAT', '1.5'],
      ['GETRANGE', '0', '-1'],
      ['SUBSTR', '0', '-1'],
      ['SETRANGE', '0', 'x'],
      ['SETRANGE', '0', ''],
      ['SETRANGE', '-1', 'x'],
      ['SETBIT', '0', '1'],
      ['GETBIT', '0'],
      ['BITCOUNT'],
      ['BITCOUNT', 'x', 'y'],
      ['BITPOS', '1'],
      ['BITPOS', '2'],
      ['BITFIELD', 'GET', 'u8', '0'],
      ['BITFIELD', 'SET', 'u8', '0', '1'],
      ['BITFIELD_RO', 'GET', 'u8', '0'],
    ]
    for (const [cmd, ...rest] of uses) script.push([cmd!, 'lk', ...rest])
    script.push(
      ['MGET', 'lk', 'other'],
      ['MSETNX', 'lk', 'v', 'other', 'v'],
      ['LCS', 'lk', 'other'],
      ['LCS', 'other', 'lk', 'LEN'],
      ['BITOP', 'AND', 'd', 'missing', 'lk'],
      ['BITOP', 'AND', 'lk', 'missing'],
      ['RPUSH', 'lk2', 'x'],
      ['SET', 's', 'x'],
      ['BITOP', 'OR', 'lk2', 's'],
      ['GET', 'lk2'],
      ['RPUSH', 'lk3', 'x'],
      ['MSET', 'lk3', 'v'],
      ['GET', 'lk3'],
      ['RPUSH', 'lk4', 'x'],
      ['SET', 'lk4', 'v', 'XX'],
      ['GET', 'lk4'],
    )
    await compare(o, h, script)
  })

  it('a seeded random sequence has the same side effects step by step', async () => {
    await fresh()
    const rng = createPrng(90210)
    const script: string[][] = []
    for (let i = 0; i < 600; i++) script.push(randomStep(rng))
    await compare(o, h, script)
  })
})

const KEYS = ['a', 'b', 'c']

function randomStep(rng: Prng): string[] {
  const k = rng.pick(KEYS)
  const v = rng.pick(['1', '-7', '2.5', 'abc', '', '9223372036854775807'])
  const n = String(rng.range(-10, 40))
  switch (rng.int(20)) {
    case 0:
      return [
        'SET',
        k,
        v,
        ...rng.pick([[], ['NX'], ['XX', 'GET'], ['EX', '100'], ['PXAT', '1'], ['KEEPTTL']]),
      ]
    case 1:
      return ['GET', k]
    case 2:
      return ['APPEND', k, v]
    case 3:
      return ['INCRBY', k, rng.pick([n, v])]
    case 4:
      return ['INCRBYFLOAT', k, rng.pick([n, v])]
    case 5:
      return ['SETRANGE', k, String(rng.int(10)), rng.pick([v, ''])]
    case 6:
      return ['GETEX', k, ...rng.pick([[], ['PERSIST'], ['EX', '100'], ['EXAT', '1']])]
    case 7:
      return ['GETDEL', k]
    case 8:
      return ['GETSET', k, v]
    case 9:
      return ['MSETNX', k, v, rng.pick(KEYS), v]
    case 10:
      return ['SETBIT', k, String(rng.int(64)), String(rng.int(2))]
    case 11:
      return ['BITOP', rng.pick(['AND', 'OR', 'XOR']), k, rng.pick(KEYS), rng.pick([...KEYS, 'missing'])]
    case 12:
      return ['BITFIELD', k, 'OVERFLOW', rng.pick(['WRAP', 'SAT', 'FAIL']), 'INCRBY', 'i8', n, n]
    case 13:
      return ['RPUSH', rng.pick(['l1', 'l2']), 'x']
    case 14:
      return ['MGET', k, 'l1', rng.pick(KEYS)]
    case 15:
      return ['BITCOUNT', k, ...rng.pick([[], [n, '-1']])]
    case 16:
      return ['SETNX', k, v]
    case 17:
      return ['STRLEN', rng.pick([...KEYS, 'l1'])]
    case 18:
      return ['LCS', k, rng.pick(KEYS)]
    default:
      return ['MSET', k, v]
  }
}

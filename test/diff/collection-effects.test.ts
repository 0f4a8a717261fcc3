/**
 * The side effects of the hash and set commands, compared with redis-server command by
 * command: keyspace notifications (event, key and class, in order), WATCH signals (every event
 * but 'new' and 'keymiss' come with a modified-key signal for its key, and no signal comes without one),
 * keyspace hits and misses, and the dirty counter. The handlers run in process on a bare
 * Keyspace, so events are observed without pub/sub; redis-server reports its events through
 * PSUBSCRIBE. Only commands whose effects do not depend on chance are used.
 */

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { CommandClient } from '../../src/commands/context.js'
import { expireCommands } from '../../src/commands/generic-expire.js'
import { hashCommands } from '../../src/commands/hash.js'
import { setCommands } from '../../src/commands/set.js'
import type { CommandSpec } from '../../src/commands/spec.js'
import { stringSetCommands } from '../../src/commands/string-set.js'
import { ReplyWriter } from '../../src/protocol/reply-writer.js'
import { Keyspace } from '../../src/store/keyspace.js'
import { RawClient } from '../helpers/raw-client.js'
import { type RealRedis, redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { decodeReply } from '../helpers/resp-decode.js'
import { escapeBytes } from '../helpers/resp-reader.js'

const skip = redisServerSkip()

/** Keyspace event classes (notify-keyspace-events letters) of the events these commands emit. */
const CLASS_OF: Record<string, string> = {
  hset: 'h',
  hdel: 'h',
  hincrby: 'h',
  hincrbyfloat: 'h',
  sadd: 's',
  srem: 's',
  spop: 's',
  sinterstore: 's',
  sunionstore: 's',
  sdiffstore: 's',
  set: '$',
  del: 'g',
  expire: 'g',
  new: 'n',
  keymiss: 'm',
  expired: 'x',
}

const SPECS = new Map<string, CommandSpec>()
for (const family of [hashCommands, setCommands, stringSetCommands, expireCommands]) {
  for (const spec of family) SPECS.set(spec.name, spec)
}

/** Encoding thresholds at Redis 7.0's defaults. */
const CONFIG: Record<string, number> = {
  'hash-max-listpack-entries': 512,
  'hash-max-listpack-value': 64,
  'set-max-intset-entries': 512,
  'proto-max-bulk-len': 512 * 1024 * 1024,
}

interface Effects {
  reply: Buffer
  events: string[]
  modified: string[]
}

/** Runs handlers on a bare keyspace, recording their side effects. */
class Harness {
  readonly keyspace = new Keyspace(1)
  private events: string[] = []
  private modified: string[] = []
  private readonly w = new ReplyWriter()
  private readonly client: CommandClient

  constructor() {
    this.keyspace.onNotify = (type, event, key) => {
      assert.equal(type, CLASS_OF[event], `class of event '${event}'`)
      this.events.push(`${event} ${key}`)
    }
    this.keyspace.onModified = (_db, key) => this.modified.push(key)
    const config = {
      getNumber: (name: string) => CONFIG[name] ?? 0,
      getString: (name: string) => (name in CONFIG ? String(CONFIG[name]) : ''),
      getBool: () => false,
    }
    // Only the members these handlers use.
    this.client = {
      w: this.w,
      db: this.keyspace.dbs[0]!,
      srv: { keyspace: this.keyspace, config },
    } as unknown as CommandClient
  }

  run(argv: string[]): Effects {
    this.events = []
    this.modified = []
    const spec = SPECS.get(argv[0]!.toLowerCase())
    assert.ok(spec?.handler, `no handler for ${argv[0]}`)
    const a = spec.arity
    assert.ok(a > 0 ? argv.length === a : argv.length >= -a, `arity of ${argv.join(' ')}`)
    spec.handler(this.client, argv)
    return { reply: Buffer.from(this.w.take(), 'latin1'), events: this.events, modified: this.modified }
  }
}

interface Oracle {
  redis: RealRedis
  main: RawClient
  sub: RawClient
}

async function startOracle(): Promise<Oracle> {
  const redis = await startRealRedis(['--enable-debug-command', 'yes'])
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
  // Events are published while the command runs, so they all precede the answer to this PING.
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

async function infoFields(o: Oracle, names: string[]): Promise<number[]> {
  const text = (await o.main.call('INFO', 'all')).toString('latin1')
  return names.map((n) => Number(new RegExp(`\\r\\n${n}:(\\d+)`).exec(text)?.[1] ?? Number.NaN))
}

/** Runs 'script' on both sides: replies, events, signals, and hit/miss/dirty deltas must agree. */
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

describe('side effects of hash and set commands', { skip }, () => {
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
    await o.main.call('FLUSHALL')
    await oracleRun(o, ['PING'])
    h = new Harness()
  }

  it('hash writes emit hset, hdel, hincrby(float) and del exactly where Redis does', async () => {
    await fresh()
    await compare(o, h, [
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HSET', 'h', 'a', '1'],
      ['HMSET', 'h', 'c', '3', 'c', '4'],
      ['HSETNX', 'h', 'a', 'x'],
      ['HSETNX', 'h', 'd', 'x'],
      ['HSETNX', 'n', 'a', 'x'],
      ['HDEL', 'h', 'zz'],
      ['HDEL', 'h', 'a', 'a', 'zz'],
      ['HDEL', 'missing', 'a'],
      ['HINCRBY', 'h', 'i', '5'],
      ['HINCRBY', 'h', 'c', 'x'],
      ['HINCRBY', 'h', 'd', '1'],
      ['HINCRBY', 'h', 'i', '9223372036854775807'],
      ['HINCRBY', 'new1', 'i', '1'],
      ['HINCRBYFLOAT', 'h', 'f', '1.5'],
      ['HINCRBYFLOAT', 'h', 'd', '1'],
      ['HINCRBYFLOAT', 'new2', 'f', 'inf'],
      ['HINCRBYFLOAT', 'new2', 'f', 'x'],
      ['HINCRBYFLOAT', 'new3', 'f', '2'],
      ['HDEL', 'n', 'a'],
      ['HDEL', 'h', 'b', 'c', 'd', 'i', 'f', 'never'],
      ['HGET', 'h', 'a'],
      ['HGET', 'new1', 'i'],
      ['HMGET', 'new1', 'i', 'x'],
      ['HMGET', 'missing', 'i'],
      ['HGETALL', 'new1'],
      ['HKEYS', 'missing'],
      ['HVALS', 'new3'],
      ['HEXISTS', 'new1', 'i'],
      ['HLEN', 'missing'],
      ['HSTRLEN', 'new1', 'i'],
      ['HRANDFIELD', 'missing'],
      ['HRANDFIELD', 'new1', '5', 'WITHVALUES'],
      ['HRANDFIELD', 'missing', '5'],
      ['HSCAN', 'new1', '0'],
      ['HSCAN', 'missing', '0'],
      ['SET', 's', 'v'],
      ['HSET', 's', 'a', '1'],
      ['HGET', 's', 'a'],
      ['HINCRBY', 's', 'a', '1'],
    ])
  })

  it('set writes emit sadd, srem, spop, the STORE events and del exactly where Redis does', async () => {
    await fresh()
    await compare(o, h, [
      ['SADD', 's', '1', '2', '3'],
      ['SADD', 's', '1'],
      ['SADD', 's', 'x', 'x'],
      ['SREM', 's', 'zz'],
      ['SREM', 's', 'x', '9'],
      ['SREM', 'missing', 'a'],
      ['SMOVE', 's', 't', '1'],
      ['SMOVE', 's', 't', '1'],
      ['SADD', 't', '2'],
      ['SMOVE', 's', 't', '2'],
      ['SMOVE', 't', 't', '2'],
      ['SMOVE', 'missing', 't', '2'],
      ['SMOVE', 's', 'u', '3'],
      ['SCARD', 's'],
      ['SADD', 'a', '1', '2', '3'],
      ['SADD', 'b', '2', '3', '4'],
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['SINTERSTORE', 'd', 'a', 'missing'],
      ['SINTERSTORE', 'd', 'a', 'missing'],
      ['SUNIONSTORE', 'd', 'a', 'b'],
      ['SUNIONSTORE', 'd', 'missing'],
      ['SDIFFSTORE', 'd', 'a', 'b'],
      ['SDIFFSTORE', 'd', 'a', 'a'],
      ['SADD', 'e', '1'],
      ['SINTERSTORE', 'e', 'a', 'b'],
      ['SINTER', 'a', 'b', 'missing'],
      ['SINTERCARD', '2', 'a', 'b'],
      ['SUNION', 'a', 'missing'],
      ['SDIFF', 'missing', 'a'],
      ['SMEMBERS', 'a'],
      ['SISMEMBER', 'missing', '1'],
      ['SMISMEMBER', 'a', '1'],
      ['SCARD', 'a'],
      ['SSCAN', 'a', '0'],
      ['SRANDMEMBER', 'a', '10'],
      ['SRANDMEMBER', 'missing'],
      ['SPOP', 'missing'],
      ['SPOP', 'missing', '3'],
      ['SPOP', 'a', '0'],
      ['SPOP', 'a', '10'],
      ['SADD', 'one', 'x'],
      ['SPOP', 'one'],
      ['SADD', 'one', 'x'],
      ['SPOP', 'one', '1'],
      ['SET', 'str', 'v'],
      ['SADD', 'str', '1'],
      ['SMOVE', 'b', 'str', '2'],
      ['SINTERSTORE', 'str', 'b'],
      ['SUNIONSTORE', 'x', 'str'],
    ])
  })

  it('an expired hash or set reads as missing and is deleted with an expired event', async () => {
    await fresh()
    await compare(o, h, [
      ['HSET', 'h', 'a', '1'],
      ['PEXPIREAT', 'h', '1'],
      ['HGET', 'h', 'a'],
      ['HSET', 'h2', 'a', '1'],
      ['PEXPIREAT', 'h2', '1'],
      ['HSET', 'h2', 'b', '2'],
      ['SADD', 's', '1'],
      ['PEXPIREAT', 's', '1'],
      ['SCARD', 's'],
      ['SADD', 's2', '1'],
      ['PEXPIREAT', 's2', '1'],
      ['SADD', 'src', '1'],
      ['SMOVE', 'src', 's2', '1'],
      ['SADD', 'a', '1', '2'],
      ['SADD', 'dst', '7'],
      ['PEXPIREAT', 'dst', '4102444800000'],
      ['SUNIONSTORE', 'dst', 'a'],
      ['PEXPIRETIME', 'dst'],
    ])
  })
})

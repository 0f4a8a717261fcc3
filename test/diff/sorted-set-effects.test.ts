/**
 * The side effects of the sorted-set commands, compared with redis-server command by command:
 * keyspace notifications (event, key, database and class: zadd, zincr, zrem, zremrangeby*,
 * zpopmin/zpopmax, z*store, zrangestore, plus 'new', 'del' and 'keymiss'), WATCH signals (every
 * event but 'new' and 'keymiss' comes with a modified-key signal for its key, and no signal
 * comes without one),
 * keyspace hits and misses, and the dirty counter. The handlers run in process on a bare
 * Keyspace; redis-server reports its events through PSUBSCRIBE.
 */

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { CommandClient } from '../../src/commands/context.js'
import { setCommands } from '../../src/commands/set.js'
import { sortedSetCommands } from '../../src/commands/sorted-set.js'
import type { CommandSpec } from '../../src/commands/spec.js'
import { stringSetCommands } from '../../src/commands/string-set.js'
import { ReplyWriter } from '../../src/protocol/reply-writer.js'
import { Keyspace } from '../../src/store/keyspace.js'
import { RawClient } from '../helpers/raw-client.js'
import { type RealRedis, redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { decodeReply } from '../helpers/resp-decode.js'
import { escapeBytes } from '../helpers/resp-reader.js'

const skip = redisServerSkip()

/** Class letter of each event; every z-prefixed event is of class 'z'. */
function classOf(event: string): string {
  if (event === 'new') return 'n'
  if (event === 'keymiss') return 'm'
  if (event === 'del') return 'g'
  if (event === 'set') return '$'
  if (event === 'sadd') return 's'
  return event.startsWith('z') ? 'z' : '?'
}

const SPECS = new Map<string, CommandSpec>()
for (const spec of [...sortedSetCommands, ...stringSetCommands, ...setCommands]) SPECS.set(spec.name, spec)

interface Effects {
  reply: Buffer
  events: string[]
  modified: string[]
}

/** Runs the handlers on a bare keyspace, recording their side effects. */
class Harness {
  readonly keyspace = new Keyspace(16)
  private events: string[] = []
  private modified: string[] = []
  private readonly w = new ReplyWriter()
  private readonly client: CommandClient

  constructor() {
    this.keyspace.onNotify = (type, event, key, db) => {
      assert.equal(type, classOf(event), `class of event '${event}'`)
      this.events.push(`${db.id} ${event} ${key}`)
    }
    this.keyspace.onModified = (db, key) => this.modified.push(`${db.id} ${key}`)
    const config = {
      getNumber: (name: string) => (name === 'proto-max-bulk-len' ? 512 * 1024 * 1024 : 0),
      getString: () => '',
      getBool: () => false,
    }
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
    assert.ok(spec?.handler, `no handler for ${argv.join(' ')}`)
    spec.handler(this.client, argv)
    return { reply: Buffer.from(this.w.take(), 'latin1'), events: this.events, modified: this.modified }
  }
}

interface Oracle {
  redis: RealRedis
  main: RawClient
  sub: RawClient
}

async function oracleRun(o: Oracle, argv: string[]): Promise<{ reply: Buffer; events: string[] }> {
  const reply = await o.main.call(...argv.map((a) => Buffer.from(a, 'latin1')))
  o.sub.send(['PING'])
  const events: string[] = []
  for (;;) {
    const msg = decodeReply(await o.sub.read(), { encoding: 'latin1' })
    assert.ok(Array.isArray(msg), 'subscriber got a non-array')
    if (msg[0] === 'pong') break
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

async function compare(o: Oracle, h: Harness, script: string[][]): Promise<void> {
  const fields = ['keyspace_hits', 'keyspace_misses', 'rdb_changes_since_last_save']
  const before = await infoFields(o, fields)
  const ks = h.keyspace
  const mine0 = [ks.stats.keyspaceHits, ks.stats.keyspaceMisses, ks.dirty]
  for (const argv of script) {
    const what = argv.join(' ')
    const theirs = await oracleRun(o, argv)
    const ours = h.run(argv)
    // Random replies: only the reply type is compared.
    const random = /^(ZRANDMEMBER)$/i.test(argv[0]!)
    if (random) assert.equal(ours.reply[0], theirs.reply[0], `reply type of ${what}`)
    else assert.equal(escapeBytes(ours.reply, 500), escapeBytes(theirs.reply, 500), `reply of ${what}`)
    assert.deepEqual(ours.events, theirs.events, `events of ${what}`)
    const signalled = new Set(
      ours.events
        .filter((e) => !['new', 'keymiss'].includes(e.split(' ')[1] as string))
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

describe('side effects of sorted-set commands', { skip }, () => {
  let o: Oracle
  let h: Harness
  before(async () => {
    const redis = await startRealRedis()
    const main = await RawClient.connect(redis.port)
    const sub = await RawClient.connect(redis.port)
    await main.call('CONFIG', 'SET', 'notify-keyspace-events', 'EAnm')
    await sub.call('PSUBSCRIBE', '__keyevent@*__:*')
    o = { redis, main, sub }
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

  it('ZADD, ZINCRBY and ZREM emit zadd/zincr/zrem (after new, before del) only when they change something', async () => {
    await fresh()
    await compare(o, h, [
      ['ZADD', 'z', '1', 'a', '2', 'b'],
      ['ZADD', 'z', '1', 'a'],
      ['ZADD', 'z', 'NX', '5', 'a'],
      ['ZADD', 'z', 'XX', '5', 'a', '1', 'c'],
      ['ZADD', 'z', 'GT', '1', 'a'],
      ['ZADD', 'z', 'INCR', '1', 'a'],
      ['ZADD', 'z', 'INCR', 'GT', '-1', 'a'],
      ['ZADD', 'z', 'INCR', '0', 'a'],
      ['ZADD', 'missing', 'XX', '1', 'a'],
      ['ZINCRBY', 'z', '2', 'b'],
      ['ZINCRBY', 'new', '2', 'b'],
      ['ZADD', 'z', 'INCR', 'inf', 'q'],
      ['ZADD', 'z', 'INCR', '-inf', 'q'],
      ['ZADD', 'z', 'x', 'a'],
      ['ZREM', 'z', 'nope'],
      ['ZREM', 'z', 'a', 'nope'],
      ['ZREM', 'z', 'b', 'q', 'c'],
      ['ZREM', 'missing', 'a'],
      ['SET', 'str', 'v'],
      ['ZADD', 'str', '1', 'a'],
      ['ZCARD', 'z'],
      ['ZCARD', 'new'],
      ['ZSCORE', 'new', 'b'],
      ['ZSCORE', 'missing', 'b'],
      ['ZMSCORE', 'new', 'b', 'c'],
      ['ZMSCORE', 'missing', 'b'],
      ['ZRANK', 'new', 'b'],
      ['ZREVRANK', 'missing', 'b'],
      ['ZCOUNT', 'new', '-inf', '+inf'],
      ['ZLEXCOUNT', 'missing', '-', '+'],
      ['ZSCAN', 'new', '0'],
      ['ZSCAN', 'missing', '0'],
      ['ZRANDMEMBER', 'new'],
      ['ZRANDMEMBER', 'missing', '3'],
    ])
  })

  it('range commands: zremrangeby*, zrangestore, and reads counted as hits and misses', async () => {
    await fresh()
    await compare(o, h, [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
      ['ZRANGE', 'z', '0', '-1'],
      ['ZRANGE', 'missing', '0', '-1'],
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf'],
      ['ZREVRANGEBYLEX', 'missing', '+', '-'],
      ['ZRANGESTORE', 'dst', 'z', '0', '1'],
      ['ZRANGESTORE', 'dst', 'z', '2', '3'],
      ['ZRANGESTORE', 'dst', 'z', '10', '20'],
      ['ZRANGESTORE', 'dst', 'missing', '0', '-1'],
      ['ZREMRANGEBYRANK', 'z', '0', '0'],
      ['ZREMRANGEBYRANK', 'z', '10', '20'],
      ['ZREMRANGEBYSCORE', 'z', '(2', '3'],
      ['ZREMRANGEBYSCORE', 'z', '100', '200'],
      ['ZREMRANGEBYLEX', 'z', '[e', '[e'],
      ['ZREMRANGEBYRANK', 'z', '0', '-1'],
      ['ZREMRANGEBYRANK', 'missing', '0', '-1'],
      ['ZADD', 'l', '0', 'a', '0', 'b'],
      ['ZREMRANGEBYLEX', 'l', '-', '+'],
      ['ZADD', 's', '0', 'a'],
      ['ZREMRANGEBYSCORE', 's', '-inf', '+inf'],
    ])
  })

  it('pops emit zpopmin/zpopmax once per call and del when they empty the key', async () => {
    await fresh()
    await compare(o, h, [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
      ['ZPOPMIN', 'z'],
      ['ZPOPMAX', 'z', '2'],
      ['ZPOPMIN', 'z', '0'],
      ['ZPOPMIN', 'missing'],
      ['ZPOPMAX', 'z', '5'],
      ['ZADD', 'z', '1', 'a', '2', 'b'],
      ['ZMPOP', '2', 'missing', 'z', 'MAX', 'COUNT', '1'],
      ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '10'],
      ['ZMPOP', '1', 'z', 'MIN'],
    ])
  })

  it('set operations emit z*store, or del for an empty result that removes the destination', async () => {
    await fresh()
    await compare(o, h, [
      ['ZADD', 'a', '1', 'x', '2', 'y'],
      ['ZADD', 'b', '3', 'y', '4', 'z'],
      ['SADD', 'set', 'x', 'w'],
      ['ZUNION', '3', 'a', 'b', 'missing'],
      ['ZINTER', '2', 'a', 'set'],
      ['ZDIFF', '2', 'a', 'b'],
      ['ZINTERCARD', '2', 'a', 'missing'],
      ['ZUNIONSTORE', 'u', '2', 'a', 'b'],
      ['ZUNIONSTORE', 'u', '2', 'a', 'b'],
      ['ZINTERSTORE', 'i', '2', 'a', 'b'],
      ['ZINTERSTORE', 'i', '2', 'a', 'missing'],
      ['ZINTERSTORE', 'i', '2', 'a', 'missing'],
      ['ZDIFFSTORE', 'd', '2', 'a', 'set'],
      ['ZDIFFSTORE', 'd', '2', 'a', 'a'],
      ['ZUNIONSTORE', 'a', '1', 'b'],
    ])
  })
})

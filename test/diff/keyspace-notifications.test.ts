/**
 * Keyspace notifications against redis-server: for every class flag (K E g $ l s h z x e t m
 * d n A) and several combinations, the same notify-keyspace-events is set on both servers,
 * the same commands of every family redoubt has (strings, generic, hashes, sets, sorted
 * sets; lists, streams and SORT when present) run on one connection, and the exact sequence
 * of messages a PSUBSCRIBE '__key*__:*' connection receives is compared byte for byte after
 * each command. See https://redis.io/docs/manual/keyspace-notifications/
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type DiffPair, diffSuite } from '../helpers/diff.js'
import type { RawClient } from '../helpers/raw-client.js'
import { MultiClients } from './multi-client.js'

const { withPair } = diffSuite()

/** A step: argv, or a pause (ms) letting keys with a short TTL expire. */
type Step = readonly string[] | number

const STRING_STEPS: Step[] = [
  ['SET', 's1', 'v'],
  ['SET', 's1', 'v2'],
  ['SETNX', 's1', 'x'],
  ['SETNX', 's2', 'x'],
  ['SETEX', 's3', '100', 'v'],
  ['PSETEX', 's4', '100000', 'v'],
  ['SET', 's5', 'v', 'EX', '100'],
  ['SET', 's5', 'w', 'KEEPTTL'],
  ['SET', 's6', 'v', 'GET'],
  ['SET', 's6', 'v', 'NX'],
  ['SET', 'nosuch-xx', 'v', 'XX'],
  ['GETSET', 's1', 'n'],
  ['MSET', 'm1', 'a', 'm2', 'b'],
  ['MSETNX', 'm3', 'c', 'm4', 'd'],
  ['MSETNX', 'm3', 'c', 'm5', 'e'],
  ['APPEND', 's1', 'xyz'],
  ['APPEND', 'new1', 'a'],
  ['SETRANGE', 's1', '2', 'QQ'],
  ['SETRANGE', 'new2', '1', 'a'],
  ['SETRANGE', 'new3', '0', ''],
  ['INCR', 'c1'],
  ['INCRBY', 'c1', '5'],
  ['DECR', 'c1'],
  ['DECRBY', 'c1', '2'],
  ['INCRBYFLOAT', 'f1', '1.5'],
  ['GETDEL', 's2'],
  ['GETDEL', 'nosuch'],
  ['GETEX', 's1', 'EX', '100'],
  ['GETEX', 's1', 'PERSIST'],
  ['GETEX', 's1'],
  ['GET', 'nosuch'],
  ['MGET', 'nosuch', 's1', 'nosuch2'],
  ['STRLEN', 'nosuch'],
  ['GETRANGE', 'nosuch', '0', '1'],
  ['SETBIT', 'b1', '7', '1'],
  ['GETBIT', 'nosuch', '0'],
  ['BITFIELD', 'b2', 'SET', 'u8', '0', '255'],
  ['BITFIELD', 'b2', 'GET', 'u8', '0'],
  ['BITOP', 'AND', 'b3', 'b1', 'b2'],
  ['BITOP', 'OR', 'b4', 'nosuch1', 'nosuch2'],
  ['BITCOUNT', 'nosuch'],
  ['INCR', 's1'],
  ['SET', '\x00bin\xff key', '\r\n'],
]

const GENERIC_STEPS: Step[] = [
  ['DEL', 's1', 'm1', 'nosuch'],
  ['UNLINK', 'm2'],
  ['EXISTS', 'm3', 'nosuch'],
  ['EXPIRE', 'm3', '100'],
  ['PEXPIRE', 'm3', '100000'],
  ['EXPIREAT', 'm3', '4000000000'],
  ['EXPIRE', 'm3', '200', 'NX'],
  ['PERSIST', 'm3'],
  ['PERSIST', 'm3'],
  ['EXPIRE', 'nosuch', '10'],
  ['EXPIRE', 'm3', '-1'],
  ['RENAME', 'm4', 'r1'],
  ['RENAMENX', 'r1', 's3'],
  ['RENAMENX', 'r1', 'r2'],
  ['RENAME', 'nosuch', 'x'],
  ['RENAME', 'r2', 'r2'],
  ['MOVE', 'r2', '2'],
  ['SELECT', '2'],
  ['SET', 'd2', 'v'],
  ['DEL', 'r2', 'd2'],
  ['SELECT', '0'],
  ['COPY', 's3', 'c3'],
  ['COPY', 's3', 'c3'],
  ['COPY', 's3', 'c3', 'REPLACE'],
  ['COPY', 's3', 'c4', 'DB', '3'],
  ['TYPE', 'nosuch'],
  ['TTL', 'nosuch'],
  ['OBJECT', 'ENCODING', 'nosuch'],
  ['TOUCH', 's3', 'nosuch'],
  ['DUMP', 'nosuch'],
]

const HASH_STEPS: Step[] = [
  ['HSET', 'h1', 'a', '1', 'b', '2'],
  ['HSET', 'h1', 'a', '3'],
  ['HSETNX', 'h1', 'c', '1'],
  ['HSETNX', 'h1', 'c', '2'],
  ['HMSET', 'h2', 'x', '1'],
  ['HINCRBY', 'h1', 'n', '1'],
  ['HINCRBYFLOAT', 'h1', 'f', '1.5'],
  ['HDEL', 'h1', 'a', 'nosuch'],
  ['HDEL', 'h1', 'nosuch'],
  ['HDEL', 'h2', 'x'],
  ['HGET', 'nosuch', 'f'],
  ['HGET', 'h1', 'nosuchfield'],
  ['HGETALL', 'nosuch'],
  ['HLEN', 'nosuch'],
  ['HEXISTS', 'nosuch', 'f'],
]

const SET_STEPS: Step[] = [
  ['SADD', 'st1', 'a', 'b', 'c'],
  ['SADD', 'st1', 'a'],
  ['SREM', 'st1', 'a', 'z'],
  ['SREM', 'st1', 'z'],
  ['SADD', 'sp', 'x'],
  ['SPOP', 'sp'],
  ['SADD', 'sp', 'y'],
  ['SPOP', 'sp', '5'],
  ['SPOP', 'nosuch'],
  ['SADD', 'st2', 'q'],
  ['SMOVE', 'st1', 'st2', 'b'],
  ['SMOVE', 'st1', 'st2', 'nosuch'],
  ['SINTERSTORE', 'st3', 'st1', 'st2'],
  ['SUNIONSTORE', 'st4', 'st1', 'st2'],
  ['SDIFFSTORE', 'st5', 'st2', 'st1'],
  ['SINTERSTORE', 'st3', 'nosuch', 'st1'],
  ['SMEMBERS', 'nosuch'],
  ['SISMEMBER', 'nosuch', 'a'],
  ['SCARD', 'nosuch'],
  ['SMOVE', 'st1', 'st6', 'c'],
]

const ZSET_STEPS: Step[] = [
  ['ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c'],
  ['ZADD', 'z1', '5', 'a'],
  ['ZADD', 'z1', '5', 'a'],
  ['ZADD', 'z1', 'INCR', '1', 'a'],
  ['ZADD', 'z1', 'NX', '9', 'a'],
  ['ZINCRBY', 'z1', '2', 'b'],
  ['ZREM', 'z1', 'c', 'nosuch'],
  ['ZREMRANGEBYSCORE', 'z1', '0', '1'],
  ['ZADD', 'z1', '1', 'x', '2', 'y', '3', 'z'],
  ['ZREMRANGEBYRANK', 'z1', '0', '0'],
  ['ZADD', 'zl', '0', 'a', '0', 'b', '0', 'c'],
  ['ZREMRANGEBYLEX', 'zl', '[a', '[a'],
  ['ZPOPMIN', 'z1'],
  ['ZPOPMAX', 'z1', '2'],
  ['ZUNIONSTORE', 'zu', '2', 'z1', 'zl'],
  ['ZINTERSTORE', 'zi', '2', 'z1', 'zl'],
  ['ZDIFFSTORE', 'zd', '1', 'zl'],
  ['ZRANGESTORE', 'zr', 'zl', '0', '-1'],
  ['ZRANGESTORE', 'zr', 'nosuch', '0', '-1'],
  ['ZSCORE', 'nosuch', 'a'],
  ['ZRANGE', 'nosuch', '0', '-1'],
  ['ZCARD', 'nosuch'],
  ['ZPOPMIN', 'zl', '10'],
  ['ZREM', 'z1', 'y', 'z', 'a', 'b'],
]

const LIST_STEPS: Step[] = [
  ['LPUSH', 'l1', 'a', 'b'],
  ['RPUSH', 'l1', 'c'],
  ['LPUSHX', 'nosuch', 'a'],
  ['RPUSHX', 'l1', 'd'],
  ['LPOP', 'l1'],
  ['RPOP', 'l1'],
  ['LSET', 'l1', '0', 'z'],
  ['LINSERT', 'l1', 'BEFORE', 'z', 'y'],
  ['LREM', 'l1', '1', 'y'],
  ['LTRIM', 'l1', '0', '0'],
  ['RPUSH', 'l1', 'e', 'f'],
  ['LMOVE', 'l1', 'l2', 'LEFT', 'RIGHT'],
  ['RPOPLPUSH', 'l2', 'l3'],
  ['LPOP', 'l3'],
  ['LRANGE', 'nosuch', '0', '-1'],
  ['LLEN', 'nosuch'],
  ['LMPOP', '1', 'l1', 'LEFT', 'COUNT', '5'],
  ['LTRIM', 'l1', '1', '0'],
]

const SORT_STEPS: Step[] = [
  ['SADD', 'so', '3', '1', '2'],
  ['SORT', 'so', 'STORE', 'sorted'],
  ['SORT', 'nosuch', 'STORE', 'sorted'],
]

const STREAM_STEPS: Step[] = [
  ['XADD', 'x1', '1-1', 'f', 'v'],
  ['XADD', 'x1', '2-1', 'f', 'v'],
  ['XDEL', 'x1', '1-1'],
  ['XTRIM', 'x1', 'MAXLEN', '0'],
  ['XGROUP', 'CREATE', 'x1', 'g', '0'],
  ['XGROUP', 'CREATECONSUMER', 'x1', 'g', 'c'],
  ['XGROUP', 'DELCONSUMER', 'x1', 'g', 'c'],
  ['XGROUP', 'DESTROY', 'x1', 'g'],
  ['XSETID', 'x1', '5-0'],
]

/** Keys with a short TTL that expire (the 'expired' event) and are then looked up. */
const EXPIRY_STEPS: Step[] = [
  // One key expires per pause: active expiry meets several in hash order, which differs.
  ['SET', 'e1', 'v', 'PX', '100'],
  300,
  ['GET', 'e1'],
  ['HSET', 'e2', 'f', 'v'],
  ['PEXPIRE', 'e2', '100'],
  300,
  ['HGET', 'e2', 'f'],
]

/** Flag sets compared: each class with K and E, then combinations. */
const FLAG_SETS: string[] = [
  ...[...'g$lshzxetmdn'].map((c) => `KE${c}`),
  'KA',
  'EA',
  'KEA',
  'KEAnm',
  'A',
  'KE',
  '',
  'Kg$',
  'Ehzs',
  'KElx',
  'Enm',
  'Kn',
]

/** True when redoubt knows command 'name' (COMMAND INFO answers a non-null entry). */
async function hasCommand(c: RawClient, name: string): Promise<boolean> {
  const r = (await c.call('COMMAND', 'INFO', name)).toString('latin1')
  return !['*1\r\n$-1\r\n', '*1\r\n*-1\r\n', '*1\r\n_\r\n'].includes(r)
}

/** The steps of every family redoubt implements. */
async function availableSteps(pair: DiffPair, withExpiry: boolean): Promise<Step[]> {
  const { redis, redoubt } = await pair.connect()
  try {
    const families: [string, Step[]][] = [
      ['set', STRING_STEPS],
      ['del', GENERIC_STEPS],
      ['hset', HASH_STEPS],
      ['sadd', SET_STEPS],
      ['zadd', ZSET_STEPS],
      ['lpush', LIST_STEPS],
      ['sort', SORT_STEPS],
      ['xadd', STREAM_STEPS],
    ]
    const out: Step[] = []
    for (const [probe, steps] of families) {
      if (!(await hasCommand(redoubt, probe))) continue
      // Within a family, leave out any single command redoubt does not have yet.
      for (const s of steps) if (typeof s === 'number' || (await hasCommand(redoubt, s[0]!))) out.push(s)
    }
    if (withExpiry) out.push(...EXPIRY_STEPS)
    return out
  } finally {
    await Promise.all([redis.close(), redoubt.close()])
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Sets 'flags' on both servers, subscribes client 0 with 'subscribe', runs 'steps' on client 1. */
async function runWith(
  pair: DiffPair,
  flags: string,
  steps: readonly Step[],
  resp: 2 | 3,
  subscribe: readonly string[],
): Promise<void> {
  await pair.reset()
  const m = await MultiClients.open(pair, [resp, 2], `notify-keyspace-events '${flags}' (RESP${resp})`)
  try {
    await m.step(1, ['CONFIG', 'SET', 'notify-keyspace-events', flags])
    await m.step(1, ['CONFIG', 'GET', 'notify-keyspace-events'])
    await m.step(0, subscribe)
    for (const s of steps) {
      if (typeof s === 'number') await sleep(s)
      else await m.step(1, s)
    }
    await m.step(1, ['CONFIG', 'SET', 'notify-keyspace-events', ''])
    await m.step(1, ['FLUSHALL'])
  } finally {
    await m.close()
  }
}

describe('keyspace notifications', () => {
  for (const flags of FLAG_SETS) {
    it(`notify-keyspace-events '${flags}' publishes what redis-server publishes`, (t) =>
      withPair(async (pair) => {
        const expiry = /[xA]/.test(flags) && /[KE]/.test(flags)
        const steps = await availableSteps(pair, expiry)
        assert.ok(steps.length > 100, 'the core families are there')
        await runWith(pair, flags, steps, 2, ['PSUBSCRIBE', '__key*__:*'])
      }, t))
  }

  it('a RESP3 subscriber receives the same events as push frames', (t) =>
    withPair(async (pair) => {
      const steps = await availableSteps(pair, false)
      await runWith(pair, 'KEAnm', steps, 3, ['PSUBSCRIBE', '__key*__:*'])
    }, t))

  it('a SUBSCRIBE to exact keyspace and keyevent channels receives plain messages', (t) =>
    withPair(async (pair) => {
      const steps: Step[] = [
        ['SET', 'watched', '1'],
        ['INCR', 'watched'],
        ['SET', 'other', '1'],
        ['DEL', 'watched', 'other'],
        ['SELECT', '1'],
        ['SET', 'watched', '1'],
      ]
      await runWith(pair, 'KEA', steps, 2, ['SUBSCRIBE', '__keyspace@0__:watched', '__keyevent@0__:del'])
      await runWith(pair, 'KEA', steps, 3, ['SUBSCRIBE', '__keyspace@1__:watched', '__keyevent@0__:set'])
    }, t))

  it('a blocked client served by a push emits the events Redis emits, in its order', (t) =>
    withPair(async (pair) => {
      const blockers = await pair.connect()
      try {
        if (!(await hasCommand(blockers.redoubt, 'blpop'))) {
          t.skip('redoubt has no blocking list commands yet')
          return
        }
        await pair.reset()
        const m = await MultiClients.open(pair, [2, 2], 'blocking')
        try {
          await m.step(1, ['CONFIG', 'SET', 'notify-keyspace-events', 'KEAn'])
          await m.step(0, ['PSUBSCRIBE', '__key*__:*'])
          const cases: [readonly string[], readonly string[]][] = [
            [
              ['BLPOP', 'bl', '0'],
              ['RPUSH', 'bl', 'a', 'b'],
            ],
            [
              ['BLMOVE', 'bm', 'dst', 'LEFT', 'RIGHT', '0'],
              ['LPUSH', 'bm', 'x'],
            ],
            [
              ['BRPOPLPUSH', 'bn', 'dst', '0'],
              ['RPUSH', 'bn', 'y', 'z'],
            ],
            [
              ['BZPOPMIN', 'bz', '0'],
              ['ZADD', 'bz', '1', 'a'],
            ],
            [
              ['BLMPOP', '0', '1', 'bo', 'RIGHT', 'COUNT', '2'],
              ['LPUSH', 'bo', '1', '2', '3'],
            ],
          ]
          for (const [block, push] of cases) {
            if (!(await hasCommand(blockers.redoubt, block[0]!))) continue
            blockers.redis.send(block)
            blockers.redoubt.send(block)
            await sleep(50)
            await m.step(1, push)
            const [theirs, ours] = await Promise.all([blockers.redis.read(), blockers.redoubt.read()])
            assert.equal(ours.toString('latin1'), theirs.toString('latin1'), `reply of ${block.join(' ')}`)
          }
          await m.step(1, ['CONFIG', 'SET', 'notify-keyspace-events', ''])
        } finally {
          await m.close()
        }
      } finally {
        await Promise.all([blockers.redis.close(), blockers.redoubt.close()])
      }
    }, t))

  it('notify-keyspace-events rejects unknown class characters as Redis does', (t) =>
    withPair(async (pair) => {
      await pair.reset()
      const m = await MultiClients.open(pair, [2], 'invalid flags')
      try {
        await m.step(0, ['CONFIG', 'SET', 'notify-keyspace-events', 'KEQ'])
        await m.step(0, ['CONFIG', 'SET', 'notify-keyspace-events', 'nmKA'])
        await m.step(0, ['CONFIG', 'GET', 'notify-keyspace-events'])
        await m.step(0, ['CONFIG', 'SET', 'notify-keyspace-events', ''])
      } finally {
        await m.close()
      }
    }, t))
})

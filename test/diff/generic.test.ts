/**
 * The generic (keyspace) family against redis-server, reply for reply: DEL UNLINK EXISTS TYPE
 * TOUCH DBSIZE KEYS SCAN RANDOMKEY RENAME RENAMENX MOVE COPY SWAPDB FLUSHDB FLUSHALL OBJECT,
 * the EXPIRE and TTL families and PERSIST, with their edge cases and error texts. Expiry times
 * are absolute (EXPIREAT/PEXPIREAT far in the future) wherever a reply would show them, so no
 * step depends on timing; relative TTLs are compared with a tolerance.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { diffSuite, type Step, unordered } from '../helpers/diff.js'
import { decodeReply } from '../helpers/resp-decode.js'
import { supports } from './string-helpers.js'

const { diffScript, withPair } = diffSuite()

/** 2100-01-01 in seconds and with milliseconds: an expiry no test outlives. */
const FAR_S = '4102444800'
const FAR_MS = '4102444800123'

/** Integer replies may differ by at most 'tol' (TTL after a relative EXPIRE). */
function near(tol: number): (redis: Buffer, redoubt: Buffer) => string | undefined {
  return (redis, redoubt) => {
    const a = decodeReply(redis)
    const b = decodeReply(redoubt)
    if (typeof a !== 'number' || typeof b !== 'number') {
      return redis.equals(redoubt) ? undefined : 'replies differ (not integers)'
    }
    return Math.abs(a - b) <= tol ? undefined : `integers differ by more than ${tol}`
  }
}

/** A step whose integer reply may differ by 'tol'. */
function approx(tol: number, ...argv: string[]): Step {
  return { cmd: argv, mode: near(tol) }
}

/** Every generic command with too few and (for fixed arities) too many arguments. */
const ARITY_ERRORS: Step[] = [
  ['DEL'],
  ['UNLINK'],
  ['EXISTS'],
  ['TOUCH'],
  ['TYPE'],
  ['TYPE', 'a', 'b'],
  ['DBSIZE', 'x'],
  ['KEYS'],
  ['KEYS', 'a', 'b'],
  ['SCAN'],
  ['RANDOMKEY', 'x'],
  ['RENAME', 'a'],
  ['RENAME', 'a', 'b', 'c'],
  ['RENAMENX', 'a'],
  ['RENAMENX', 'a', 'b', 'c'],
  ['MOVE', 'a'],
  ['MOVE', 'a', '1', '2'],
  ['COPY', 'a'],
  ['SWAPDB', '0'],
  ['SWAPDB', '0', '1', '2'],
  ['EXPIRE', 'a'],
  ['PEXPIRE', 'a'],
  ['EXPIREAT', 'a'],
  ['PEXPIREAT', 'a'],
  ['TTL'],
  ['TTL', 'a', 'b'],
  ['PTTL'],
  ['EXPIRETIME'],
  ['PEXPIRETIME', 'a', 'b'],
  ['PERSIST'],
  ['PERSIST', 'a', 'b'],
  ['OBJECT'],
  ['OBJECT', 'ENCODING'],
  ['OBJECT', 'encoding', 'a', 'b'],
  ['OBJECT', 'FREQ'],
  ['OBJECT', 'IDLETIME'],
  ['OBJECT', 'REFCOUNT', 'a', 'b'],
  ['OBJECT', 'HELP', 'x'],
  ['OBJECT', 'nosuch'],
  ['OBJECT', 'nosuch', 'a'],
]

describe('generic commands against redis-server', () => {
  it('wrong arity and unknown subcommands answer Redis’s errors', (t) => diffScript(t, ARITY_ERRORS))

  it('DEL, UNLINK, EXISTS, TOUCH, TYPE and DBSIZE count and name keys', (t) =>
    diffScript(t, [
      ['DBSIZE'],
      ['SET', 'a', '1'],
      ['SET', 'b', '2'],
      ['SET', 'c', '3'],
      ['DBSIZE'],
      ['EXISTS', 'a', 'a', 'missing', 'b'],
      ['TOUCH', 'a', 'a', 'missing'],
      ['TYPE', 'a'],
      ['TYPE', 'missing'],
      ['DEL', 'a', 'a', 'missing'],
      ['EXISTS', 'a'],
      ['UNLINK', 'b', 'c', 'b'],
      ['DEL', 'nothing'],
      ['DBSIZE'],
      ['SET', '', 'empty key'],
      ['EXISTS', ''],
      ['TYPE', ''],
      ['DEL', ''],
      ['SET', 'bin\x00key\xff', 'v'],
      ['EXISTS', 'bin\x00key\xff', 'bin'],
      ['DEL', 'bin\x00key\xff'],
    ]))

  it('KEYS matches glob patterns over binary keys (compared as sets)', (t) =>
    diffScript(t, [
      ['KEYS', '*'],
      ['SET', 'hello', '1'],
      ['SET', 'hallo', '1'],
      ['SET', 'hxllo', '1'],
      ['SET', 'hllo', '1'],
      ['SET', 'heeeello', '1'],
      ['SET', 'h*llo', '1'],
      ['SET', 'b\x00in', '1'],
      unordered('KEYS', '*'),
      unordered('KEYS', 'h?llo'),
      unordered('KEYS', 'h*llo'),
      unordered('KEYS', 'h[ae]llo'),
      unordered('KEYS', 'h[^e]llo'),
      unordered('KEYS', 'h[a-b]llo'),
      unordered('KEYS', 'h\\*llo'),
      unordered('KEYS', 'b\x00*'),
      unordered('KEYS', 'nomatch*'),
      unordered('KEYS', '[z-a]*'),
    ]))

  it('SCAN rejects bad cursors and options with Redis’s errors', (t) =>
    diffScript(t, [
      ['SET', 'a', '1'],
      ['SCAN', ' 5'],
      ['SCAN', '5x'],
      ['SCAN', '1.5'],
      ['SCAN', '0x1'],
      ['SCAN', '-'],
      ['SCAN', '+'],
      ['SCAN', '18446744073709551616'],
      ['SCAN', '-18446744073709551616'],
      ['SCAN', '99999999999999999999999'],
      ['SCAN', '\t0'],
      ['SCAN', '0', 'COUNT', '0'],
      ['SCAN', '0', 'COUNT', '-1'],
      ['SCAN', '0', 'COUNT', 'abc'],
      ['SCAN', '0', 'COUNT', '99999999999999999999'],
      ['SCAN', '0', 'COUNT'],
      ['SCAN', '0', 'MATCH'],
      ['SCAN', '0', 'TYPE'],
      ['SCAN', '0', 'FOO', 'bar'],
      ['SCAN', '0', 'MATCH', '*', 'COUNT'],
      ['SCAN', '5x', 'COUNT', '0'],
    ]))

  it('SCAN accepts every cursor strtoul accepts and completes small databases in one call', (t) => {
    const all = (...argv: string[]): Step => ({ cmd: argv, mode: 'deep-set' })
    return diffScript(t, [
      ['SCAN', '0'],
      ['SET', 'a', '1'],
      ['SET', 'b', 'x'],
      ['SET', 'c', '12345678901234567890123456789012345678901234567890'],
      all('SCAN', '0', 'COUNT', '1000'),
      all('SCAN', '', 'COUNT', '1000'),
      all('SCAN', '+0', 'COUNT', '1000'),
      all('SCAN', '-0', 'COUNT', '1000'),
      all('SCAN', '000', 'COUNT', '1000'),
      all('SCAN', '0\x00junk', 'COUNT', '1000'),
      all('SCAN', '0', 'COUNT', '9223372036854775807'),
      all('SCAN', '0', 'MATCH', '[ab]', 'COUNT', '1000'),
      all('SCAN', '0', 'MATCH', '*', 'COUNT', '1000'),
      all('SCAN', '0', 'TYPE', 'string', 'COUNT', '1000'),
      all('SCAN', '0', 'type', 'STRING', 'count', '1000', 'match', 'c'),
      all('SCAN', '0', 'TYPE', 'list', 'COUNT', '1000'),
      all('SCAN', '0', 'TYPE', 'nosuchtype', 'COUNT', '1000'),
      all('SCAN', '0', 'COUNT', '5', 'COUNT', '1000'),
    ])
  })

  it('RANDOMKEY answers nil on an empty database and the only key of a one-key one', (t) =>
    diffScript(t, [['RANDOMKEY'], ['SET', 'only', 'v'], ['RANDOMKEY'], ['DEL', 'only'], ['RANDOMKEY']]))

  it('RENAME and RENAMENX move the value and the TTL, and check their keys', (t) =>
    diffScript(t, [
      ['RENAME', 'missing', 'x'],
      ['RENAMENX', 'missing', 'x'],
      ['RENAME', 'missing', 'missing'],
      ['RENAMENX', 'missing', 'missing'],
      ['SET', 'a', '1'],
      ['RENAME', 'a', 'a'],
      ['RENAMENX', 'a', 'a'],
      ['PEXPIREAT', 'a', FAR_MS],
      ['RENAME', 'a', 'b'],
      ['EXISTS', 'a'],
      ['PEXPIRETIME', 'b'],
      ['GET', 'b'],
      ['SET', 'c', 'old'],
      ['PEXPIREAT', 'c', '4102444899999'],
      ['RENAME', 'b', 'c'],
      ['GET', 'c'],
      ['PEXPIRETIME', 'c'],
      ['SET', 'd', 'no ttl'],
      ['RENAME', 'd', 'c'],
      ['PEXPIRETIME', 'c'],
      ['SET', 'e', 'v'],
      ['RENAMENX', 'e', 'c'],
      ['GET', 'c'],
      ['RENAMENX', 'e', 'f'],
      ['GET', 'f'],
      ['EXISTS', 'e'],
      ['PEXPIREAT', 'f', '9223372036854775807'],
      ['RENAME', 'f', 'g'],
      ['PEXPIRETIME', 'g'],
    ]))

  it('MOVE checks the database index and keeps the TTL', (t) =>
    diffScript(t, [
      ['SET', 'k', 'v'],
      ['MOVE', 'k', 'abc'],
      ['MOVE', 'k', '1.5'],
      ['MOVE', 'k', '-1'],
      ['MOVE', 'k', '16'],
      ['MOVE', 'k', '2147483648'],
      ['MOVE', 'k', '-2147483649'],
      ['MOVE', 'k', '9223372036854775808'],
      ['MOVE', 'k', '0'],
      ['MOVE', 'missing', '1'],
      ['MOVE', 'missing', '0'],
      ['EXPIREAT', 'k', FAR_S],
      ['MOVE', 'k', '1'],
      ['EXISTS', 'k'],
      ['SELECT', '1'],
      ['GET', 'k'],
      ['EXPIRETIME', 'k'],
      ['SELECT', '0'],
      ['SET', 'k', 'again'],
      ['MOVE', 'k', '1'],
      ['GET', 'k'],
    ]))

  it('COPY copies value and TTL, honours DB and REPLACE, and checks its options', (t) =>
    diffScript(t, [
      ['COPY', 'missing', 'x'],
      ['SET', 'a', 'va'],
      ['COPY', 'a', 'a'],
      ['COPY', 'a', 'a', 'DB', '0'],
      ['COPY', 'a', 'b', 'DB'],
      ['COPY', 'a', 'b', 'DB', 'abc'],
      ['COPY', 'a', 'b', 'DB', '16'],
      ['COPY', 'a', 'b', 'DB', '-1'],
      ['COPY', 'a', 'b', 'DB', '2147483648'],
      ['COPY', 'a', 'b', 'DB', '99999999999999999999'],
      ['COPY', 'a', 'b', 'DB', '16', 'foo'],
      ['COPY', 'a', 'b', 'foo'],
      ['COPY', 'a', 'b', 'REPLACE', 'foo'],
      ['COPY', 'missing', 'b', 'foo'],
      ['PEXPIREAT', 'a', FAR_MS],
      ['COPY', 'a', 'b'],
      ['GET', 'b'],
      ['PEXPIRETIME', 'b'],
      ['SET', 'c', 'vc'],
      ['COPY', 'c', 'b'],
      ['COPY', 'c', 'b', 'replace', 'REPLACE'],
      ['GET', 'b'],
      ['PEXPIRETIME', 'b'],
      ['COPY', 'a', 'a', 'DB', '1'],
      ['COPY', 'c', 'a', 'DB', '1'],
      ['SELECT', '1'],
      ['GET', 'a'],
      ['PEXPIRETIME', 'a'],
      ['COPY', 'a', 'z', 'DB', '0'],
      ['SELECT', '0'],
      ['GET', 'z'],
      ['OBJECT', 'ENCODING', 'z'],
    ]))

  it('SWAPDB exchanges databases and checks both indexes', (t) =>
    diffScript(t, [
      ['SWAPDB', 'a', '1'],
      ['SWAPDB', '0', 'b'],
      ['SWAPDB', 'a', 'b'],
      ['SWAPDB', '0', '16'],
      ['SWAPDB', '-1', '0'],
      ['SWAPDB', '0', '2147483648'],
      ['SWAPDB', '0', '0'],
      ['SET', 'zero', '0'],
      ['EXPIREAT', 'zero', FAR_S],
      ['SWAPDB', '0', '1'],
      ['EXISTS', 'zero'],
      ['DBSIZE'],
      ['SELECT', '1'],
      ['EXPIRETIME', 'zero'],
      ['SWAPDB', '1', '0'],
      ['EXISTS', 'zero'],
    ]))

  it('FLUSHDB and FLUSHALL take SYNC or ASYNC and nothing else', (t) =>
    diffScript(t, [
      ['SET', 'a', '1'],
      ['FLUSHDB', 'foo'],
      ['FLUSHDB', 'SYNC', 'ASYNC'],
      ['FLUSHALL', 'a', 'b'],
      ['FLUSHALL', 'now'],
      ['DBSIZE'],
      ['FLUSHDB', 'sync'],
      ['DBSIZE'],
      ['SET', 'a', '1'],
      ['SELECT', '1'],
      ['SET', 'b', '1'],
      ['FLUSHDB', 'ASYNC'],
      ['DBSIZE'],
      ['SET', 'b', '1'],
      ['SELECT', '0'],
      ['FLUSHALL', 'Async'],
      ['DBSIZE'],
      ['SELECT', '1'],
      ['DBSIZE'],
      ['SET', 'c', '1'],
      ['FLUSHALL'],
      ['DBSIZE'],
    ]))

  it('OBJECT ENCODING and REFCOUNT classify strings as Redis does', (t) => {
    const values = [
      '0',
      '1',
      '9999',
      '10000',
      '-1',
      '-0',
      '01',
      '+1',
      ' 1',
      '1 ',
      '9223372036854775807',
      '9223372036854775808',
      '-9223372036854775808',
      '-9223372036854775809',
      '',
      'x'.repeat(44),
      'x'.repeat(45),
      '1'.repeat(21),
      '3.14',
    ]
    const steps: Step[] = [
      ['OBJECT', 'ENCODING', 'missing'],
      ['OBJECT', 'REFCOUNT', 'missing'],
    ]
    for (const v of values) {
      steps.push(['SET', 'k', v], ['OBJECT', 'ENCODING', 'k'], ['OBJECT', 'REFCOUNT', 'k'])
    }
    steps.push(['OBJECT', 'FREQ', 'k'], ['OBJECT', 'FREQ', 'missing'], ['OBJECT', 'IDLETIME', 'missing'])
    steps.push(['OBJECT', 'HELP'], ['object', 'help'], ['OBJECT', 'encoding', 'k'])
    return diffScript(t, steps)
  })

  it('EXPIRE options NX, XX, GT and LT follow Redis, including their bad combinations', (t) =>
    diffScript(t, [
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '100', 'NX', 'XX'],
      ['EXPIRE', 'k', '100', 'GT', 'LT'],
      ['EXPIRE', 'k', '100', 'NX', 'GT'],
      ['EXPIRE', 'k', '100', 'NX', 'LT'],
      ['EXPIRE', 'k', '100', 'XX', 'NX'],
      ['EXPIRE', 'k', '100', 'FOO'],
      ['EXPIRE', 'k', 'abc', 'FOO'],
      ['EXPIRE', 'k', '100', 'nx\x00junk'],
      ['EXPIRE', 'k', '100', 'bad\x00junk'],
      ['EXPIREAT', 'k', FAR_S, 'GT'],
      ['EXPIREAT', 'k', FAR_S, 'XX'],
      ['TTL', 'k'],
      ['EXPIREAT', 'k', FAR_S, 'LT'],
      ['EXPIRETIME', 'k'],
      ['EXPIREAT', 'k', FAR_S, 'NX', 'NX'],
      ['EXPIREAT', 'k', FAR_S, 'nx'],
      ['EXPIRETIME', 'k'],
      ['EXPIREAT', 'k', '4102444801', 'NX'],
      ['EXPIREAT', 'k', '4102444799', 'GT'],
      ['EXPIREAT', 'k', FAR_S, 'GT'],
      ['EXPIREAT', 'k', '4102444801', 'GT', 'XX'],
      ['EXPIRETIME', 'k'],
      ['EXPIREAT', 'k', '4102444801', 'LT'],
      ['EXPIREAT', 'k', '4102444700', 'LT'],
      ['EXPIRETIME', 'k'],
      ['PERSIST', 'k'],
      ['EXPIREAT', 'k', '4102444700', 'LT'],
      ['EXPIRETIME', 'k'],
      ['PERSIST', 'k'],
      ['PERSIST', 'k'],
      ['EXPIREAT', 'k', '4102444700', 'XX'],
      ['EXPIREAT', 'k', '4102444700', 'GT'],
      ['EXPIRE', 'missing', '100'],
      ['EXPIRE', 'missing', '100', 'FOO'],
      ['PERSIST', 'missing'],
    ]))

  it('EXPIRE family: overflow, negative and past times, and the TTL getters', (t) =>
    diffScript(t, [
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', 'abc'],
      ['EXPIRE', 'k', '1.5'],
      ['EXPIRE', 'k', ''],
      ['EXPIRE', 'k', '9223372036854775808'],
      ['EXPIRE', 'k', '9223372036854775807'],
      ['EXPIRE', 'k', '9223372036854775'],
      ['EXPIRE', 'k', '9223372036854776'],
      ['EXPIRE', 'k', '-9223372036854775'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '-9223372036854776'],
      ['EXPIRE', 'k', '-9223372036854775808'],
      ['PEXPIRE', 'k', '9223372036854775807'],
      ['PEXPIRE', 'k', '9223372036854775806'],
      ['EXPIREAT', 'k', '9223372036854776'],
      ['EXPIREAT', 'k', '-9223372036854776'],
      ['PEXPIREAT', 'k', '9223372036854775807'],
      ['PEXPIRETIME', 'k'],
      ['EXPIRETIME', 'k'],
      ['EXPIREAT', 'k', '9223372036854775'],
      ['PEXPIRETIME', 'k'],
      ['EXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', '9007199254740993'],
      ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', '-9223372036854775808'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '0'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'v'],
      ['PEXPIRE', 'k', '-1'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'v'],
      ['EXPIREAT', 'k', '1'],
      ['TTL', 'k'],
      ['SET', 'k', 'v'],
      ['PEXPIREAT', 'k', '0', 'NX'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'v'],
      ['EXPIREAT', 'k', FAR_S],
      ['EXPIREAT', 'k', '1', 'GT'],
      ['EXPIREAT', 'k', '1', 'LT'],
      ['EXISTS', 'k'],
      ['TTL', 'missing'],
      ['PTTL', 'missing'],
      ['EXPIRETIME', 'missing'],
      ['PEXPIRETIME', 'missing'],
      ['SET', 'p', 'v'],
      ['TTL', 'p'],
      ['PTTL', 'p'],
      ['EXPIRETIME', 'p'],
      ['PEXPIRETIME', 'p'],
      ['EXPIRE', 'p', '100'],
      approx(1, 'TTL', 'p'),
      approx(200, 'PTTL', 'p'),
      approx(1, 'EXPIRETIME', 'p'),
      approx(200, 'PEXPIRETIME', 'p'),
      ['PEXPIRE', 'p', '100000', 'XX'],
      approx(1, 'TTL', 'p'),
      ['SET', 'p', 'v', 'KEEPTTL'],
      approx(1, 'TTL', 'p'),
      ['SET', 'p', 'v'],
      ['TTL', 'p'],
      ['PEXPIREAT', 'p', FAR_MS],
      ['EXPIRETIME', 'p'],
      ['PEXPIRETIME', 'p'],
      ['PERSIST', 'p'],
      ['TTL', 'p'],
    ]))
})

describe('generic commands on values of every type redoubt has', () => {
  /** Per type: the command creating it, a write adding to it, and a read showing it all. */
  const TYPES = [
    {
      make: ['HSET', 'h', 'f', 'v'],
      add: ['HSET', 'h', 'g', 'w'],
      read: ['HGETALL'],
      mode: 'pairs' as const,
    },
    { make: ['SADD', 's', 'a', 'b'], add: ['SADD', 's', 'c'], read: ['SMEMBERS'], mode: 'set' as const },
    {
      make: ['ZADD', 'z', '1', 'a', '2', 'b'],
      add: ['ZADD', 'z', '3', 'c'],
      read: ['ZRANGE', '0', '-1'],
      mode: 'exact' as const,
    },
    {
      make: ['RPUSH', 'l', 'a', 'b'],
      add: ['RPUSH', 'l', 'c'],
      read: ['LRANGE', '0', '-1'],
      mode: 'exact' as const,
    },
  ]

  for (const ty of TYPES) {
    const key = ty.make[1]!
    it(`TYPE, OBJECT ENCODING, SCAN TYPE, RENAME, MOVE and a deep COPY work on ${ty.make[0]} values`, async (t) => {
      if (!(await supports(withPair, t, ty.make[0]!.toLowerCase()))) return
      const read = (k: string): Step => ({ cmd: [ty.read[0]!, k, ...ty.read.slice(1)], mode: ty.mode })
      await diffScript(t, [
        ty.make,
        ['TYPE', key],
        ['OBJECT', 'ENCODING', key],
        ['OBJECT', 'REFCOUNT', key],
        ['SET', 'str', 'v'],
        { cmd: ['SCAN', '0', 'TYPE', typeNameOf(ty.make[0]!), 'COUNT', '100'], mode: 'deep-set' },
        { cmd: ['SCAN', '0', 'TYPE', 'string', 'COUNT', '100'], mode: 'deep-set' },
        ['COPY', key, 'copy'],
        ty.add,
        read(key),
        read('copy'),
        ['OBJECT', 'ENCODING', 'copy'],
        ['PEXPIREAT', key, FAR_MS],
        ['RENAME', key, 'renamed'],
        ['TYPE', 'renamed'],
        ['PEXPIRETIME', 'renamed'],
        read('renamed'),
        ['MOVE', 'renamed', '1'],
        ['SELECT', '1'],
        read('renamed'),
        ['COPY', 'renamed', 'back', 'DB', '0'],
        ['SELECT', '0'],
        read('back'),
        ['PEXPIRETIME', 'back'],
        ['DEL', 'back', 'copy'],
        ['EXISTS', 'back', 'copy'],
      ])
    })
  }
})

/** TYPE's name for the values a creating command makes. */
function typeNameOf(cmd: string): string {
  return { HSET: 'hash', SADD: 'set', ZADD: 'zset', RPUSH: 'list' }[cmd] ?? 'none'
}

describe('SCAN iterations against redis-server', () => {
  /** Runs SCAN with 'opts' until cursor 0 on one connection; every key it returned. */
  async function iterate(call: (...a: string[]) => Promise<Buffer>, opts: string[]): Promise<Set<string>> {
    const seen = new Set<string>()
    let cursor = '0'
    for (let i = 0; i < 100000; i++) {
      const reply = decodeReply(await call('SCAN', cursor, ...opts), { encoding: 'latin1' })
      assert.ok(Array.isArray(reply) && reply.length === 2)
      cursor = String(reply[0])
      for (const k of reply[1] as string[]) seen.add(k)
      if (cursor === '0') return seen
    }
    throw new Error('SCAN did not finish')
  }

  it('a complete SCAN with MATCH, COUNT and TYPE returns the same keys as redis-server', (t) =>
    withPair(async (pair) => {
      await pair.reset()
      const { redis, redoubt } = await pair.connect()
      try {
        for (const c of [redis, redoubt]) {
          for (let i = 0; i < 600; i++) c.send(['SET', `key:${i}`, String(i)])
          for (let i = 0; i < 600; i++) await c.read()
        }
        for (const opts of [
          [],
          ['COUNT', '1'],
          ['COUNT', '7', 'MATCH', 'key:1*'],
          ['TYPE', 'string', 'COUNT', '50'],
          ['TYPE', 'hash'],
        ]) {
          const a = await iterate((...x) => redis.call(...x), opts)
          const b = await iterate((...x) => redoubt.call(...x), opts)
          assert.deepEqual([...b].sort(), [...a].sort(), `SCAN ${opts.join(' ')}`)
        }
      } finally {
        await Promise.all([redis.close(), redoubt.close()])
      }
    }, t))
})

describe('OBJECT under LRU and LFU maxmemory policies against redis-server', () => {
  const lfu = diffSuite({ config: { 'maxmemory-policy': 'allkeys-lfu' } })
  const lru = diffSuite({ config: { 'maxmemory-policy': 'volatile-lru' } })

  it('an LFU policy starts keys at FREQ 5, counts the first read surely, moves counters with keys, and refuses IDLETIME', (t) =>
    lfu.diffScript(t, [
      ['SET', 'k', 'v'],
      ['OBJECT', 'FREQ', 'k'],
      ['EXISTS', 'k'],
      ['TYPE', 'k'],
      ['OBJECT', 'FREQ', 'k'],
      ['GET', 'k'],
      ['OBJECT', 'FREQ', 'k'],
      ['OBJECT', 'FREQ', 'missing'],
      ['OBJECT', 'IDLETIME', 'k'],
      ['OBJECT', 'IDLETIME', 'missing'],
      ['SET', 'n', '5'],
      ['OBJECT', 'REFCOUNT', 'n'],
      // Each command below reads a fresh key once (5 -> 6 surely, later steps are random).
      // COPY makes a new value (a fresh counter); RENAME and MOVE carry the counter along.
      ['SET', 'a', 'v'],
      ['COPY', 'a', 'c'],
      ['OBJECT', 'FREQ', 'a'],
      ['OBJECT', 'FREQ', 'c'],
      ['SET', 'b', 'v'],
      ['RENAME', 'b', 'r'],
      ['OBJECT', 'FREQ', 'r'],
      ['SET', 'm', 'v'],
      ['MOVE', 'm', '1'],
      ['SELECT', '1'],
      ['OBJECT', 'FREQ', 'm'],
    ]))

  it('an LRU policy answers IDLETIME and refuses FREQ', (t) =>
    lru.diffScript(t, [
      ['SET', 'k', 'v'],
      approx(1, 'OBJECT', 'IDLETIME', 'k'),
      ['OBJECT', 'FREQ', 'k'],
      ['OBJECT', 'IDLETIME', 'missing'],
      ['SET', 'n', '5'],
      ['OBJECT', 'REFCOUNT', 'n'],
    ]))
})

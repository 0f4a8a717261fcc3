/**
 * Differential tests of the hash commands (HSET HMSET HSETNX HGET HMGET HGETALL HKEYS HVALS
 * HDEL HEXISTS HLEN HSTRLEN HINCRBY HINCRBYFLOAT HRANDFIELD HSCAN) against redis-server: replies
 * byte for byte (insertion order while a listpack; any order once a hash table), OBJECT
 * ENCODING at every threshold, error texts, RESP2 and RESP3, random samples by shape and
 * membership, full HSCAN iterations, and seeded random sequences checked against a model.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { diffSuite, type Step, unordered } from '../helpers/diff.js'
import { decodeReply } from '../helpers/resp-decode.js'
import { sampleOf, scanToEnd } from './collection-compare.js'

const { diffScript, withPair } = diffSuite()

const B = (s: string): Buffer => Buffer.from(s, 'latin1')
let ALL_BYTES = ''
for (let i = 0; i < 256; i++) ALL_BYTES += String.fromCharCode(i)

/** HSET key f0 v0 f1 v1 ... with 'n' fields named prefix+i. */
function hsetMany(key: string, n: number, prefix = 'f', from = 0): string[] {
  const argv = ['HSET', key]
  for (let i = from; i < from + n; i++) argv.push(`${prefix}${i}`, `v${i}`)
  return argv
}

describe('HSET, HGET and the other field commands', () => {
  it('HSET adds and replaces fields; a listpack keeps insertion order, replacing in place', (t) =>
    diffScript(t, [
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
      ['HGETALL', 'h'],
      ['HSET', 'h', 'a', '10', 'd', '4'],
      ['HGETALL', 'h'],
      ['HSET', 'h', 'x', '1', 'x', '2'],
      ['HGET', 'h', 'x'],
      ['HDEL', 'h', 'b'],
      ['HSET', 'h', 'b', 'again'],
      ['HKEYS', 'h'],
      ['HVALS', 'h'],
      ['HGET', 'h', 'a'],
      ['HGET', 'h', 'missing'],
      ['HGET', 'nokey', 'a'],
      ['HMGET', 'h', 'a', 'missing', 'd', 'a'],
      ['HMGET', 'nokey', 'a', 'b'],
      ['HLEN', 'h'],
      ['HLEN', 'nokey'],
      ['OBJECT', 'ENCODING', 'h'],
      ['hset', 'h', 'lower', 'case'],
      ['HSET', 'h', '', ''],
      ['HGET', 'h', ''],
      ['HSTRLEN', 'h', ''],
    ]))

  it('fields and values are binary safe', (t) =>
    diffScript(t, [
      [B('HSET'), B('bin\0key'), B(ALL_BYTES), B(ALL_BYTES), B('\0'), B('\r\n')],
      // 256-byte strings make it a hash table: its order is Redis's hash order.
      { cmd: [B('HGETALL'), B('bin\0key')], mode: 'pairs' },
      [B('HGET'), B('bin\0key'), B('\0')],
      [B('HSTRLEN'), B('bin\0key'), B(ALL_BYTES)],
      [B('HEXISTS'), B('bin\0key'), B('\0\0')],
      [B('HSET'), B('bin\0key'), B('\xff'), B('-1')],
      [B('HINCRBY'), B('bin\0key'), B('\xff'), B('1')],
      [B('OBJECT'), B('ENCODING'), B('bin\0key')],
    ]))

  it('HMSET replies OK; HSET and HMSET refuse an odd argument count under their own name', (t) =>
    diffScript(t, [
      ['HMSET', 'h', 'a', '1', 'b', '2'],
      ['HMSET', 'h', 'a', '1', 'b'],
      ['HSET', 'h', 'a', '1', 'b'],
      ['HSET', 'h', 'a'],
      ['HSET', 'h'],
      ['HMSET', 'h', 'a'],
      ['hmset', 'h', 'a', '1', 'b'],
      ['HGETALL', 'h'],
    ]))

  it('HSETNX sets a field only when it is missing, creating the hash when needed', (t) =>
    diffScript(t, [
      ['HSETNX', 'h', 'a', '1'],
      ['HSETNX', 'h', 'a', '2'],
      ['HSETNX', 'h', 'b', '3'],
      ['HGETALL', 'h'],
      ['HSETNX', 'h', 'a'],
      ['HSETNX', 'h', 'a', '1', '2'],
    ]))

  it('HDEL counts removed fields and deletes the key with its last field', (t) =>
    diffScript(t, [
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
      ['HDEL', 'h', 'a', 'a', 'zz'],
      ['HDEL', 'h', 'zz'],
      ['HDEL', 'nokey', 'a'],
      ['HDEL', 'h', 'b', 'c', 'b'],
      ['EXISTS', 'h'],
      ['HDEL', 'h'],
      ['HSET', 'h', 'a', '1'],
      ['HDEL', 'h', 'a', 'b', 'a'],
      ['EXISTS', 'h'],
    ]))

  it('HEXISTS, HLEN and HSTRLEN answer 0 for missing fields and keys', (t) =>
    diffScript(t, [
      ['HSET', 'h', 'n', '-12345', 's', 'hello', 'z', '0'],
      ['HEXISTS', 'h', 'n'],
      ['HEXISTS', 'h', 'x'],
      ['HEXISTS', 'nokey', 'n'],
      ['HSTRLEN', 'h', 'n'],
      ['HSTRLEN', 'h', 's'],
      ['HSTRLEN', 'h', 'z'],
      ['HSTRLEN', 'h', 'x'],
      ['HSTRLEN', 'nokey', 'x'],
      ['HLEN', 'h'],
      ['HGET', 'h'],
      ['HEXISTS', 'h'],
      ['HLEN'],
    ]))

  it('empty replies of missing keys, in RESP2', (t) =>
    diffScript(t, [
      ['HGETALL', 'nokey'],
      ['HKEYS', 'nokey'],
      ['HVALS', 'nokey'],
      ['HRANDFIELD', 'nokey'],
    ]))

  it('maps, nulls and nested pairs in RESP3', (t) =>
    diffScript(
      t,
      [
        ['HGETALL', 'nokey'],
        ['HKEYS', 'nokey'],
        ['HGET', 'nokey', 'f'],
        ['HMGET', 'nokey', 'f', 'g'],
        ['HRANDFIELD', 'nokey'],
        ['HRANDFIELD', 'nokey', '3', 'WITHVALUES'],
        ['HSET', 'h', 'a', '1', 'b', '2'],
        ['HGETALL', 'h'],
        ['HRANDFIELD', 'h', '5', 'WITHVALUES'],
        ['HRANDFIELD', 'h', '2', 'withvalues'],
        ['HSCAN', 'h', '0'],
        ['HINCRBYFLOAT', 'h', 'a', '0.5'],
      ],
      { resp3: true },
    ))

  it('every hash command answers WRONGTYPE on a string key and leaves it alone', (t) =>
    diffScript(t, [
      ['SET', 's', 'v'],
      ['HSET', 's', 'a', '1'],
      ['HMSET', 's', 'a', '1'],
      ['HSETNX', 's', 'a', '1'],
      ['HGET', 's', 'a'],
      ['HMGET', 's', 'a'],
      ['HGETALL', 's'],
      ['HKEYS', 's'],
      ['HVALS', 's'],
      ['HDEL', 's', 'a'],
      ['HEXISTS', 's', 'a'],
      ['HLEN', 's'],
      ['HSTRLEN', 's', 'a'],
      ['HINCRBY', 's', 'a', '1'],
      ['HINCRBYFLOAT', 's', 'a', '1'],
      ['HRANDFIELD', 's'],
      ['HRANDFIELD', 's', '0'],
      ['HRANDFIELD', 's', '-3', 'WITHVALUES'],
      ['HSCAN', 's', '0'],
      ['HSCAN', 's', '0', 'COUNT', '0'],
      ['GET', 's'],
      ['HSET', 'h', 'a', '1'],
      ['GET', 'h'],
      ['TYPE', 'h'],
    ]))
})

describe('HINCRBY and HINCRBYFLOAT', () => {
  it('HINCRBY adds 64-bit integers and refuses overflow and non-integers', (t) =>
    diffScript(t, [
      ['HINCRBY', 'h', 'n', '5'],
      ['HINCRBY', 'h', 'n', '-15'],
      ['HINCRBY', 'h', 'n', '0'],
      ['HSET', 'h', 'max', '9223372036854775807', 'min', '-9223372036854775808'],
      ['HINCRBY', 'h', 'max', '1'],
      ['HINCRBY', 'h', 'max', '-1'],
      ['HINCRBY', 'h', 'max', '1'],
      ['HINCRBY', 'h', 'min', '-1'],
      ['HINCRBY', 'h', 'min', '9223372036854775807'],
      ['HINCRBY', 'h', 'new', '-9223372036854775808'],
      ['HINCRBY', 'h', 'new', '-1'],
      ['HINCRBY', 'h', 'n', '9223372036854775808'],
      ['HINCRBY', 'h', 'n', 'x'],
      ['HINCRBY', 'h', 'n', ''],
      ['HINCRBY', 'h', 'n', '+1'],
      ['HINCRBY', 'h', 'n', '01'],
      ['HINCRBY', 'h', 'n', '1.0'],
      ['HSET', 'h', 's', 'abc', 'sp', ' 1', 'z', '007', 'f', '1.5', 'neg0', '-0'],
      ['HINCRBY', 'h', 's', '1'],
      ['HINCRBY', 'h', 'sp', '1'],
      ['HINCRBY', 'h', 'z', '1'],
      ['HINCRBY', 'h', 'f', '1'],
      ['HINCRBY', 'h', 'neg0', '1'],
      ['HINCRBY', 'nokey', 'a', 'x'],
      ['EXISTS', 'nokey'],
      ['HGETALL', 'h'],
    ]))

  it('HINCRBYFLOAT sums in long double and prints as Redis does', (t) =>
    diffScript(t, [
      ['HINCRBYFLOAT', 'h', 'f', '10.5'],
      ['HINCRBYFLOAT', 'h', 'f', '0.1'],
      ['HINCRBYFLOAT', 'h', 'f', '-5.0e3'],
      ['HINCRBYFLOAT', 'h', 'g', '1e400'],
      ['HINCRBYFLOAT', 'h', 'i', '3'],
      ['HINCRBYFLOAT', 'h', 'i', '-3'],
      ['HINCRBYFLOAT', 'h', 'hex', '0x1p4'],
      ['HSET', 'h', 'int', '-9223372036854775808', 'big', '1e4000'],
      ['HINCRBYFLOAT', 'h', 'int', '0'],
      ['HINCRBYFLOAT', 'h', 'big', '1'],
      { cmd: ['HGETALL', 'h'], mode: 'pairs' },
      ['OBJECT', 'ENCODING', 'h'],
    ]))

  it('HINCRBYFLOAT errors: bad or infinite increments before the key is touched, bad values after', (t) =>
    diffScript(t, [
      ['HINCRBYFLOAT', 'nokey', 'f', 'inf'],
      ['HINCRBYFLOAT', 'nokey', 'f', '-infinity'],
      ['EXISTS', 'nokey'],
      ['HINCRBYFLOAT', 'nokey', 'f', 'nan'],
      ['HINCRBYFLOAT', 'nokey', 'f', 'x'],
      ['HINCRBYFLOAT', 'nokey', 'f', ' 1'],
      ['HINCRBYFLOAT', 'nokey', 'f', ''],
      ['HINCRBYFLOAT', 'nokey', 'f', '1e5000'],
      ['EXISTS', 'nokey'],
      ['HSET', 'h', 's', 'abc', 'sp', '1 ', 'inf', 'inf', 'huge', '1e4932'],
      ['HINCRBYFLOAT', 'h', 's', '1'],
      ['HINCRBYFLOAT', 'h', 'sp', '1'],
      ['HINCRBYFLOAT', 'h', 'inf', '1'],
      ['HINCRBYFLOAT', 'h', 'huge', '1e4932'],
      ['HINCRBYFLOAT', 'h', 'huge', '-1e4932'],
      ['SET', 'str', 'x'],
      ['HINCRBYFLOAT', 'str', 'f', 'x'],
      ['HINCRBYFLOAT', 'str', 'f', '1'],
      ['HINCRBY', 'str', 'f', 'x'],
      ['HGETALL', 'h'],
    ]))
})

describe('encodings', () => {
  it('CONFIG SET of the thresholds (and their ziplist aliases) applies to later writes', (t) =>
    diffScript(t, [
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'],
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'h', 'c', '3'],
      ['OBJECT', 'ENCODING', 'h'],
      ['CONFIG', 'SET', 'hash-max-ziplist-entries', '0'],
      ['HSET', 'z', 'a', '1'],
      ['OBJECT', 'ENCODING', 'z'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '1kb'],
      ['HSET', 'g', 'a', 'x'.repeat(1024)],
      ['OBJECT', 'ENCODING', 'g'],
      ['HSET', 'g', 'b', 'x'.repeat(1025)],
      ['OBJECT', 'ENCODING', 'g'],
      ['CONFIG', 'SET', 'hash-max-ziplist-value', '0'],
      ['HSET', 'e', '', ''],
      ['OBJECT', 'ENCODING', 'e'],
      ['HSET', 'e', 'a', ''],
      ['OBJECT', 'ENCODING', 'e'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
    ]))

  it('a hash is a listpack up to 512 fields and a hash table from the 513th, for good', (t) =>
    diffScript(t, [
      hsetMany('h', 512),
      ['OBJECT', 'ENCODING', 'h'],
      ['HGETALL', 'h'],
      ['HSET', 'h', 'f0', 'replaced'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'h', 'extra', 'x'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HDEL', 'h', 'extra', 'f1', 'f2'],
      ['OBJECT', 'ENCODING', 'h'],
      { cmd: ['HGETALL', 'h'], mode: 'pairs' },
      unordered('HKEYS', 'h'),
      unordered('HVALS', 'h'),
      ['HLEN', 'h'],
      hsetMany('g', 513),
      ['OBJECT', 'ENCODING', 'g'],
    ]))

  it('fields and values longer than 64 bytes make a hash table, whichever command writes them', (t) => {
    const v64 = 'v'.repeat(64)
    const v65 = 'v'.repeat(65)
    return diffScript(t, [
      ['HSET', 'a', 'f', v64, 'f'.repeat(64), 'x'],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'b', 'f', v65],
      ['OBJECT', 'ENCODING', 'b'],
      ['HSET', 'c', 'g'.repeat(65), '1'],
      ['OBJECT', 'ENCODING', 'c'],
      ['HSETNX', 'd', 'f', v65],
      ['OBJECT', 'ENCODING', 'd'],
      ['HSET', 'e', 'f', '1'],
      ['HSETNX', 'e', 'f', v65],
      ['OBJECT', 'ENCODING', 'e'],
      ['HMSET', 'e', 'f', v65],
      ['OBJECT', 'ENCODING', 'e'],
      ['HINCRBY', 'i', 'k'.repeat(65), '1'],
      ['OBJECT', 'ENCODING', 'i'],
      ['HINCRBY', 'j', 'k'.repeat(64), '1'],
      ['OBJECT', 'ENCODING', 'j'],
      ['HINCRBYFLOAT', 'k', 'f', '1e70'],
      ['OBJECT', 'ENCODING', 'k'],
      ['HINCRBYFLOAT', 'l', 'f', '1e40'],
      ['OBJECT', 'ENCODING', 'l'],
      ['HSET', 'm', 'a', '1', 'b', '2', 'c', v65],
      ['OBJECT', 'ENCODING', 'm'],
      ['HDEL', 'm', 'c'],
      ['OBJECT', 'ENCODING', 'm'],
      { cmd: ['HGETALL', 'm'], mode: 'pairs' },
    ])
  })

  it('COPY keeps the encoding of a hash', (t) =>
    diffScript(t, [
      ['HSET', 'a', 'x', '1', 'y', '2'],
      ['COPY', 'a', 'b'],
      ['OBJECT', 'ENCODING', 'b'],
      ['HGETALL', 'b'],
      ['HSET', 'c', 'x', 'v'.repeat(100)],
      ['COPY', 'c', 'd'],
      ['OBJECT', 'ENCODING', 'd'],
      ['HSET', 'd', 'y', '1'],
      { cmd: ['HGETALL', 'd'], mode: 'pairs' },
    ]))
})

describe('HRANDFIELD', () => {
  it('parses the count and WITHVALUES as Redis 7.0.15, before looking at the key', (t) =>
    diffScript(t, [
      ['SET', 's', 'v'],
      ['HRANDFIELD', 'nokey', 'x'],
      ['HRANDFIELD', 'nokey', 'x', 'foo'],
      ['HRANDFIELD', 'nokey', '1', 'foo'],
      ['HRANDFIELD', 's', '1', 'foo'],
      ['HRANDFIELD', 'nokey', '1', 'WITHVALUES', 'x'],
      ['HRANDFIELD', 'nokey', '-9223372036854775808'],
      ['HRANDFIELD', 'nokey', '-9223372036854775808', 'foo'],
      ['HRANDFIELD', 'nokey', '9223372036854775808'],
      ['HRANDFIELD', 'nokey', '-9223372036854775807'],
      ['HRANDFIELD', 'nokey', '9223372036854775807'],
      ['HRANDFIELD', 'nokey', '-4611686018427387904', 'WITHVALUES'],
      ['HRANDFIELD', 'nokey', '4611686018427387904', 'WITHVALUES'],
      ['HRANDFIELD', 'nokey', '4611686018427387903', 'WITHVALUES'],
      ['HRANDFIELD', 'nokey', '-4611686018427387903', 'WITHVALUES'],
      ['HRANDFIELD', 's', '-4611686018427387904', 'WITHVALUES'],
      ['HRANDFIELD', 's', '0'],
      ['HRANDFIELD', 'nokey', '0', 'withvalues'],
      ['HRANDFIELD', 'nokey', '5'],
      ['HRANDFIELD', 'nokey'],
      [B('HRANDFIELD'), B('nokey'), B('1'), B('WITHVALUES\0junk')],
    ]))

  it('a count covering the hash returns all of it, in listpack order', (t) =>
    diffScript(t, [
      ['HSET', 'h', 'c', '3', 'a', '1', 'b', '2'],
      ['HRANDFIELD', 'h', '3'],
      ['HRANDFIELD', 'h', '100', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '9223372036854775807'],
      ['HRANDFIELD', 'h', '0'],
      ['HSET', 'one', 'only', 'v'],
      ['HRANDFIELD', 'one'],
      ['HRANDFIELD', 'one', '1', 'WITHVALUES'],
      ['HRANDFIELD', 'one', '-3', 'WITHVALUES'],
      ['HRANDFIELD', 'one', '-2'],
    ]))

  it('samples are distinct for a positive count and may repeat for a negative one', async (t) => {
    const small = new Map<string, string>()
    for (let i = 0; i < 20; i++) small.set(`f${i}`, `v${i}`)
    const big = new Map<string, string>()
    for (let i = 0; i < 600; i++) big.set(`f${i}`, `v${i}`)
    const steps: Step[] = [hsetMany('h', 20), hsetMany('big', 600), ['OBJECT', 'ENCODING', 'big']]
    const sample = (
      key: string,
      pool: Map<string, string>,
      args: string[],
      unique: boolean,
      layout?: 'flat-pairs' | 'nested-pairs',
    ): Step => ({
      cmd: ['HRANDFIELD', key, ...args],
      mode: sampleOf(pool, unique, layout),
    })
    for (const [key, pool] of [
      ['h', small],
      ['big', big],
    ] as const) {
      steps.push(
        sample(key, pool, [], true),
        sample(key, pool, ['1'], true),
        sample(key, pool, ['5'], true),
        sample(key, pool, ['15'], true),
        sample(key, pool, ['7', 'WITHVALUES'], true, 'flat-pairs'),
        sample(key, pool, ['19', 'WITHVALUES'], true, 'flat-pairs'),
        sample(key, pool, ['-1'], false),
        sample(key, pool, ['-50'], false),
        sample(key, pool, ['-50', 'WITHVALUES'], false, 'flat-pairs'),
      )
    }
    steps.push(
      { cmd: ['HRANDFIELD', 'big', '600'], mode: 'set' },
      { cmd: ['HRANDFIELD', 'big', '1000', 'WITHVALUES'], mode: 'pairs' },
    )
    await diffScript(t, steps)
    await diffScript(
      t,
      [
        hsetMany('h', 20),
        sample('h', small, ['7', 'WITHVALUES'], true, 'nested-pairs'),
        sample('h', small, ['-30', 'WITHVALUES'], false, 'nested-pairs'),
        sample('h', small, ['-1', 'WITHVALUES'], false, 'nested-pairs'),
      ],
      { resp3: true },
    )
  })

  it('repeated single draws reach every field of a small hash', async (t) => {
    await withPair(async (pair) => {
      await pair.reset()
      const { redis, redoubt } = await pair.connect()
      try {
        await redoubt.call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3')
        const seen = new Set<string>()
        for (let i = 0; i < 200 && seen.size < 3; i++)
          seen.add((await redoubt.call('HRANDFIELD', 'h')).toString('latin1'))
        assert.equal(seen.size, 3, 'HRANDFIELD never returned some field in 200 draws')
      } finally {
        await Promise.all([redis.close(), redoubt.close()])
      }
    }, t)
  })
})

describe('redoubt limits', () => {
  it('a negative count whose reply would pass 128 MiB is refused (redis-server would run out of memory)', (t) =>
    withPair(async (pair) => {
      await pair.reset()
      const { redis, redoubt } = await pair.connect()
      try {
        // Never sent to redis-server: 7.0.15 builds such a reply until the OOM killer stops it.
        await redoubt.call('HSET', 'h', 'field', 'value')
        const tooMany = (await redoubt.call('HRANDFIELD', 'h', '-20000000', 'WITHVALUES')).toString('latin1')
        assert.match(tooMany, /^-ERR count is too large: the reply would exceed 134217728 bytes/)
        const huge = (await redoubt.call('HRANDFIELD', 'h', '-4611686018427387903', 'WITHVALUES')).toString()
        assert.match(huge, /^-ERR count is too large/)
        const fits = decodeReply(await redoubt.call('HRANDFIELD', 'h', '-1000000')) as string[]
        assert.equal(fits.length, 1_000_000)
        assert.ok(fits.every((f) => f === 'field'))
        assert.equal(decodeReply(await redoubt.call('PING')), 'PONG')
      } finally {
        await Promise.all([redis.close(), redoubt.close()])
      }
    }, t))
})

describe('HSCAN', () => {
  it('cursor and option errors as Redis 7.0, options checked only for an existing hash', (t) =>
    diffScript(t, [
      ['HSET', 'h', 'a', '1', 'b', '2', 'ab', '3'],
      ['HSCAN', 'h', 'x'],
      ['HSCAN', 'h', ' 0'],
      ['HSCAN', 'h', '0x'],
      ['HSCAN', 'h', '18446744073709551616'],
      ['HSCAN', 'h', '18446744073709551615'],
      ['HSCAN', 'h', '-1'],
      ['HSCAN', 'h', '+0'],
      ['HSCAN', 'h', ''],
      ['HSCAN', 'h', '12'],
      ['HSCAN', 'h', '0', 'COUNT', '0'],
      ['HSCAN', 'h', '0', 'COUNT', '-1'],
      ['HSCAN', 'h', '0', 'COUNT', 'x'],
      ['HSCAN', 'h', '0', 'COUNT'],
      ['HSCAN', 'h', '0', 'TYPE', 'string'],
      ['HSCAN', 'h', '0', 'NOVALUES'],
      ['HSCAN', 'h', '0', 'MATCH', 'a*'],
      ['HSCAN', 'h', '0', 'match', 'a*', 'count', '1', 'MATCH', 'b*'],
      ['HSCAN', 'h', '0', 'MATCH', 'nothing'],
      ['HSCAN', 'h', '0', 'COUNT', '1'],
      ['HSCAN', 'nokey', '0', 'COUNT', '0'],
      ['HSCAN', 'nokey', 'x'],
      ['HSCAN', 'nokey', '0'],
      ['HSCAN', 'h'],
    ]))

  it('a full HSCAN of a hash table returns every field exactly as HGETALL has it', async (t) => {
    await withPair(async (pair) => {
      await pair.reset()
      const { redis, redoubt } = await pair.connect()
      try {
        for (const c of [redis, redoubt]) {
          for (let i = 0; i < 1000; i += 100) await c.call(...hsetMany('h', 100, 'f', i))
          await c.call('HSET', 'tiny', 'x', 'v'.repeat(100))
        }
        for (const args of [
          ['HSCAN', 'h', '0'],
          ['HSCAN', 'h', '0', 'COUNT', '7'],
          ['HSCAN', 'h', '0', 'COUNT', '1000'],
          ['HSCAN', 'h', '0', 'MATCH', 'f1*', 'COUNT', '50'],
          ['HSCAN', 'tiny', '0'],
        ]) {
          const [theirs, ours] = [await scanToEnd(redis, args, true), await scanToEnd(redoubt, args, true)]
          assert.deepEqual([...new Set(ours.items)].sort(), [...new Set(theirs.items)].sort(), args.join(' '))
          // f1, f10-f19 and f100-f199 match 'f1*'.
          const match = args.includes('MATCH') ? 111 : 1000
          if (args[1] === 'h') assert.equal(new Set(ours.items).size, match, `${args.join(' ')}: field count`)
          if (args.includes('7'))
            assert.ok(ours.calls > 50, `COUNT 7 over 1000 fields took only ${ours.calls} calls`)
        }
      } finally {
        await Promise.all([redis.close(), redoubt.close()])
      }
    }, t)
  })

  it('HSCAN keeps returning fields present throughout while the hash grows and shrinks', async (t) => {
    await withPair(async (pair) => {
      await pair.reset()
      const { redis, redoubt } = await pair.connect()
      try {
        await redoubt.call(...hsetMany('h', 2000, 'keep'))
        const seen = new Set<string>()
        let cursor = '0'
        let round = 0
        do {
          const reply = decodeReply(await redoubt.call('HSCAN', 'h', cursor, 'COUNT', '20')) as [
            string,
            string[],
          ]
          cursor = reply[0]
          for (let i = 0; i < reply[1].length; i += 2) seen.add(reply[1][i] as string)
          // Churn: add then remove temporary fields so the table resizes under the cursor.
          if (round % 3 === 0) await redoubt.call(...hsetMany('h', 3000, `tmp${round}-`))
          else await redoubt.call('DEL', 'unused')
          if (round % 3 === 1) {
            const argv = ['HDEL', 'h']
            for (let i = 0; i < 3000; i++) argv.push(`tmp${round - 1}-${i}`)
            await redoubt.call(...argv)
          }
          round++
        } while (cursor !== '0' && round < 10_000)
        for (let i = 0; i < 2000; i++) assert.ok(seen.has(`keep${i}`), `keep${i} was never returned`)
      } finally {
        await Promise.all([redis.close(), redoubt.close()])
      }
    }, t)
  })
})

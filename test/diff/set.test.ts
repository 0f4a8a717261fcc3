/**
 * Differential tests of the set commands (SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SMOVE
 * SPOP SRANDMEMBER SSCAN SINTER SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE)
 * against redis-server: replies byte for byte where Redis's order is fixed (intsets ascending,
 * results walked from an intset), in any order for hash tables, OBJECT ENCODING at every
 * threshold, error texts, RESP2 and RESP3, random draws by shape and membership, full SSCAN
 * iterations, and seeded random sequences checked against a model.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { diffSuite, type Step, unordered } from '../helpers/diff.js'
import type { RawClient } from '../helpers/raw-client.js'
import { decodeReply } from '../helpers/resp-decode.js'
import { sampleOf, scanToEnd } from './collection-compare.js'
import { strictInt } from './hash-model.js'

const { diffScript, withPair } = diffSuite()

const B = (s: string): Buffer => Buffer.from(s, 'latin1')

/** SADD key prefix+from ... prefix+(from+n-1). */
function saddMany(key: string, n: number, prefix = '', from = 0): string[] {
  const argv = ['SADD', key]
  for (let i = from; i < from + n; i++) argv.push(`${prefix}${i}`)
  return argv
}

/** Runs 'fn' with one connection to each server, after a FLUSHALL. */
async function onBoth(
  t: Parameters<typeof withPair>[1],
  fn: (redis: RawClient, redoubt: RawClient) => Promise<void>,
): Promise<void> {
  await withPair(async (pair) => {
    await pair.reset()
    const { redis, redoubt } = await pair.connect()
    try {
      await fn(redis, redoubt)
    } finally {
      await Promise.all([redis.close(), redoubt.close()])
    }
  }, t)
}

describe('SADD, SREM and membership', () => {
  it('an intset replies in ascending numeric order, whatever the insertion order', (t) =>
    diffScript(t, [
      ['SADD', 's', '5', '-3', '100', '2', '5', '0', '-9223372036854775808', '9223372036854775807'],
      ['SMEMBERS', 's'],
      ['OBJECT', 'ENCODING', 's'],
      ['SCARD', 's'],
      ['SISMEMBER', 's', '5'],
      ['SISMEMBER', 's', '05'],
      ['SISMEMBER', 's', 'x'],
      ['SISMEMBER', 'nokey', '5'],
      ['SMISMEMBER', 's', '5', '6', '-3', '+5', '-0'],
      ['SMISMEMBER', 'nokey', 'a', 'b'],
      ['SREM', 's', '5', '5', 'x', '+2', '2'],
      ['SMEMBERS', 's'],
      ['SREM', 'nokey', 'a'],
      ['SCARD', 'nokey'],
      ['SMEMBERS', 'nokey'],
    ]))

  it('members that are not canonical int64 make a hash table', (t) =>
    diffScript(t, [
      ['SADD', 'a', '007'],
      ['OBJECT', 'ENCODING', 'a'],
      ['SADD', 'b', '-0'],
      ['OBJECT', 'ENCODING', 'b'],
      ['SADD', 'c', '+1'],
      ['OBJECT', 'ENCODING', 'c'],
      ['SADD', 'd', '9223372036854775808'],
      ['OBJECT', 'ENCODING', 'd'],
      ['SADD', 'e', '-9223372036854775809'],
      ['OBJECT', 'ENCODING', 'e'],
      ['SADD', 'f', ' 1'],
      ['OBJECT', 'ENCODING', 'f'],
      ['SADD', 'g', ''],
      ['OBJECT', 'ENCODING', 'g'],
      ['SADD', 'h', '1.0'],
      ['OBJECT', 'ENCODING', 'h'],
      ['SADD', 'i', '1', '2', '3'],
      ['OBJECT', 'ENCODING', 'i'],
      ['SADD', 'i', 'x'],
      ['OBJECT', 'ENCODING', 'i'],
      ['SREM', 'i', 'x'],
      ['OBJECT', 'ENCODING', 'i'],
      unordered('SMEMBERS', 'i'),
      ['SADD', 'j', 'x', '1'],
      ['OBJECT', 'ENCODING', 'j'],
      ['SADD', 'k', '1', 'x'],
      ['OBJECT', 'ENCODING', 'k'],
    ]))

  it('an intset holds up to 512 members, then becomes a hash table for good', (t) =>
    diffScript(t, [
      saddMany('s', 512),
      ['OBJECT', 'ENCODING', 's'],
      ['SMEMBERS', 's'],
      ['SADD', 's', '0', '511'],
      ['OBJECT', 'ENCODING', 's'],
      ['SADD', 's', '512'],
      ['OBJECT', 'ENCODING', 's'],
      ['SREM', 's', '512', '511', '510'],
      ['OBJECT', 'ENCODING', 's'],
      unordered('SMEMBERS', 's'),
      ['SCARD', 's'],
      saddMany('t', 513, '', -256),
      ['OBJECT', 'ENCODING', 't'],
    ]))

  it('members are binary safe; SREM of the last member deletes the key', (t) =>
    diffScript(t, [
      [B('SADD'), B('b\0k'), B('\0'), B('\xff\xfe'), B('\r\n'), B('')],
      { cmd: [B('SMEMBERS'), B('b\0k')], mode: 'set' },
      [B('SISMEMBER'), B('b\0k'), B('\xff\xfe')],
      [B('SREM'), B('b\0k'), B('\0'), B('\xff\xfe'), B('\r\n'), B(''), B('more')],
      [B('EXISTS'), B('b\0k')],
      ['SADD', 's', 'a'],
      ['SREM', 's', 'a', 'a'],
      ['EXISTS', 's'],
    ]))

  it('arity errors', (t) =>
    diffScript(t, [
      ['SADD', 's'],
      ['SREM', 's'],
      ['SMEMBERS'],
      ['SISMEMBER', 's'],
      ['SMISMEMBER', 's'],
      ['SCARD'],
      ['SMOVE', 'a', 'b'],
      ['SPOP'],
      ['SRANDMEMBER'],
      ['SINTER'],
      ['SINTERCARD', '1'],
      ['SINTERSTORE', 'd'],
      ['SUNION'],
      ['SDIFFSTORE', 'd'],
      ['SSCAN', 's'],
    ]))

  it('RESP3 sets, arrays and nulls', (t) =>
    diffScript(
      t,
      [
        ['SMEMBERS', 'nokey'],
        ['SPOP', 'nokey'],
        ['SPOP', 'nokey', '2'],
        ['SRANDMEMBER', 'nokey'],
        ['SRANDMEMBER', 'nokey', '2'],
        ['SINTER', 'nokey'],
        ['SUNION', 'nokey'],
        ['SADD', 's', '3', '1', '2'],
        ['SMEMBERS', 's'],
        ['SINTER', 's', 's'],
        ['SUNION', 's', 'nokey'],
        ['SDIFF', 's', 'nokey'],
        ['SMISMEMBER', 's', '1', '4'],
        ['SRANDMEMBER', 's', '3'],
        ['SSCAN', 's', '0'],
        ['SPOP', 's', '0'],
        ['SPOP', 's', '3'],
      ],
      { resp3: true },
    ))

  it('every set command answers WRONGTYPE on a string key', (t) =>
    diffScript(t, [
      ['SET', 'x', 'v'],
      ['SADD', 's', '1'],
      ['SADD', 'x', '1'],
      ['SREM', 'x', '1'],
      ['SMEMBERS', 'x'],
      ['SISMEMBER', 'x', '1'],
      ['SMISMEMBER', 'x', '1'],
      ['SCARD', 'x'],
      ['SPOP', 'x'],
      ['SPOP', 'x', '0'],
      ['SPOP', 'x', '2'],
      ['SRANDMEMBER', 'x'],
      ['SRANDMEMBER', 'x', '0'],
      ['SRANDMEMBER', 'x', '-2'],
      ['SSCAN', 'x', '0'],
      ['SSCAN', 'x', '0', 'COUNT', '0'],
      ['SINTER', 'x'],
      ['SINTER', 'nokey', 'x'],
      ['SINTER', 's', 'x'],
      ['SINTERCARD', '2', 'nokey', 'x'],
      ['SINTERSTORE', 'd', 'nokey', 'x'],
      ['SUNION', 's', 'x'],
      ['SUNIONSTORE', 'd', 'x'],
      ['SDIFF', 'x', 'nokey'],
      ['SDIFF', 'nokey', 'x'],
      ['SDIFFSTORE', 'd', 's', 'x'],
      ['SINTERSTORE', 'x', 's'],
      ['TYPE', 'x'],
      ['GET', 's'],
    ]))
})

describe('SMOVE', () => {
  it('moves a member, creating the destination with the encoding the member needs', (t) =>
    diffScript(t, [
      ['SADD', 'src', '1', '2', 'x'],
      ['SMOVE', 'src', 'dst', '1'],
      ['OBJECT', 'ENCODING', 'dst'],
      ['SMOVE', 'src', 'dst2', 'x'],
      ['OBJECT', 'ENCODING', 'dst2'],
      ['SMOVE', 'src', 'dst', 'nope'],
      ['SMOVE', 'src', 'dst', '2'],
      ['EXISTS', 'src'],
      ['SMEMBERS', 'dst'],
      ['SADD', 'src', '2'],
      ['SMOVE', 'src', 'dst', '2'],
      ['SMEMBERS', 'dst'],
      ['EXISTS', 'src'],
      ['SMOVE', 'dst', 'dst', '1'],
      ['SMOVE', 'dst', 'dst', '9'],
      ['SMOVE', 'nokey', 'dst', '1'],
      ['SET', 'str', 'v'],
      ['SMOVE', 'nokey', 'str', '1'],
      ['SMOVE', 'dst', 'str', '1'],
      ['SMOVE', 'dst', 'str', 'absent'],
      ['SMOVE', 'str', 'dst', '1'],
      ['SMEMBERS', 'dst'],
    ]))
})

describe('SINTER, SUNION, SDIFF and their STORE and CARD forms', () => {
  it('SINTER walks the smallest set: ascending when it is an intset', (t) =>
    diffScript(t, [
      ['SADD', 'a', '5', '3', '1', '9', '7'],
      ['SADD', 'b', '1', '3', '5', 'x', 'y', 'z'],
      ['SADD', 'c', '9', '5', '1'],
      ['SINTER', 'a'],
      ['SINTER', 'a', 'b'],
      ['SINTER', 'b', 'a'],
      ['SINTER', 'a', 'c'],
      ['SINTER', 'c', 'a', 'b'],
      ['SINTER', 'a', 'a'],
      ['SINTER', 'a', 'nokey'],
      ['SINTER', 'nokey', 'a'],
      ['SINTERCARD', '2', 'a', 'b'],
      ['SINTERCARD', '1', 'a'],
      ['SINTERCARD', '2', 'a', 'nokey'],
      ['SINTERCARD', '1', 'a', 'LIMIT', '2'],
      ['SINTERCARD', '1', 'a', 'limit', '0'],
      ['SINTERCARD', '1', 'a', 'LIMIT', '100'],
      ['SINTERCARD', '1', 'a', 'LIMIT', '1', 'LIMIT', '3'],
      ['SINTERCARD', '2', 'b', 'b', 'LIMIT', '9223372036854775807'],
    ]))

  it('SINTERCARD parses numkeys and LIMIT as Redis 7.0', (t) =>
    diffScript(t, [
      ['SADD', 's', '1'],
      ['SINTERCARD', '0', 's'],
      ['SINTERCARD', 'x', 's'],
      ['SINTERCARD', '-1', 's'],
      ['SINTERCARD', '9223372036854775808', 's'],
      ['SINTERCARD', '2', 's'],
      ['SINTERCARD', '1', 's', 'LIMIT'],
      ['SINTERCARD', '1', 's', 'LIMIT', '-1'],
      ['SINTERCARD', '1', 's', 'LIMIT', 'x'],
      ['SINTERCARD', '1', 's', 'foo', '1'],
      ['SINTERCARD', '1', 's', 's'],
      [B('SINTERCARD'), B('1'), B('s'), B('LIMIT\0x'), B('1')],
    ]))

  it('SUNION and SDIFF reply with the set they build: ascending while it is an intset', (t) =>
    diffScript(t, [
      ['SADD', 'a', '5', '3', '1'],
      ['SADD', 'b', '4', '2', '3'],
      ['SADD', 'h', 'x', '2', '1'],
      ['SUNION', 'a', 'b'],
      ['SUNION', 'b', 'a', 'nokey'],
      ['SUNION', 'nokey'],
      unordered('SUNION', 'a', 'h'),
      ['SDIFF', 'a', 'b'],
      ['SDIFF', 'b', 'a'],
      ['SDIFF', 'a', 'a'],
      ['SDIFF', 'a', 'nokey', 'b'],
      ['SDIFF', 'nokey', 'a'],
      unordered('SDIFF', 'h', 'a'),
      ['SDIFF', 'a', 'h'],
      unordered('SDIFF', 'h', 'b'),
      ['SDIFF', 'a'],
    ]))

  it('SDIFF is the same with either of Redis’s algorithms', (t) =>
    diffScript(t, [
      saddMany('big', 100),
      ['SADD', 'small', '1', '2', '3'],
      ['SADD', 'odd', 'x', '1', '50'],
      // Algorithm 1 (first set small against big others) and 2 (first set big).
      ['SDIFF', 'small', 'big'],
      ['SDIFF', 'big', 'small', 'odd'],
      ['SDIFFSTORE', 'r', 'big', 'small', 'odd'],
      ['OBJECT', 'ENCODING', 'r'],
      ['SCARD', 'r'],
      ['SDIFF', 'odd', 'big'],
      ['SDIFFSTORE', 'r2', 'odd', 'big', 'small'],
      ['OBJECT', 'ENCODING', 'r2'],
      ['SMEMBERS', 'r2'],
      ['SDIFF', 'big', 'big', 'small'],
    ]))

  it('STORE forms store the result with its own encoding, and delete the destination when empty', (t) =>
    diffScript(t, [
      ['SADD', 'a', '1', '2', '3'],
      ['SADD', 'b', '2', '3', 'x'],
      ['SADD', 'c', 'x', 'y'],
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['OBJECT', 'ENCODING', 'd'],
      ['SMEMBERS', 'd'],
      ['SINTERSTORE', 'd', 'b', 'c'],
      ['OBJECT', 'ENCODING', 'd'],
      ['SMEMBERS', 'd'],
      ['SINTERSTORE', 'd', 'a', 'c'],
      ['EXISTS', 'd'],
      ['SINTERSTORE', 'd', 'a', 'nokey'],
      ['SUNIONSTORE', 'd', 'a', 'b'],
      ['OBJECT', 'ENCODING', 'd'],
      ['SCARD', 'd'],
      ['SUNIONSTORE', 'd', 'nokey'],
      ['EXISTS', 'd'],
      ['SDIFFSTORE', 'd', 'b', 'c'],
      ['OBJECT', 'ENCODING', 'd'],
      ['SMEMBERS', 'd'],
      ['SDIFFSTORE', 'd', 'a', 'a'],
      ['EXISTS', 'd'],
      ['SUNIONSTORE', 'a', 'a', 'c'],
      ['OBJECT', 'ENCODING', 'a'],
      ['SCARD', 'a'],
      ['SET', 'str', 'v'],
      ['SUNIONSTORE', 'str', 'b'],
      ['TYPE', 'str'],
      ['SET', 'str', 'v'],
      ['SINTERSTORE', 'str', 'nokey'],
      ['EXISTS', 'str'],
      ['SET', 'str', 'v', 'EX', '100'],
      ['SDIFFSTORE', 'str', 'c'],
      ['TTL', 'str'],
      saddMany('m', 600),
      ['SINTERSTORE', 'n', 'm', 'm'],
      ['OBJECT', 'ENCODING', 'n'],
      ['SCARD', 'n'],
    ]))
})

describe('SPOP', () => {
  it('parses its count as Redis 7.0 and answers empty or nil for a missing key', (t) =>
    diffScript(t, [
      ['SPOP', 'nokey'],
      ['SPOP', 'nokey', '0'],
      ['SPOP', 'nokey', '5'],
      ['SPOP', 'nokey', '-1'],
      ['SPOP', 'nokey', '-9223372036854775808'],
      ['SPOP', 'nokey', '9223372036854775807'],
      ['SPOP', 'nokey', '9223372036854775808'],
      ['SPOP', 'nokey', 'x'],
      ['SPOP', 'nokey', '1', '2'],
      ['SADD', 's', '1'],
      ['SPOP', 's', '1', '2'],
      ['SPOP', 's', '-1'],
      ['SPOP', 's', '0'],
      ['SCARD', 's'],
      ['SPOP', 's'],
      ['EXISTS', 's'],
    ]))

  it('a count covering the set pops it whole (ascending when it fits an intset) and deletes it', (t) =>
    diffScript(t, [
      ['SADD', 's', '3', '1', '2'],
      ['SPOP', 's', '3'],
      ['EXISTS', 's'],
      ['SADD', 's', '3', '1', '2', 'x'],
      ['SREM', 's', 'x'],
      ['SPOP', 's', '10'],
      ['SADD', 'h', 'a', 'b', 'c'],
      unordered('SPOP', 'h', '9223372036854775807'),
      ['EXISTS', 'h'],
      saddMany('big', 600),
      ['SREM', 'big', '599'],
      // 599 members do not fit an intset: the popped set is a hash table, in Redis's hash order.
      unordered('SPOP', 'big', '600'),
      saddMany('fits', 512),
      ['SPOP', 'fits', '512'],
    ]))

  it('popped members are distinct members of the set, and the rest stays', (t) =>
    onBoth(t, async (redis, redoubt) => {
      for (const [setup, count] of [
        [saddMany('s', 100), 10],
        [saddMany('s', 100), 90],
        [saddMany('s', 100, 'm'), 10],
        [saddMany('s', 100, 'm'), 95],
        [saddMany('s', 600), 300],
        [saddMany('s', 600, 'm'), 599],
      ] as const) {
        for (const c of [redis, redoubt]) {
          await c.call('DEL', 's')
          await c.call(...setup)
          const popped = decodeReply(await c.call('SPOP', 's', String(count))) as string[]
          const rest = decodeReply(await c.call('SMEMBERS', 's')) as string[]
          const all = new Set(setup.slice(2))
          assert.equal(popped.length, count)
          assert.equal(new Set(popped).size, count, 'popped a member twice')
          assert.equal(rest.length, all.size - count)
          for (const m of [...popped, ...rest]) assert.ok(all.has(m), `${m} was never added`)
          assert.equal(new Set([...popped, ...rest]).size, all.size, 'lost or duplicated members')
        }
      }
    }))

  it('when few members stay they form a new set, an intset if they are all integers', (t) =>
    onBoth(t, async (redis, redoubt) => {
      for (const c of [redis, redoubt]) {
        const seen = new Set<string>()
        for (let round = 0; round < 40 && seen.size < 2; round++) {
          await c.call('DEL', 's')
          await c.call(...saddMany('s', 10), 'a')
          // Size 11, count 10: one member stays (Redis moves it to a new set).
          await c.call('SPOP', 's', '10')
          const [left] = decodeReply(await c.call('SMEMBERS', 's')) as [string]
          const enc = (await c.call('OBJECT', 'ENCODING', 's')).toString()
          assert.equal(enc.includes('intset'), strictInt(left) !== null, `encoding ${enc} for ${left}`)
          seen.add(enc)
        }
      }
    }))

  it('single pops drain a set one distinct member at a time', (t) =>
    onBoth(t, async (redis, redoubt) => {
      for (const c of [redis, redoubt]) {
        await c.call('SADD', 's', 'a', 'b', '1', '2')
        const got = new Set<string>()
        for (let i = 0; i < 4; i++) got.add(decodeReply(await c.call('SPOP', 's')) as string)
        assert.deepEqual([...got].sort(), ['1', '2', 'a', 'b'])
        assert.equal(decodeReply(await c.call('EXISTS', 's')), 0)
      }
    }))
})

describe('SRANDMEMBER', () => {
  it('parses its count as Redis 7.0.15', (t) =>
    diffScript(t, [
      ['SRANDMEMBER', 'nokey', '-9223372036854775808'],
      ['SRANDMEMBER', 'nokey', '9223372036854775808'],
      ['SRANDMEMBER', 'nokey', 'x'],
      ['SRANDMEMBER', 'nokey', '1', '2'],
      ['SRANDMEMBER', 'nokey', '-9223372036854775807'],
      ['SRANDMEMBER', 'nokey', '0'],
      ['SRANDMEMBER', 'nokey'],
      ['SADD', 's', '3', '1', '2'],
      ['SRANDMEMBER', 's', '0'],
      ['SRANDMEMBER', 's', '3'],
      ['SRANDMEMBER', 's', '9223372036854775807'],
      ['SRANDMEMBER', 's', '1', '2'],
      ['SADD', 'one', 'x'],
      ['SRANDMEMBER', 'one'],
      ['SRANDMEMBER', 'one', '1'],
      ['SRANDMEMBER', 'one', '-3'],
    ]))

  it('samples: distinct for a positive count, repeats allowed for a negative one', (t) => {
    const small = new Set<string>()
    for (let i = 0; i < 20; i++) small.add(String(i))
    const words = new Set<string>()
    for (let i = 0; i < 600; i++) words.add(`m${i}`)
    const steps: Step[] = [saddMany('s', 20), saddMany('w', 600, 'm')]
    for (const [key, pool] of [
      ['s', small],
      ['w', words],
    ] as const) {
      for (const count of ['1', '5', '15', '19', '-1', '-40']) {
        steps.push({ cmd: ['SRANDMEMBER', key, count], mode: sampleOf(pool, !count.startsWith('-')) })
      }
      steps.push({ cmd: ['SRANDMEMBER', key], mode: sampleOf(pool, true) })
    }
    steps.push(unordered('SRANDMEMBER', 'w', '600'), ['SRANDMEMBER', 's', '20'])
    return diffScript(t, steps)
  })

  it('a negative count reaches every member of a small set', (t) =>
    onBoth(t, async (_redis, redoubt) => {
      await redoubt.call('SADD', 's', 'a', 'b', 'c', 'd')
      const got = decodeReply(await redoubt.call('SRANDMEMBER', 's', '-400')) as string[]
      assert.equal(got.length, 400)
      assert.deepEqual([...new Set(got)].sort(), ['a', 'b', 'c', 'd'])
    }))
})

describe('thresholds and limits', () => {
  it('CONFIG SET set-max-intset-entries applies to later writes', (t) =>
    diffScript(t, [
      ['CONFIG', 'SET', 'set-max-intset-entries', '2'],
      ['SADD', 's', '1', '2'],
      ['OBJECT', 'ENCODING', 's'],
      ['SADD', 's', '3'],
      ['OBJECT', 'ENCODING', 's'],
      ['SADD', 'u', '1', '2'],
      ['SUNIONSTORE', 'd', 'u', 's'],
      ['OBJECT', 'ENCODING', 'd'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '0'],
      ['SADD', 'z', '5'],
      ['OBJECT', 'ENCODING', 'z'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
    ]))

  it('SRANDMEMBER with a negative count whose reply would pass 128 MiB is refused (redoubt limit)', (t) =>
    onBoth(t, async (_redis, redoubt) => {
      // Never sent to redis-server: 7.0.15 builds such a reply until memory runs out.
      await redoubt.call('SADD', 's', 'member')
      const tooMany = (await redoubt.call('SRANDMEMBER', 's', '-9223372036854775807')).toString('latin1')
      assert.match(tooMany, /^-ERR count is too large: the reply would exceed 134217728 bytes/)
      const fits = decodeReply(await redoubt.call('SRANDMEMBER', 's', '-1000000')) as string[]
      assert.equal(fits.length, 1_000_000)
      assert.equal(decodeReply(await redoubt.call('PING')), 'PONG')
    }))
})

describe('SSCAN', () => {
  it('errors as Redis 7.0; an intset is returned whole with cursor 0', (t) =>
    diffScript(t, [
      ['SADD', 's', '3', '1', '2', '10', '11'],
      ['SSCAN', 's', 'x'],
      ['SSCAN', 's', '-1'],
      ['SSCAN', 's', '99'],
      ['SSCAN', 's', '0', 'COUNT', '1'],
      ['SSCAN', 's', '0', 'COUNT', '0'],
      ['SSCAN', 's', '0', 'MATCH', '1*'],
      ['SSCAN', 's', '0', 'TYPE', 'set'],
      ['SSCAN', 's', '0', 'MATCH'],
      ['SSCAN', 'nokey', '0', 'MATCH'],
      ['SSCAN', 'nokey', 'x'],
    ]))

  it('a full SSCAN of a hash table returns every member', (t) =>
    onBoth(t, async (redis, redoubt) => {
      for (const c of [redis, redoubt]) {
        for (let i = 0; i < 2000; i += 500) await c.call(...saddMany('s', 500, 'm', i))
      }
      for (const args of [
        ['SSCAN', 's', '0'],
        ['SSCAN', 's', '0', 'COUNT', '3'],
        ['SSCAN', 's', '0', 'COUNT', '5000'],
        ['SSCAN', 's', '0', 'MATCH', '*7'],
      ]) {
        const [theirs, ours] = [await scanToEnd(redis, args, false), await scanToEnd(redoubt, args, false)]
        const mine = [...new Set(ours.items)].sort()
        assert.deepEqual(mine, [...new Set(theirs.items)].sort(), args.join(' '))
        assert.equal(mine.length, args.includes('MATCH') ? 200 : 2000)
      }
    }))
})

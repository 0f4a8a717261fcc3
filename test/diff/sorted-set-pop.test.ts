/**
 * Differential tests of ZPOPMIN, ZPOPMAX, ZMPOP, ZRANDMEMBER and ZSCAN against redis-server in
 * RESP2 and RESP3: exact replies where Redis's are fixed (pops, errors, a listpack's whole-set
 * sample, a listpack's ZSCAN), and for random samples and hash-table scans the same shape with
 * elements drawn from the set (collection-compare.ts).
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { diffSuite, type Step, type TestLike } from '../helpers/diff.js'
import { sampleOf, scanToEnd, wholeScan } from './collection-compare.js'

const { diffScript, withPair } = diffSuite()

async function both(t: TestLike, script: readonly Step[] | ((resp3: boolean) => Step[])): Promise<void> {
  await diffScript(t, typeof script === 'function' ? script(false) : script)
  await diffScript(t, typeof script === 'function' ? script(true) : script, { resp3: true })
}

describe('ZPOPMIN, ZPOPMAX and ZMPOP', () => {
  it('pop from either end, nest pairs in RESP3 when a count is given, delete emptied keys', (t) =>
    both(t, [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
      ['ZPOPMIN', 'z'],
      ['ZPOPMAX', 'z'],
      ['ZPOPMIN', 'z', '1'],
      ['ZPOPMAX', 'z', '0'],
      ['ZPOPMIN', 'z', '10'],
      ['EXISTS', 'z'],
      ['ZPOPMIN', 'z'],
      ['ZPOPMAX', 'z', '3'],
      ['ZPOPMIN', 'z', '0'],
      ['ZADD', 'z', '1', 'a'],
      ['ZPOPMIN', 'z', '-1'],
      ['ZPOPMIN', 'z', 'x'],
      ['ZPOPMIN', 'z', '1.5'],
      ['ZPOPMIN', 'z', '1', '2'],
      ['ZPOPMAX', 'z', '9223372036854775807'],
      ['SET', 's', 'v'],
      ['ZPOPMIN', 's'],
      ['ZPOPMAX', 's', '0'],
      ['ZPOPMIN', 's', 'x'],
      ['ZPOPMIN'],
    ]))

  it('ZMPOP pops from the first non-empty key and answers every error', (t) =>
    both(t, [
      ['ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c'],
      ['ZADD', 'z2', '10', 'x'],
      ['ZMPOP', '2', 'missing', 'z1', 'MIN'],
      ['ZMPOP', '2', 'missing', 'z1', 'max', 'COUNT', '10'],
      ['ZMPOP', '3', 'z1', 'missing', 'z2', 'MIN', 'count', '2'],
      ['ZMPOP', '1', 'z2', 'MIN'],
      ['ZMPOP', '2', 'z1', 'z2', 'MIN'],
      ['ZADD', 'z1', '1', 'a'],
      ['SET', 's', 'v'],
      ['ZMPOP', '2', 'missing', 's', 'MIN'],
      ['ZMPOP', '2', 's', 'z1', 'MIN'],
      ['ZMPOP', '0', 'z1', 'MIN'],
      ['ZMPOP', '-1', 'z1', 'MIN'],
      ['ZMPOP', 'x', 'z1', 'MIN'],
      ['ZMPOP', '2', 'z1', 'MIN'],
      ['ZMPOP', '5', 'z1', 'MIN'],
      ['ZMPOP', '1', 'z1', 'MIDDLE'],
      ['ZMPOP', '1', 'z1', 'MIN', 'COUNT'],
      ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', '0'],
      ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', '-1'],
      ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', 'x'],
      ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', '1', 'COUNT', '1'],
      ['ZMPOP', '1', 'z1', 'MIN', 'FOO'],
      ['ZMPOP', '1', 'z1'],
      ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', '9223372036854775807'],
      ['EXISTS', 'z1'],
    ]))

  it('pops from a skiplist-encoded set', (t) => {
    const add = ['ZADD', 'big']
    for (let i = 0; i < 300; i++) add.push(String(i % 17), `m${i}`)
    return both(t, [
      add,
      ['ZPOPMIN', 'big', '5'],
      ['ZPOPMAX', 'big', '5'],
      ['ZMPOP', '1', 'big', 'MAX', 'COUNT', '3'],
      ['ZCARD', 'big'],
      ['ZRANGE', 'big', '0', '2', 'WITHSCORES'],
      ['ZPOPMIN', 'big', '1000'],
      ['EXISTS', 'big'],
    ])
  })
})

describe('ZRANDMEMBER', () => {
  const members = new Map<string, string>([
    ['a', '1'],
    ['b', '2'],
    ['c', '3'],
    ['d', '4'],
    ['e', '5'],
  ])
  const setup: Step = ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e']

  it('argument errors, missing keys, and the whole listpack for a count past its size', (t) =>
    both(t, [
      setup,
      ['ZRANDMEMBER', 'missing'],
      ['ZRANDMEMBER', 'missing', '5'],
      ['ZRANDMEMBER', 'missing', '-5', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '0'],
      ['ZRANDMEMBER', 'z', '0', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '5'],
      ['ZRANDMEMBER', 'z', '100', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', 'x'],
      ['ZRANDMEMBER', 'z', '1', 'x'],
      ['ZRANDMEMBER', 'z', '1', 'WITHSCORES', 'x'],
      ['ZRANDMEMBER', 'z', '-9223372036854775808'],
      ['ZRANDMEMBER', 'z', '9223372036854775808'],
      ['ZRANDMEMBER', 'z', '4611686018427387904', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '-4611686018427387904', 'WITHSCORES'],
      ['SET', 's', 'v'],
      ['ZRANDMEMBER', 's'],
      ['ZRANDMEMBER', 's', '1'],
      ['ZRANDMEMBER', 's', 'x'],
    ]))

  it('samples have Redis’s shape and members of the set, distinct for a positive count', (t) =>
    both(t, (resp3) => {
      const pairs = resp3 ? 'nested-pairs' : 'flat-pairs'
      const script: Step[] = [setup]
      for (let i = 0; i < 5; i++) {
        script.push({ cmd: ['ZRANDMEMBER', 'z'], mode: sampleOf(members, true) })
        script.push({ cmd: ['ZRANDMEMBER', 'z', '3'], mode: sampleOf(members, true) })
        script.push({ cmd: ['ZRANDMEMBER', 'z', '1', 'WITHSCORES'], mode: sampleOf(members, true, pairs) })
        script.push({ cmd: ['ZRANDMEMBER', 'z', '4', 'WITHSCORES'], mode: sampleOf(members, true, pairs) })
        script.push({ cmd: ['ZRANDMEMBER', 'z', '-20'], mode: sampleOf(members, false) })
        script.push({ cmd: ['ZRANDMEMBER', 'z', '-7', 'WITHSCORES'], mode: sampleOf(members, false, pairs) })
      }
      const big = new Map<string, string>()
      const add = ['ZADD', 'big']
      for (let i = 0; i < 200; i++) {
        add.push(String(i), `m${i}`)
        big.set(`m${i}`, String(i))
      }
      script.push(add)
      script.push({ cmd: ['ZRANDMEMBER', 'big', '10'], mode: sampleOf(big, true) })
      script.push({ cmd: ['ZRANDMEMBER', 'big', '150', 'WITHSCORES'], mode: sampleOf(big, true, pairs) })
      script.push({ cmd: ['ZRANDMEMBER', 'big', '300'], mode: sampleOf(big, true) })
      script.push({ cmd: ['ZRANDMEMBER', 'big', '-300', 'WITHSCORES'], mode: sampleOf(big, false, pairs) })
      return script
    }))
})

describe('ZRANDMEMBER reply limit (redoubt only)', () => {
  it('a negative count whose reply cannot fit 128 MiB is refused at once, the set untouched', async (t) => {
    await withPair(async (pair) => {
      await pair.reset()
      const { redis, redoubt } = await pair.connect()
      try {
        await redoubt.call('ZADD', 'z', '1', 'a', '2', 'b')
        const started = Date.now()
        for (const argv of [
          ['ZRANDMEMBER', 'z', '-100000000'],
          ['ZRANDMEMBER', 'z', '-4611686018427387903', 'WITHSCORES'],
          ['ZRANDMEMBER', 'z', '-9223372036854775807'],
        ]) {
          const reply = (await redoubt.call(...argv)).toString('latin1')
          assert.match(reply, /^-ERR count is too large/, argv.join(' '))
        }
        assert.ok(Date.now() - started < 1000, 'refused without building the reply')
        const ok = (await redoubt.call('ZRANDMEMBER', 'z', '-1000', 'WITHSCORES')).toString('latin1')
        assert.ok(ok.startsWith('*2000\r\n'), 'a count within the budget still answers')
        assert.equal((await redoubt.call('ZCARD', 'z')).toString('latin1'), ':2\r\n')
      } finally {
        await Promise.all([redis.close(), redoubt.close()])
      }
    }, t)
  })
})

describe('ZSCAN', () => {
  it('returns a listpack whole with cursor 0, MATCH applied and COUNT ignored', (t) =>
    both(t, [
      ['ZADD', 'z', '1', 'a', '2.5', 'b', '-0', 'c', '123456789012345678', 'd', '1e300', 'e', 'inf', 'f'],
      ['ZADD', 'z', '4611686018427387904', 'g', '4611686018427387905', 'h', '9223372036854775807', 'i'],
      ['ZADD', 'z', '-4611686018427387904', 'j', '0.1', 'k', '1e17', 'l', '-1e18', 'm'],
      ['ZSCAN', 'z', '0'],
      ['ZSCAN', 'z', '0', 'COUNT', '1'],
      ['ZSCAN', 'z', '5'],
      ['ZSCAN', 'z', '0', 'MATCH', '[a-c]'],
      ['ZSCAN', 'z', '0', 'MATCH', '*', 'COUNT', '100'],
      ['ZSCAN', 'z', '0', 'match', 'x*'],
      ['ZSCAN', 'z', '0', 'COUNT', '0'],
      ['ZSCAN', 'z', '0', 'COUNT', 'x'],
      ['ZSCAN', 'z', '0', 'COUNT'],
      ['ZSCAN', 'z', '0', 'TYPE', 'zset'],
      ['ZSCAN', 'z', '0', 'FOO', 'bar'],
      ['ZSCAN', 'z', 'x'],
      ['ZSCAN', 'z', '-1'],
      ['ZSCAN', 'missing', '0'],
      ['ZSCAN', 'missing', '0', 'COUNT', '0'],
      ['ZSCAN', 'missing', 'x'],
      ['SET', 's', 'v'],
      ['ZSCAN', 's', '0'],
      ['ZSCAN', 's', 'x'],
      ['ZSCAN', 'z'],
    ]))

  it('a skiplist-encoded set scanned in one large step gives the same pairs', (t) => {
    const add = ['ZADD', 'big']
    for (let i = 0; i < 200; i++) add.push(String(i / 8), `m${i}`)
    return both(t, [
      add,
      { cmd: ['ZSCAN', 'big', '0', 'COUNT', '100000'], mode: wholeScan(true) },
      { cmd: ['ZSCAN', 'big', '0', 'COUNT', '100000', 'MATCH', 'm1*'], mode: wholeScan(true) },
    ])
  })

  it('a full cursor iteration of a skiplist returns every member with its score', async (t) => {
    await withPair(async (pair) => {
      await pair.reset()
      const { redis, redoubt } = await pair.connect()
      try {
        const add = ['ZADD', 'big']
        for (let i = 0; i < 1000; i++) add.push(String(i * 1.5), `m${i}`)
        await redis.call(...add)
        await redoubt.call(...add)
        const theirs = await scanToEnd(redis, ['ZSCAN', 'big', '0', 'COUNT', '7'], true)
        const ours = await scanToEnd(redoubt, ['ZSCAN', 'big', '0', 'COUNT', '7'], true)
        assert.deepEqual(new Set(ours.items), new Set(theirs.items))
        assert.equal(new Set(ours.items).size, 1000)
        assert.ok(ours.calls > 20, `COUNT 7 bounds each step (${ours.calls} calls)`)
      } finally {
        await Promise.all([redis.close(), redoubt.close()])
      }
    }, t)
  })
})

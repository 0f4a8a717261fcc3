/**
 * List commands against redis-server, reply by reply: every command with its edge cases and
 * error texts (argument order of the checks included), RESP2 and RESP3 nulls, OBJECT ENCODING
 * (always "quicklist" in 7.0), the non-blocking answers of the blocking commands, and seeded
 * random sequences of thousands of commands (lists are deterministic: every reply is exact).
 * Replay a random failure with REDOUBT_SEED=<seed>.
 */

import { describe, it } from 'node:test'
import { diffSuite, type Step } from '../helpers/diff.js'
import type { Prng } from '../helpers/prng.js'

const { diffScript, diffRandom } = diffSuite()

describe('list pushes, pops and lengths', () => {
  it('LPUSH/RPUSH create the list and return its length; X variants need an existing list', (t) =>
    diffScript(t, [
      ['LPUSH', 'l', 'a', 'b', 'c'],
      ['RPUSH', 'l', 'd', 'e'],
      ['LRANGE', 'l', '0', '-1'],
      ['LPUSHX', 'nokey', 'a'],
      ['RPUSHX', 'nokey', 'a', 'b'],
      ['EXISTS', 'nokey'],
      ['LPUSHX', 'l', 'x', 'y'],
      ['RPUSHX', 'l', 'z'],
      ['LRANGE', 'l', '0', '-1'],
      ['LLEN', 'l'],
      ['LLEN', 'nokey'],
      ['OBJECT', 'ENCODING', 'l'],
      ['TYPE', 'l'],
      ['RPUSH', 'bin', '\x00\xff\r\n', '', 'é'],
      ['LRANGE', 'bin', '0', '-1'],
      ['LPUSH', 'l'],
      ['LPUSHX', 'l'],
    ]))

  it('every list command answers WRONGTYPE on a string', (t) =>
    diffScript(t, [
      ['SET', 's', 'v'],
      ['LPUSH', 's', 'a'],
      ['RPUSH', 's', 'a'],
      ['LPUSHX', 's', 'a'],
      ['RPUSHX', 's', 'a'],
      ['LPOP', 's'],
      ['RPOP', 's', '2'],
      ['LLEN', 's'],
      ['LRANGE', 's', '0', '-1'],
      ['LINDEX', 's', '0'],
      ['LSET', 's', '0', 'x'],
      ['LINSERT', 's', 'BEFORE', 'a', 'b'],
      ['LREM', 's', '0', 'a'],
      ['LTRIM', 's', '0', '1'],
      ['LPOS', 's', 'a'],
      ['LMOVE', 's', 'd', 'LEFT', 'RIGHT'],
      ['RPOPLPUSH', 's', 'd'],
      ['LMPOP', '1', 's', 'LEFT'],
      ['BLPOP', 's', '0.01'],
      ['BRPOP', 'nokey', 's', '0.01'],
      ['BLMOVE', 's', 'd', 'LEFT', 'LEFT', '0.01'],
      ['BRPOPLPUSH', 's', 'd', '0.01'],
      ['BLMPOP', '0.01', '2', 'nokey', 's', 'RIGHT'],
    ]))

  it('LPOP/RPOP with and without count, on missing keys and past the end', (t) =>
    diffScript(t, [
      ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'],
      ['LPOP', 'l'],
      ['RPOP', 'l'],
      ['LPOP', 'l', '0'],
      ['LPOP', 'l', '1'],
      ['RPOP', 'l', '10'],
      ['EXISTS', 'l'],
      ['LPOP', 'l'],
      ['LPOP', 'l', '2'],
      ['RPOP', 'l', '0'],
      ['LPOP', 'l', '-1'],
      ['LPOP', 'l', 'x'],
      ['LPOP', 'l', '1', '2'],
      ['RPOP', 'l', '99999999999999999999'],
      ['RPUSH', 'l', 'x'],
      ['LPOP', 'l', '-1'],
      ['LPOP', 'l', '9223372036854775807'],
    ]))

  it('RESP3 nulls of the pops and reads', (t) =>
    diffScript(
      t,
      [
        ['LPOP', 'nokey'],
        ['LPOP', 'nokey', '2'],
        ['RPOP', 'nokey', '0'],
        ['LINDEX', 'nokey', '0'],
        ['LPOS', 'nokey', 'a'],
        ['LPOS', 'nokey', 'a', 'COUNT', '0'],
        ['LMOVE', 'nokey', 'd', 'LEFT', 'LEFT'],
        ['LMPOP', '1', 'nokey', 'LEFT'],
        ['BLPOP', 'nokey', '0.01'],
        ['BLMOVE', 'nokey', 'd', 'LEFT', 'LEFT', '0.01'],
        ['BLMPOP', '0.01', '1', 'nokey', 'LEFT'],
        ['RPUSH', 'l', 'a', 'b'],
        ['LPOP', 'l', '1'],
        ['LMPOP', '1', 'l', 'RIGHT', 'COUNT', '5'],
        ['LINDEX', 'l', '5'],
      ],
      { resp3: true },
    ))
})

describe('list indexes and ranges', () => {
  it('LINDEX and LSET with negative and out-of-range indexes', (t) =>
    diffScript(t, [
      ['RPUSH', 'l', 'a', 'b', 'c'],
      ['LINDEX', 'l', '0'],
      ['LINDEX', 'l', '-1'],
      ['LINDEX', 'l', '-3'],
      ['LINDEX', 'l', '-4'],
      ['LINDEX', 'l', '3'],
      ['LINDEX', 'l', 'x'],
      ['LINDEX', 'nokey', 'x'],
      ['LINDEX', 'l', '99999999999999999999'],
      ['LSET', 'l', '1', 'B'],
      ['LSET', 'l', '-1', 'C'],
      ['LSET', 'l', '3', 'x'],
      ['LSET', 'l', '-4', 'x'],
      ['LSET', 'l', 'x', 'x'],
      ['LSET', 'nokey', '0', 'x'],
      ['LSET', 'nokey', 'x', 'x'],
      ['LRANGE', 'l', '0', '-1'],
    ]))

  it('LRANGE and LTRIM clamp their ranges as Redis does', (t) => {
    const script: Step[] = [['RPUSH', 'l', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']]
    const bounds = ['0', '1', '-1', '-2', '5', '9', '10', '-10', '-11', '100', '-100']
    for (const a of bounds) for (const b of bounds) script.push(['LRANGE', 'l', a, b])
    script.push(['LRANGE', 'l', 'x', '1'], ['LRANGE', 'l', '0', 'y'], ['LRANGE', 'nokey', 'x', '1'])
    script.push(['LRANGE', 'nokey', '0', '-1'])
    for (const [a, b] of [
      ['1', '-2'],
      ['-100', '100'],
      ['2', '1'],
      ['0', '0'],
    ] as const) {
      script.push(['LTRIM', 'l', a, b], ['LRANGE', 'l', '0', '-1'])
    }
    script.push(['LTRIM', 'l', 'x', '0'], ['LTRIM', 'nokey', '0', '1'], ['LTRIM', 'nokey', 'a', '1'])
    script.push(['RPUSH', 'm', 'a', 'b'], ['LTRIM', 'm', '5', '10'], ['EXISTS', 'm'])
    script.push(['RPUSH', 'm', 'a', 'b'], ['LTRIM', 'm', '-1', '-2'], ['EXISTS', 'm'])
    return diffScript(t, script)
  })

  it('LINSERT before and after, missing pivot, syntax before lookup', (t) =>
    diffScript(t, [
      ['RPUSH', 'l', 'a', 'b', 'a'],
      ['LINSERT', 'l', 'BEFORE', 'a', 'x'],
      ['LINSERT', 'l', 'after', 'a', 'y'],
      ['LINSERT', 'l', 'AFTER', 'b', 'z'],
      ['LINSERT', 'l', 'BEFORE', 'nope', 'z'],
      ['LINSERT', 'l', 'MIDDLE', 'a', 'z'],
      ['LINSERT', 'nokey', 'BEFORE', 'a', 'z'],
      ['LINSERT', 'nokey', 'MIDDLE', 'a', 'z'],
      ['LRANGE', 'l', '0', '-1'],
    ]))

  it('LREM from the head, the tail and everywhere; the emptied key goes', (t) =>
    diffScript(t, [
      ['RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', 'b', 'a'],
      ['LREM', 'l', '1', 'a'],
      ['LRANGE', 'l', '0', '-1'],
      ['LREM', 'l', '-2', 'a'],
      ['LRANGE', 'l', '0', '-1'],
      ['LREM', 'l', '0', 'b'],
      ['LREM', 'l', '0', 'nope'],
      ['LREM', 'l', 'x', 'a'],
      ['LREM', 'nokey', 'x', 'a'],
      ['LREM', 'nokey', '0', 'a'],
      ['LRANGE', 'l', '0', '-1'],
      ['LREM', 'l', '0', 'a'],
      ['LREM', 'l', '0', 'c'],
      ['EXISTS', 'l'],
    ]))

  it('LPOS with RANK, COUNT and MAXLEN, and its errors', (t) =>
    diffScript(t, [
      ['RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a'],
      ['LPOS', 'l', 'a'],
      ['LPOS', 'l', 'c'],
      ['LPOS', 'l', 'z'],
      ['LPOS', 'l', 'a', 'RANK', '2'],
      ['LPOS', 'l', 'a', 'RANK', '-1'],
      ['LPOS', 'l', 'a', 'RANK', '-3'],
      ['LPOS', 'l', 'a', 'RANK', '4'],
      ['LPOS', 'l', 'a', 'COUNT', '0'],
      ['LPOS', 'l', 'a', 'COUNT', '2'],
      ['LPOS', 'l', 'a', 'COUNT', '2', 'RANK', '-1'],
      ['LPOS', 'l', 'a', 'COUNT', '0', 'MAXLEN', '4'],
      ['LPOS', 'l', 'a', 'RANK', '2', 'MAXLEN', '3'],
      ['LPOS', 'l', 'z', 'COUNT', '3'],
      ['LPOS', 'l', 'a', 'RANK', '0'],
      ['LPOS', 'l', 'a', 'RANK', 'x'],
      ['LPOS', 'l', 'a', 'RANK', '-9223372036854775808'],
      ['LPOS', 'l', 'a', 'RANK', '-9223372036854775808', 'COUNT', '2'],
      ['LPOS', 'l', 'a', 'RANK', '-9223372036854775808', 'COUNT', '1', 'MAXLEN', '3'],
      ['LPOS', 'l', 'a', 'RANK', '9223372036854775807'],
      ['LPOS', 'l', 'a', 'COUNT', '-1'],
      ['LPOS', 'l', 'a', 'COUNT', 'x'],
      ['LPOS', 'l', 'a', 'MAXLEN', '-1'],
      ['LPOS', 'l', 'a', 'MAXLEN', 'y'],
      ['LPOS', 'l', 'a', 'COUNT'],
      ['LPOS', 'l', 'a', 'FOO', '1'],
      ['LPOS', 'nokey', 'a', 'RANK', '0'],
      ['LPOS', 'nokey', 'a', 'COUNT', '1'],
    ]))
})

describe('moves between lists', () => {
  it('LMOVE every direction, rotation of a one-element list, missing source, typed destination', (t) =>
    diffScript(t, [
      ['RPUSH', 'a', '1', '2', '3'],
      ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'],
      ['LMOVE', 'a', 'b', 'right', 'left'],
      ['LMOVE', 'a', 'b', 'LEFT', 'LEFT'],
      ['LRANGE', 'b', '0', '-1'],
      ['EXISTS', 'a'],
      ['LMOVE', 'b', 'b', 'LEFT', 'RIGHT'],
      ['LRANGE', 'b', '0', '-1'],
      ['RPUSH', 'one', 'x'],
      ['LMOVE', 'one', 'one', 'LEFT', 'LEFT'],
      ['LRANGE', 'one', '0', '-1'],
      ['LMOVE', 'nokey', 'b', 'LEFT', 'LEFT'],
      ['SET', 's', 'v'],
      ['LMOVE', 'nokey', 's', 'LEFT', 'LEFT'],
      ['LMOVE', 'b', 's', 'LEFT', 'LEFT'],
      ['LMOVE', 'b', 'c', 'UP', 'LEFT'],
      ['LMOVE', 'b', 'c', 'LEFT', 'DOWN'],
      ['RPOPLPUSH', 'b', 'c'],
      ['RPOPLPUSH', 'nokey', 'c'],
      ['LRANGE', 'b', '0', '-1'],
      ['LRANGE', 'c', '0', '-1'],
    ]))

  it('LMPOP: numkeys, LEFT/RIGHT, COUNT and their errors', (t) =>
    diffScript(t, [
      ['RPUSH', 'b', '1', '2', '3', '4'],
      ['LMPOP', '2', 'a', 'b', 'LEFT'],
      ['LMPOP', '2', 'a', 'b', 'RIGHT', 'COUNT', '2'],
      ['LMPOP', '1', 'b', 'left', 'count', '10'],
      ['LMPOP', '2', 'a', 'b', 'LEFT'],
      ['LMPOP', '0', 'a', 'LEFT'],
      ['LMPOP', '-1', 'a', 'LEFT'],
      ['LMPOP', 'x', 'a', 'LEFT'],
      ['LMPOP', '3', 'a', 'LEFT'],
      ['LMPOP', '1', 'a', 'MIDDLE'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '0'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '-1'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '1', 'COUNT', '1'],
      ['LMPOP', '1', 'a', 'LEFT', 'FOO'],
      ['LMPOP', '9223372036854775807', 'a', 'LEFT'],
      ['LMPOP', '1'],
    ]))
})

describe('blocking commands that need not block', () => {
  it('answer at once from a non-empty list, checking timeouts first', (t) =>
    diffScript(t, [
      ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f'],
      ['BLPOP', 'nokey', 'l', '0'],
      ['BRPOP', 'l', 'nokey', '1.5'],
      ['BLMOVE', 'l', 'm', 'LEFT', 'RIGHT', '0'],
      ['BRPOPLPUSH', 'l', 'm', '0'],
      ['BLMPOP', '0', '2', 'nokey', 'l', 'LEFT', 'COUNT', '2'],
      ['LRANGE', 'm', '0', '-1'],
      ['BLPOP', 'l', 'abc'],
      ['BLPOP', 'l', '-1'],
      ['BLPOP', 'l', ' 1'],
      ['BLPOP', 'l', 'nan'],
      ['BLPOP', 'l', 'inf'],
      ['BLPOP', 'l', '1e400'],
      ['BLPOP', 'l', '9223372036854775807'],
      ['BLPOP', 'l', ''],
      ['BLMOVE', 'l', 'm', 'LEFT', 'UP', 'x'],
      ['BLMOVE', 'l', 'm', 'LEFT', 'LEFT', 'x'],
      ['BRPOPLPUSH', 'l', 'm', '-0.5'],
      ['BLMPOP', 'x', '1', 'l', 'LEFT'],
      ['BLMPOP', '0', '0', 'l', 'LEFT'],
      ['BLMPOP', '0', '1', 'l', 'UP'],
      ['BLMPOP', '0', '1', 'l', 'LEFT', 'COUNT', '0'],
      ['BLPOP', 'nokey', '0x0.1p-1'],
      ['LRANGE', 'l', '0', '-1'],
    ]))

  it('inside MULTI they answer nil instead of blocking', (t) =>
    diffScript(t, [
      ['RPUSH', 'l', 'a'],
      ['MULTI'],
      ['BLPOP', 'nokey', '0'],
      ['BLPOP', 'l', '0'],
      ['BRPOP', 'nokey', '0'],
      ['BLMOVE', 'nokey', 'x', 'LEFT', 'LEFT', '0'],
      ['BRPOPLPUSH', 'nokey', 'x', '0'],
      ['BLMPOP', '0', '1', 'nokey', 'LEFT'],
      ['BZPOPMIN', 'nokey', '0'],
      ['BZMPOP', '0', '1', 'nokey', 'MIN'],
      ['EXEC'],
    ]))

  it('BZPOPMIN, BZPOPMAX and BZMPOP answer at once from a non-empty sorted set', (t) =>
    diffScript(t, [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
      ['BZPOPMIN', 'nokey', 'z', '0'],
      ['BZPOPMAX', 'z', '0'],
      ['BZMPOP', '0', '2', 'nokey', 'z', 'MAX', 'COUNT', '1'],
      ['BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '5'],
      ['EXISTS', 'z'],
      ['SET', 's', 'v'],
      ['BZPOPMIN', 's', '0'],
      ['BZPOPMIN', 'z', 'x'],
      ['BZMPOP', '0', '1', 'z', 'LEFT'],
      ['BZMPOP', '0', '0', 'z', 'MIN'],
      ['BZPOPMIN', 'nokey', '0.01'],
      ['BZMPOP', '0.01', '1', 'nokey', 'MIN'],
    ]))

  it('BZPOPMIN and BZMPOP replies in RESP3', (t) =>
    diffScript(
      t,
      [
        ['ZADD', 'z', '1.5', 'a', '2', 'b', '3', 'c'],
        ['BZPOPMIN', 'z', '0'],
        ['BZMPOP', '0', '1', 'z', 'MAX', 'COUNT', '2'],
        ['BZPOPMAX', 'nokey', '0.01'],
      ],
      { resp3: true },
    ))
})

// --- Random sequences ---

const KEYS = ['l0', 'l1', 'l2', 'str']
const VALUES = ['a', 'b', 'c', '1', '2', '-1', '', 'long-element-value']

/** One random list command; lists are deterministic, so every reply compares exactly. */
function listStep(rng: Prng, i: number): Step {
  if (i === 0) return ['SET', 'str', 'v']
  const key = rng.pick(KEYS)
  const other = rng.pick(KEYS)
  const vals = (lo: number, hi: number): string[] => {
    const out: string[] = []
    for (let n = rng.range(lo, hi); n > 0; n--) out.push(rng.pick(VALUES))
    return out
  }
  const idx = (): string => String(rng.range(-8, 8))
  const side = (): string => rng.pick(['LEFT', 'RIGHT'])
  const r = rng.int(100)
  if (r < 18) return [rng.pick(['LPUSH', 'RPUSH']), key, ...vals(1, 5)]
  if (r < 22) return [rng.pick(['LPUSHX', 'RPUSHX']), key, ...vals(1, 3)]
  if (r < 30) {
    const cmd = rng.pick(['LPOP', 'RPOP'])
    return rng.bool() ? [cmd, key] : [cmd, key, String(rng.range(0, 4))]
  }
  if (r < 36) return ['LRANGE', key, idx(), idx()]
  if (r < 40) return ['LINDEX', key, idx()]
  if (r < 44) return ['LSET', key, idx(), rng.pick(VALUES)]
  if (r < 48) return ['LINSERT', key, rng.pick(['BEFORE', 'AFTER']), rng.pick(VALUES), rng.pick(VALUES)]
  if (r < 53) return ['LREM', key, String(rng.range(-2, 2)), rng.pick(VALUES)]
  if (r < 57) return ['LTRIM', key, idx(), idx()]
  if (r < 63) {
    const args = ['LPOS', key, rng.pick(VALUES)]
    if (rng.bool(0.4)) args.push('RANK', String(rng.pick([1, 2, -1, -2, 3])))
    if (rng.bool(0.4)) args.push('COUNT', String(rng.range(0, 3)))
    if (rng.bool(0.3)) args.push('MAXLEN', String(rng.range(0, 5)))
    return args
  }
  if (r < 70) return ['LMOVE', key, other, side(), side()]
  if (r < 73) return ['RPOPLPUSH', key, other]
  if (r < 78) {
    const ks = [key, other]
    const args = ['LMPOP', '2', ...ks, side()]
    if (rng.bool()) args.push('COUNT', String(rng.range(1, 4)))
    return args
  }
  if (r < 82) return [rng.pick(['BLPOP', 'BRPOP']), key, other, '0.01']
  if (r < 85) return ['BLMOVE', key, other, side(), side(), '0.01']
  if (r < 88) return ['LLEN', key]
  if (r < 91) return ['OBJECT', 'ENCODING', key]
  if (r < 93) return ['DEL', key]
  if (r < 95) return ['TYPE', key]
  if (r < 97) return ['EXISTS', key]
  return ['RENAME', key, other]
}

describe('random sequences', () => {
  it('4000 random list commands over four keys agree with redis-server', (t) =>
    diffRandom(t, 0x1157, 4000, listStep))

  it('another 1500 in RESP3', (t) => diffRandom(t, 0x1158, 1500, listStep, { resp3: true }))
})

/**
 * Differential tests of the sorted-set commands against redis-server, part one: ZADD (every
 * option and conflict), ZINCRBY, ZREM, point reads, ZCOUNT/ZLEXCOUNT, the ZRANGE family with
 * every syntax error, ZRANGESTORE and ZREMRANGEBY*, byte for byte in RESP2 and RESP3, with
 * both encodings (listpack up to 128 members of up to 64 bytes, skiplist beyond).
 */

import { describe, it } from 'node:test'
import { diffSuite, type Step, type TestLike } from '../helpers/diff.js'

const { diffScript } = diffSuite()

/** A second pair whose reset also restores the encoding thresholds that scripts change. */
const tuned = diffSuite({
  reset: [
    ['FLUSHALL'],
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
    ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
  ],
})

/** Runs 'script' in RESP2, then again (after a reset) in RESP3. */
async function both(t: TestLike, script: readonly Step[]): Promise<void> {
  await diffScript(t, script)
  await diffScript(t, script, { resp3: true })
}

const B = (s: string): Buffer => Buffer.from(s, 'latin1')

/** ZADD of 'n' members m0..m(n-1) with scores i * 'step'. */
function bigZadd(key: string, n: number, step = 1, prefix = 'm'): string[] {
  const argv = ['ZADD', key]
  for (let i = 0; i < n; i++) argv.push(String(i * step), `${prefix}${i}`)
  return argv
}

const LONG = 'x'.repeat(65)

describe('ZADD', () => {
  it('adds and updates members, counting changes with CH', (t) =>
    both(t, [
      ['ZADD', 'z', '1', 'a'],
      ['ZADD', 'z', '2', 'b', '3', 'c'],
      ['ZADD', 'z', '1', 'a'],
      ['ZADD', 'z', 'CH', '5', 'a', '6', 'd'],
      ['ZADD', 'z', 'ch', '5', 'a'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'z', '1', 'dup', '2', 'dup'],
      ['ZSCORE', 'z', 'dup'],
      ['ZCARD', 'z'],
    ]))

  it('NX, XX, GT and LT choose which members may be added or updated', (t) =>
    both(t, [
      ['ZADD', 'z', '10', 'a', '20', 'b'],
      ['ZADD', 'z', 'NX', '11', 'a', '30', 'c'],
      ['ZADD', 'z', 'XX', '12', 'a', '40', 'd'],
      ['ZADD', 'z', 'XX', 'CH', '12', 'a', '21', 'b'],
      ['ZADD', 'z', 'GT', 'CH', '5', 'a', '50', 'b', '7', 'e'],
      ['ZADD', 'z', 'LT', 'CH', '5', 'a', '60', 'b', '8', 'f'],
      ['ZADD', 'z', 'XX', 'GT', 'CH', '100', 'a', '1', 'b', '1', 'g'],
      ['ZADD', 'z', 'XX', 'LT', '0', 'a', '0', 'zz'],
      ['ZADD', 'z', 'nx', 'nx', '1', 'h'],
      ['ZADD', 'z', 'gt', 'GT', 'ch', '1000', 'h'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'missing', 'XX', '1', 'a'],
      ['EXISTS', 'missing'],
      ['ZADD', 'missing', 'XX', 'INCR', '1', 'a'],
      ['EXISTS', 'missing'],
      ['ZADD', 'missing', 'GT', '1', 'a'],
      ['ZADD', 'missing2', 'LT', 'INCR', '4', 'a'],
      ['ZRANGE', 'missing2', '0', '-1', 'WITHSCORES'],
    ]))

  it('INCR replies the new score, or nil when an option stops it', (t) =>
    both(t, [
      ['ZADD', 'z', 'INCR', '5', 'a'],
      ['ZADD', 'z', 'INCR', '2.5', 'a'],
      ['ZADD', 'z', 'INCR', 'NX', '1', 'a'],
      ['ZADD', 'z', 'INCR', 'XX', '1', 'nope'],
      ['ZADD', 'z', 'INCR', 'GT', '-1', 'a'],
      ['ZADD', 'z', 'INCR', 'GT', '1', 'a'],
      ['ZADD', 'z', 'INCR', 'LT', '1', 'a'],
      ['ZADD', 'z', 'INCR', 'LT', '-100', 'a'],
      ['ZADD', 'z', 'INCR', 'CH', '0', 'a'],
      ['ZADD', 'z', 'INCR', '0.1', 'f'],
      ['ZADD', 'z', 'INCR', '0.2', 'f'],
      ['ZADD', 'new', 'INCR', '-0', 'x'],
      ['ZSCORE', 'new', 'x'],
      ['ZADD', 'z', 'INCR', 'inf', 'i'],
      ['ZADD', 'z', 'INCR', '-inf', 'i'],
      ['ZADD', 'z', 'INCR', '1', 'i'],
      ['ZSCORE', 'z', 'i'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
    ]))

  it('option conflicts and malformed arguments reply Redis’s errors', (t) =>
    both(t, [
      ['ZADD', 'z', 'NX', 'XX', '1', 'a'],
      ['ZADD', 'z', 'XX', 'NX', 'abc', 'a'],
      ['ZADD', 'z', 'GT', 'LT', '1', 'a'],
      ['ZADD', 'z', 'NX', 'GT', '1', 'a'],
      ['ZADD', 'z', 'LT', 'NX', '1', 'a'],
      ['ZADD', 'z', 'NX', 'XX', 'GT', 'LT', '1', 'a'],
      ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'],
      ['ZADD', 'z', 'INCR', 'abc', 'a', '1', 'b'],
      ['ZADD', 'z', 'NX', 'XX', 'INCR', '1', 'a', '2', 'b'],
      ['ZADD', 'z', '1', 'a', '2'],
      ['ZADD', 'z', '1', 'a', 'NX'],
      ['ZADD', 'z', 'NX', 'XX'],
      ['ZADD', 'z', 'CH', 'INCR', 'GT', 'LT'],
      ['ZADD', 'z', '1'],
      ['ZADD', 'z'],
      ['ZADD'],
      ['ZADD', 'z', 'nan', 'a'],
      ['ZADD', 'z', 'NaN', 'a'],
      ['ZADD', 'z', '1', 'a', 'x', 'b'],
      ['EXISTS', 'z'],
      ['ZINCRBY', 'z', '1'],
      ['ZINCRBY', 'z', '1', 'a', 'b'],
      ['ZINCRBY', 'z', 'abc', 'a'],
      ['ZINCRBY', 'z', 'nan', 'a'],
    ]))

  it('scores are parsed as strtod does, without spaces, NaN, overflow or underflow', (t) => {
    const script: Step[] = []
    const inputs = [
      '',
      ' 1',
      '1 ',
      '1e',
      '0x',
      '.',
      '+',
      '-',
      '1.',
      '.5',
      '+.5',
      '-.5',
      '1E+05',
      '1e-05',
      '-0',
      '+0',
    ]
    inputs.push('inf', '-inf', '+inf', 'Infinity', '-INFINITY', 'infx', '1e400', '-1e400', '1e-400', '1e-310')
    inputs.push('0x1p3', '0X1.8P1', '0x.8', '-0x10', '0x1p99999', '007', '1_000', '1,5', '١')
    for (const s of inputs) {
      script.push([B('ZADD'), B('z'), B(s), B(`m${s}`)])
      script.push([B('ZSCORE'), B('z'), B(`m${s}`)])
    }
    script.push(['ZADD', 'z', '1\0', 'nul'])
    script.push(['ZRANGE', 'z', '0', '-1', 'WITHSCORES'])
    return both(t, script)
  })

  it('members are binary-safe and ordered by bytes at equal scores', (t) =>
    both(t, [
      [
        B('ZADD'),
        B('z'),
        B('0'),
        B('a\0b'),
        B('0'),
        B('a'),
        B('0'),
        B(''),
        B('0'),
        B('\xff'),
        B('0'),
        B('B'),
      ],
      [B('ZADD'), B('z'), B('0'), B('\x80x'), B('0'), B('a\0'), B('0'), B('\x7f')],
      ['ZRANGE', 'z', '0', '-1'],
      ['ZRANK', 'z', ''],
      [B('ZSCORE'), B('z'), B('\xff')],
      ['ZRANGEBYLEX', 'z', '-', '+'],
      [B('ZRANGEBYLEX'), B('z'), B('[a\0'), B('(\xff')],
    ]))

  it('a key of another type answers WRONGTYPE, after option and score errors', (t) =>
    both(t, [
      ['SET', 's', 'v'],
      ['ZADD', 's', '1', 'a'],
      ['ZADD', 's', 'x', 'a'],
      ['ZADD', 's', 'NX', 'XX', '1', 'a'],
      ['ZADD', 's', 'XX', '1', 'a'],
      ['ZINCRBY', 's', '1', 'a'],
      ['ZINCRBY', 's', 'x', 'a'],
      ['GET', 's'],
    ]))

  it('encodings follow zset-max-listpack-entries and zset-max-listpack-value', (t) =>
    both(t, [
      bigZadd('z', 128),
      ['OBJECT', 'ENCODING', 'z'],
      ['ZADD', 'z', '1000', 'extra'],
      ['OBJECT', 'ENCODING', 'z'],
      ['ZREMRANGEBYRANK', 'z', '0', '-3'],
      ['OBJECT', 'ENCODING', 'z'],
      ['ZADD', 'long', '1', LONG],
      ['OBJECT', 'ENCODING', 'long'],
      ['ZADD', 'short', '1', 'x'.repeat(64)],
      ['OBJECT', 'ENCODING', 'short'],
      ['ZADD', 'short', '2', LONG],
      ['OBJECT', 'ENCODING', 'short'],
      ['ZADD', 'mixed', '1', 'a', '2', LONG],
      ['OBJECT', 'ENCODING', 'mixed'],
      ['ZADD', 'upd', '1', 'a'],
      ['ZADD', 'upd', '2', 'a'],
      ['OBJECT', 'ENCODING', 'upd'],
    ]))

  it('-0 stays -0 in a skiplist but reads back as 0 from a listpack', (t) =>
    both(t, [
      ['ZADD', 'lp', '-0', 'a', '0', 'b', '-0.0', 'c'],
      ['ZSCORE', 'lp', 'a'],
      ['ZRANGE', 'lp', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'sl', '-0', 'a', '1', LONG],
      ['ZSCORE', 'sl', 'a'],
      ['ZRANGE', 'sl', '0', '-1', 'WITHSCORES'],
      ['ZINCRBY', 'sl', '-0', 'a'],
      ['ZADD', 'sl', '0', 'a'],
      ['ZSCORE', 'sl', 'a'],
      ['ZRANGESTORE', 'dst', 'sl', '0', '-1'],
      ['ZSCORE', 'dst', 'a'],
      ['ZUNIONSTORE', 'u', '1', 'sl'],
      ['ZSCORE', 'u', 'a'],
      ['ZUNION', '1', 'lp', 'WEIGHTS', '-1', 'WITHSCORES'],
    ]))
})

describe('ZINCRBY, ZREM and point reads', () => {
  it('ZINCRBY adds to scores, creating members and keys, printing %.17g', (t) =>
    both(t, [
      ['ZINCRBY', 'z', '1', 'a'],
      ['ZINCRBY', 'z', '0.1', 'a'],
      ['ZINCRBY', 'z', '1e20', 'b'],
      ['ZINCRBY', 'z', '-1e20', 'b'],
      ['ZINCRBY', 'z', '1.7976931348623157e308', 'c'],
      ['ZINCRBY', 'z', '1.7976931348623157e308', 'c'],
      ['ZINCRBY', 'z', '-inf', 'c'],
      ['ZINCRBY', 'z', '5e-324', 'd'],
      ['ZINCRBY', 'z', '123456789012345678', 'e'],
      ['ZINCRBY', 'z', '0.3333333333333333', 'f'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZSCAN', 'z', '0'],
    ]))

  it('ZREM removes members and deletes the emptied key', (t) =>
    both(t, [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['ZREM', 'z', 'a', 'x', 'a'],
      ['ZREM', 'z', 'nope'],
      ['ZREM', 'missing', 'a'],
      ['ZREM', 'z', 'b', 'c', 'd'],
      ['EXISTS', 'z'],
      ['ZREM', 'z'],
      ['SET', 's', 'v'],
      ['ZREM', 's', 'a'],
      bigZadd('big', 200),
      ['ZREM', 'big', 'm0', 'm199', 'm100', 'nope'],
      ['ZCARD', 'big'],
      ['ZRANGE', 'big', '98', '101', 'WITHSCORES'],
    ]))

  it('ZCARD, ZSCORE, ZMSCORE, ZRANK and ZREVRANK on present, missing and wrong keys', (t) =>
    both(t, [
      ['ZADD', 'z', '1', 'a', '2', 'b', '2', 'c', 'inf', 'd', '-inf', 'e'],
      ['ZCARD', 'z'],
      ['ZCARD', 'missing'],
      ['ZSCORE', 'z', 'a'],
      ['ZSCORE', 'z', 'd'],
      ['ZSCORE', 'z', 'e'],
      ['ZSCORE', 'z', 'nope'],
      ['ZSCORE', 'missing', 'a'],
      ['ZMSCORE', 'z', 'a', 'nope', 'd', 'a'],
      ['ZMSCORE', 'missing', 'a', 'b'],
      ['ZMSCORE', 'z'],
      ['ZRANK', 'z', 'e'],
      ['ZRANK', 'z', 'c'],
      ['ZRANK', 'z', 'nope'],
      ['ZRANK', 'missing', 'a'],
      ['ZREVRANK', 'z', 'e'],
      ['ZREVRANK', 'z', 'd'],
      ['ZREVRANK', 'z', 'nope'],
      ['ZRANK', 'z', 'a', 'WITHSCORE'],
      ['SET', 's', 'v'],
      ['ZCARD', 's'],
      ['ZSCORE', 's', 'a'],
      ['ZMSCORE', 's', 'a'],
      ['ZRANK', 's', 'a'],
      ['ZREVRANK', 's', 'a'],
      bigZadd('big', 300, 0.5),
      ['ZRANK', 'big', 'm0'],
      ['ZRANK', 'big', 'm299'],
      ['ZREVRANK', 'big', 'm17'],
      ['ZSCORE', 'big', 'm17'],
      ['ZMSCORE', 'big', 'm1', 'm2', 'x'],
    ]))
})

describe('ZCOUNT and ZLEXCOUNT', () => {
  it('ZCOUNT takes inclusive, exclusive and infinite bounds as strtod reads them', (t) => {
    const script: Step[] = [['ZADD', 'z', '1', 'a', '1.5', 'b', '2', 'c', '3', 'd', 'inf', 'e', '-inf', 'f']]
    const bounds: [string, string][] = [
      ['-inf', '+inf'],
      ['1', '2'],
      ['(1', '2'],
      ['1', '(2'],
      ['(1', '(2'],
      ['(1.5', '(1.5'],
      ['1.5', '1.5'],
      ['3', '1'],
      ['(', '+inf'],
      ['', '+inf'],
      [' 1', '2'],
      ['\t2', '3'],
      ['(-inf', '(inf'],
      ['1e400', '+inf'],
      ['-1e400', '1e-400'],
      ['0x1p0', '0x2'],
      ['-Infinity', 'INF'],
      ['1\0junk', '2'],
      ['1 ', '2'],
      ['nan', '1'],
      ['(nan', '1'],
      ['a', '1'],
      ['1', 'b'],
      ['((1', '2'],
      ['  ', '2'],
    ]
    for (const [min, max] of bounds) script.push([B('ZCOUNT'), B('z'), B(min), B(max)])
    script.push(['ZCOUNT', 'missing', '1', '2'], ['ZCOUNT', 'missing', 'a', 'b'])
    script.push(['SET', 's', 'v'], ['ZCOUNT', 's', '1', '2'], ['ZCOUNT', 's', 'x', '2'])
    return both(t, script)
  })

  it('ZLEXCOUNT takes [ ( - + items and refuses anything else', (t) => {
    const script: Step[] = [
      ['ZADD', 'z', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'ee', '0', ''],
    ]
    const ranges: [string, string][] = [
      ['-', '+'],
      ['[a', '[c'],
      ['(a', '(c'],
      ['[b', '+'],
      ['-', '(b'],
      ['[e', '[e'],
      ['(e', '[e'],
      ['[e', '(e'],
      ['[', '(a'],
      ['(', '+'],
      ['[d', '[b'],
      ['+', '-'],
      ['-', '-'],
      ['+', '+'],
      ['a', 'b'],
      ['[a', 'b'],
      ['+a', '+'],
      ['-', '-a'],
      ['', '+'],
      ['+\0x', '-\0y'],
    ]
    for (const [min, max] of ranges) script.push([B('ZLEXCOUNT'), B('z'), B(min), B(max)])
    script.push(['ZLEXCOUNT', 'missing', '-', '+'], ['ZLEXCOUNT', 'missing', 'a', 'b'])
    script.push(['SET', 's', 'v'], ['ZLEXCOUNT', 's', '-', '+'], ['ZLEXCOUNT', 's', 'a', '+'])
    return both(t, script)
  })
})

describe('ZRANGE and its older forms', () => {
  const setup: Step = ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '5', 'f', '-1', 'g']

  it('rank ranges count from either end and clamp out-of-range indexes', (t) => {
    const script: Step[] = [setup]
    const ranges: [string, string][] = [
      ['0', '-1'],
      ['0', '0'],
      ['-1', '-1'],
      ['2', '4'],
      ['-3', '-2'],
      ['-100', '2'],
      ['5', '100'],
      ['7', '10'],
      ['4', '2'],
      ['-1', '0'],
      ['0', '9223372036854775807'],
      ['-9223372036854775808', '-9223372036854775808'],
      ['9223372036854775808', '1'],
      ['1.5', '2'],
      ['a', '2'],
      ['+1', '2'],
      ['01', '2'],
    ]
    for (const [s, e] of ranges) {
      script.push(['ZRANGE', 'z', s, e], ['ZRANGE', 'z', s, e, 'WITHSCORES'], ['ZRANGE', 'z', s, e, 'REV'])
      script.push(['ZREVRANGE', 'z', s, e, 'WITHSCORES'])
    }
    script.push(
      ['ZRANGE', 'missing', '0', '-1'],
      ['ZRANGE', 'missing', 'a', 'b'],
      ['ZREVRANGE', 'missing', '0', '1'],
    )
    return both(t, script)
  })

  it('BYSCORE, REV, LIMIT and WITHSCORES combine as in Redis', (t) => {
    const script: Step[] = [setup]
    const forms: string[][] = [
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE'],
      ['ZRANGE', 'z', '(1', '5', 'BYSCORE', 'WITHSCORES'],
      ['ZRANGE', 'z', '5', '(1', 'BYSCORE', 'REV', 'WITHSCORES'],
      ['ZRANGE', 'z', '(1', '5', 'BYSCORE', 'REV'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '2'],
      ['ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '1', '2', 'WITHSCORES'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '0', '-1'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '0', '0'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '-1', '5'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '7', '5'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '6', '5', 'REV'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '1', 'LIMIT', '2', '2'],
      ['zrange', 'z', '-inf', '+inf', 'byscore', 'rev', 'limit', '0', '3', 'withscores'],
      ['ZRANGE', 'z', '5', '5', 'BYSCORE'],
      ['ZRANGE', 'z', '(5', '5', 'BYSCORE'],
      ['ZRANGE', 'z', '6', '1', 'BYSCORE'],
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf'],
      ['ZRANGEBYSCORE', 'z', '2', '(5', 'WITHSCORES', 'LIMIT', '1', '10'],
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '2', '3', 'WITHSCORES'],
      ['ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'WITHSCORES'],
      ['ZREVRANGEBYSCORE', 'z', '(5', '2', 'LIMIT', '1', '1'],
      ['ZREVRANGEBYSCORE', 'z', '2', '5'],
      ['ZRANGEBYSCORE', 'missing', '-inf', '+inf', 'WITHSCORES'],
    ]
    script.push(...forms)
    return both(t, script)
  })

  it('BYLEX ranges walk members in byte order', (t) => {
    const script: Step[] = [
      ['ZADD', 'l', '0', 'a', '0', 'aa', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'f'],
    ]
    const forms: string[][] = [
      ['ZRANGE', 'l', '-', '+', 'BYLEX'],
      ['ZRANGE', 'l', '[b', '(e', 'BYLEX'],
      ['ZRANGE', 'l', '(e', '[b', 'BYLEX', 'REV'],
      ['ZRANGE', 'l', '+', '-', 'BYLEX', 'REV', 'LIMIT', '1', '3'],
      ['ZRANGE', 'l', '-', '+', 'BYLEX', 'LIMIT', '2', '2'],
      ['ZRANGE', 'l', '-', '+', 'BYLEX', 'LIMIT', '-1', '2'],
      ['ZRANGE', 'l', '[a', '[a', 'BYLEX'],
      ['ZRANGE', 'l', '(a', '[aa', 'BYLEX'],
      ['ZRANGEBYLEX', 'l', '[aa', '+', 'LIMIT', '0', '2'],
      ['ZRANGEBYLEX', 'l', '(a', '(b'],
      ['ZRANGEBYLEX', 'l', '[z', '+'],
      ['ZREVRANGEBYLEX', 'l', '+', '-'],
      ['ZREVRANGEBYLEX', 'l', '[d', '(a', 'LIMIT', '1', '2'],
      ['ZREVRANGEBYLEX', 'l', '-', '+'],
      ['ZRANGEBYLEX', 'missing', '-', '+'],
    ]
    script.push(...forms)
    return both(t, script)
  })

  it('BYLEX over mixed scores answers what Redis’s listpack walk answers', (t) =>
    both(t, [
      ['ZADD', 'm', '1', 'b', '2', 'a', '3', 'd', '4', 'c', '5', 'e'],
      ['ZRANGEBYLEX', 'm', '[a', '[c'],
      ['ZRANGEBYLEX', 'm', '[b', '+'],
      ['ZRANGEBYLEX', 'm', '-', '[c'],
      ['ZRANGEBYLEX', 'm', '[c', '+', 'LIMIT', '1', '5'],
      ['ZREVRANGEBYLEX', 'm', '[d', '[a'],
      ['ZREVRANGEBYLEX', 'm', '+', '[b', 'LIMIT', '1', '5'],
      ['ZLEXCOUNT', 'm', '[a', '[d'],
      ['ZLEXCOUNT', 'm', '(b', '+'],
      ['ZREMRANGEBYLEX', 'm', '[b', '[c'],
      ['ZRANGE', 'm', '0', '-1'],
    ]))

  it('every syntax error of ZRANGE and its older forms', (t) =>
    both(t, [
      setup,
      ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '1'],
      ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '-1'],
      ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0'],
      ['ZRANGE', 'z', '0', '-1', 'LIMIT'],
      ['ZRANGE', 'z', '0', '-1', 'LIMIT', 'x', '1', 'BYSCORE'],
      ['ZRANGE', 'z', '0', '-1', 'BYSCORE', 'LIMIT', '1', 'x'],
      ['ZRANGE', 'z', '0', '-1', 'BYSCORE', 'LIMIT', '1', '1.5'],
      ['ZRANGE', 'z', 'a', 'b', 'BYLEX', 'WITHSCORES'],
      ['ZRANGE', 'z', '[a', '[b', 'BYLEX', 'WITHSCORES'],
      ['ZRANGE', 'z', '0', '-1', 'BYLEX'],
      ['ZRANGE', 'z', 'a', '1', 'BYSCORE'],
      ['ZRANGE', 'z', '0', '-1', 'BYSCORE', 'BYLEX'],
      ['ZRANGE', 'z', '0', '-1', 'BYSCORE', 'BYSCORE'],
      ['ZRANGE', 'z', '0', '-1', 'REV', 'REV'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES', 'WITHSCORES'],
      ['ZRANGE', 'z', '0', '-1', 'FOO'],
      ['ZRANGE', 'z', 'x', 'y'],
      ['ZRANGE', 'z', '0'],
      ['ZRANGE', 'missing', '0', '-1', 'LIMIT', '0', '1'],
      ['ZRANGEBYSCORE', 'z', '0', '1', 'REV'],
      ['ZRANGEBYSCORE', 'z', '0', '1', 'BYSCORE'],
      ['ZRANGEBYSCORE', 'z', '0', '1', 'BYLEX'],
      ['ZRANGEBYSCORE', 'z', '0', '1', 'LIMIT', '1'],
      ['ZRANGEBYSCORE', 'z', 'x', '1'],
      ['ZRANGEBYSCORE', 'z', '(x', '1'],
      ['ZREVRANGEBYSCORE', 'z', '1', 'x'],
      ['ZREVRANGEBYSCORE', 'z', '1', '0', 'REV'],
      ['ZRANGEBYLEX', 'z', '-', '+', 'WITHSCORES'],
      ['ZRANGEBYLEX', 'z', 'a', '+'],
      ['ZRANGEBYLEX', 'z', '-', '+', 'BYLEX'],
      ['ZREVRANGEBYLEX', 'z', '+', 'a'],
      ['ZREVRANGE', 'z', '0', '-1', 'REV'],
      ['ZREVRANGE', 'z', '0', '-1', 'LIMIT', '0', '1'],
      ['ZREVRANGE', 'z', '0', '-1', 'BYSCORE'],
      ['ZREVRANGE', 'z', 'a', '1'],
      ['SET', 's', 'v'],
      ['ZRANGE', 's', '0', '-1'],
      ['ZRANGE', 's', 'x', '-1'],
      ['ZRANGE', 's', '0', '-1', 'LIMIT', '0', '1'],
      ['ZRANGEBYSCORE', 's', '0', '1'],
      ['ZRANGEBYLEX', 's', '-', '+'],
      ['ZREVRANGE', 's', '0', '1'],
    ]))

  it('ranges over a skiplist-encoded set agree with Redis', (t) =>
    both(t, [
      bigZadd('big', 1000, 0.25),
      ['ZRANGE', 'big', '0', '4', 'WITHSCORES'],
      ['ZRANGE', 'big', '-5', '-1', 'REV', 'WITHSCORES'],
      ['ZRANGE', 'big', '500', '510'],
      ['ZREVRANGE', 'big', '0', '3'],
      ['ZRANGE', 'big', '(100', '110', 'BYSCORE', 'WITHSCORES'],
      ['ZRANGE', 'big', '110', '(100', 'BYSCORE', 'REV', 'LIMIT', '2', '5'],
      ['ZRANGEBYSCORE', 'big', '-inf', '+inf', 'LIMIT', '995', '10'],
      ['ZREVRANGEBYSCORE', 'big', '+inf', '-inf', 'LIMIT', '995', '10'],
      ['ZCOUNT', 'big', '10', '(20'],
      ['ZCOUNT', 'big', '(249.75', '+inf'],
      bigZadd('lex', 300, 0, 'k'),
      ['ZRANGEBYLEX', 'lex', '[k10', '(k11'],
      ['ZREVRANGEBYLEX', 'lex', '(k2', '[k199', 'LIMIT', '3', '4'],
      ['ZLEXCOUNT', 'lex', '[k1', '(k2'],
      ['ZLEXCOUNT', 'lex', '-', '+'],
      ['ZRANGE', 'lex', '-', '[k100', 'BYLEX', 'LIMIT', '1', '3'],
    ]))
})

describe('ZRANGESTORE and ZREMRANGEBY*', () => {
  it('ZRANGESTORE stores a range, overwrites the destination and deletes it when empty', (t) =>
    both(t, [
      ['ZADD', 'src', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
      ['ZRANGESTORE', 'dst', 'src', '1', '2'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'src', '(1', '+inf', 'BYSCORE', 'LIMIT', '1', '5'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'src', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '0', '2'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'src', '[b', '+', 'BYLEX'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'src', '0', '-1', 'REV'],
      ['SET', 'str', 'v', 'EX', '100'],
      ['ZRANGESTORE', 'str', 'src', '0', '0'],
      ['TYPE', 'str'],
      ['TTL', 'str'],
      ['ZRANGESTORE', 'dst', 'src', '10', '20'],
      ['EXISTS', 'dst'],
      ['ZRANGESTORE', 'dst', 'missing', '0', '-1'],
      ['ZRANGESTORE', 'src', 'src', '0', '1'],
      ['ZRANGE', 'src', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'src', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'src', '0', '-1', 'LIMIT', '0', '1'],
      ['ZRANGESTORE', 'dst', 'src', 'a', 'b'],
      ['ZRANGESTORE', 'dst', 'src', 'a', 'b', 'BYSCORE'],
      ['ZRANGESTORE', 'dst', 'src', 'a', 'b', 'BYLEX'],
      ['ZRANGESTORE', 'dst', 'src', '0'],
      ['ZRANGESTORE', 'dst', 'str', '0', '-1'],
      ['ZRANGESTORE', 'str', 'missing', '0', '-1'],
      ['EXISTS', 'str'],
      bigZadd('big', 200),
      ['ZRANGESTORE', 'dst', 'big', '0', '127'],
      ['OBJECT', 'ENCODING', 'dst'],
      ['ZRANGESTORE', 'dst', 'big', '0', '128'],
      ['OBJECT', 'ENCODING', 'dst'],
      ['ZADD', 'long', '1', 'a', '2', LONG],
      ['ZRANGESTORE', 'dst', 'long', '0', '0'],
      ['OBJECT', 'ENCODING', 'dst'],
      ['ZRANGESTORE', 'dst', 'long', '0', '-1'],
      ['OBJECT', 'ENCODING', 'dst'],
    ]))

  it('ZREMRANGEBYRANK, BYSCORE and BYLEX remove ranges and delete emptied keys', (t) =>
    both(t, [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f'],
      ['ZREMRANGEBYRANK', 'z', '0', '0'],
      ['ZREMRANGEBYRANK', 'z', '-2', '-1'],
      ['ZREMRANGEBYRANK', 'z', '5', '10'],
      ['ZREMRANGEBYRANK', 'z', '2', '1'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZREMRANGEBYSCORE', 'z', '(2', '3'],
      ['ZREMRANGEBYSCORE', 'z', '10', '20'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZREMRANGEBYSCORE', 'z', '-inf', '+inf'],
      ['EXISTS', 'z'],
      ['ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd'],
      ['ZREMRANGEBYLEX', 'l', '(a', '[c'],
      ['ZREMRANGEBYLEX', 'l', '[x', '+'],
      ['ZRANGE', 'l', '0', '-1'],
      ['ZREMRANGEBYLEX', 'l', '-', '+'],
      ['EXISTS', 'l'],
      ['ZADD', 'r', '1', 'a'],
      ['ZREMRANGEBYRANK', 'r', '-100', '100'],
      ['EXISTS', 'r'],
      ['ZREMRANGEBYRANK', 'missing', '0', '-1'],
      ['ZREMRANGEBYSCORE', 'missing', '-inf', '+inf'],
      ['ZREMRANGEBYLEX', 'missing', '-', '+'],
      ['ZREMRANGEBYRANK', 'missing', 'a', '1'],
      ['ZREMRANGEBYSCORE', 'missing', 'a', '1'],
      ['ZREMRANGEBYLEX', 'missing', 'a', '+'],
      ['SET', 's', 'v'],
      ['ZREMRANGEBYRANK', 's', '0', '1'],
      ['ZREMRANGEBYRANK', 's', 'x', '1'],
      ['ZREMRANGEBYSCORE', 's', '0', '1'],
      ['ZREMRANGEBYSCORE', 's', 'x', '1'],
      ['ZREMRANGEBYLEX', 's', '-', '+'],
      ['ZREMRANGEBYLEX', 's', 'x', '+'],
      ['ZREMRANGEBYRANK', 's', '0'],
      bigZadd('big', 500),
      ['ZREMRANGEBYRANK', 'big', '10', '19'],
      ['ZREMRANGEBYSCORE', 'big', '(100', '200'],
      ['ZREMRANGEBYRANK', 'big', '-10', '-1'],
      ['ZCARD', 'big'],
      ['ZRANGE', 'big', '5', '15', 'WITHSCORES'],
      ['ZRANGE', 'big', '-3', '-1', 'WITHSCORES'],
      ['OBJECT', 'ENCODING', 'big'],
    ]))
})

describe('encoding thresholds set with CONFIG SET', () => {
  const tunedBoth = async (t: TestLike, script: readonly Step[]): Promise<void> => {
    await tuned.diffScript(t, script)
    await tuned.diffScript(t, script, { resp3: true })
  }

  it('new sets and conversions follow zset-max-listpack-entries and -value', (t) =>
    tunedBoth(t, [
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'],
      ['ZADD', 'a', '-0', 'x'],
      ['OBJECT', 'ENCODING', 'a'],
      ['ZSCORE', 'a', 'x'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '2'],
      ['CONFIG', 'SET', 'zset-max-listpack-value', '3'],
      ['ZADD', 'b', '1', 'abcd'],
      ['OBJECT', 'ENCODING', 'b'],
      ['ZADD', 'c', '-0', 'abc', '-0', 'x', '1', 'y'],
      ['OBJECT', 'ENCODING', 'c'],
      ['ZRANGE', 'c', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'd', '-0', 'a', '1', 'abcd'],
      ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'e', '1', 'a', '2', 'b'],
      ['OBJECT', 'ENCODING', 'e'],
      ['ZADD', 'e', '3', 'a'],
      ['OBJECT', 'ENCODING', 'e'],
      ['ZADD', 'e', '3', 'c'],
      ['OBJECT', 'ENCODING', 'e'],
      ['ZUNIONSTORE', 'u', '1', 'c'],
      ['OBJECT', 'ENCODING', 'u'],
      ['ZINTERSTORE', 'i', '2', 'c', 'c'],
      ['OBJECT', 'ENCODING', 'i'],
      ['ZDIFFSTORE', 'df', '2', 'c', 'e'],
      ['OBJECT', 'ENCODING', 'df'],
    ]))

  it('ZRANGESTORE sizes a rank range up front, while score and lex ranges convert on the way', (t) =>
    tunedBoth(t, [
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'],
      ['ZADD', 'sl', '-0', 'a', '1', 'b', '-0', 'c', '2', 'd'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '2'],
      ['ZRANGESTORE', 'r', 'sl', '0', '-1'],
      ['OBJECT', 'ENCODING', 'r'],
      ['ZRANGE', 'r', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'r2', 'sl', '0', '1'],
      ['OBJECT', 'ENCODING', 'r2'],
      ['ZRANGE', 'r2', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'r3', 'sl', '-1', '0', 'REV'],
      ['ZRANGE', 'r3', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 's', 'sl', '-inf', '+inf', 'BYSCORE'],
      ['ZRANGE', 's', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 's', 'sl', '+inf', '-inf', 'BYSCORE', 'REV'],
      ['ZRANGE', 's', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'l', 'sl', '-', '+', 'BYLEX'],
      ['ZRANGE', 'l', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'l', 'sl', '+', '-', 'BYLEX', 'REV', 'LIMIT', '0', '3'],
      ['ZRANGE', 'l', '0', '-1', 'WITHSCORES'],
      ['CONFIG', 'SET', 'zset-max-listpack-value', '0'],
      ['ZRANGESTORE', 'v', 'sl', '0', '0'],
      ['OBJECT', 'ENCODING', 'v'],
      ['ZRANGE', 'v', '0', '-1', 'WITHSCORES'],
      ['ZUNIONSTORE', 'u', '1', 'sl'],
      ['OBJECT', 'ENCODING', 'u'],
      ['ZRANGE', 'u', '0', '-1', 'WITHSCORES'],
    ]))
})

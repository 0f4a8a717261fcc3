/**
 * Differential tests of the string commands (GET SET SETNX SETEX PSETEX MGET MSET MSETNX
 * GETSET GETDEL GETEX APPEND STRLEN INCR DECR INCRBY DECRBY INCRBYFLOAT GETRANGE SUBSTR
 * SETRANGE LCS) against redis-server: every reply byte for byte, edge cases and error texts,
 * RESP2 and RESP3, plus a seeded random sequence over a small key space.
 */

import { describe, it } from 'node:test'
import { diffSuite, type Step } from '../helpers/diff.js'
import type { Prng } from '../helpers/prng.js'
import { otherTypeKey, supports } from './string-helpers.js'

const { diffScript, diffRandom, withPair } = diffSuite()

const B = (s: string): Buffer => Buffer.from(s, 'latin1')
let ALL_BYTES = ''
for (let i = 0; i < 256; i++) ALL_BYTES += String.fromCharCode(i)

describe('GET and SET', () => {
  it('SET stores binary-safe values that GET returns unchanged', (t) =>
    diffScript(t, [
      ['GET', 'k'],
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['SET', 'k', ''],
      ['GET', 'k'],
      ['STRLEN', 'k'],
      [B('SET'), B('bin\0key'), B(ALL_BYTES)],
      [B('GET'), B('bin\0key')],
      [B('STRLEN'), B('bin\0key')],
      ['SET', 'n', '12345'],
      ['GET', 'n'],
      ['set', 'k', 'lower'],
      ['get', 'k'],
    ]))

  it('SET NX, XX and GET follow their conditions and reply nil or the old value', (t) =>
    diffScript(t, [
      ['SET', 'k', 'v1', 'XX'],
      ['GET', 'k'],
      ['SET', 'k', 'v1', 'NX'],
      ['SET', 'k', 'v2', 'NX'],
      ['GET', 'k'],
      ['SET', 'k', 'v3', 'XX'],
      ['SET', 'k', 'v4', 'GET'],
      ['SET', 'new', 'v', 'GET'],
      ['SET', 'k', 'v5', 'NX', 'GET'],
      ['GET', 'k'],
      ['SET', 'missing', 'v', 'XX', 'GET'],
      ['GET', 'missing'],
      ['SET', 'k', 'v6', 'xx', 'get'],
      ['SET', 'k', 'v7', 'GET', 'GET'],
      ['SET', 'k', 'v8', 'NX', 'NX'],
      ['SET', 'k', 'v9', 'XX', 'XX'],
      ['SET', 'k', 'v10', 'KEEPTTL', 'KEEPTTL'],
      ['SET', 'k', 'v11', 'EX', '10', 'EX', '20'],
      ['GET', 'k'],
    ]))

  it('SET refuses conflicting or incomplete options with a syntax error', (t) => {
    const bad = [
      ['NX', 'XX'],
      ['XX', 'NX'],
      ['EX', '10', 'PX', '10'],
      ['PX', '10', 'EX', '10'],
      ['EX', '10', 'EXAT', '10'],
      ['PXAT', '10', 'EXAT', '10'],
      ['KEEPTTL', 'EX', '1'],
      ['EX', '1', 'KEEPTTL'],
      ['PXAT', '1', 'KEEPTTL'],
      ['EX'],
      ['PX'],
      ['EXAT'],
      ['PXAT'],
      ['PERSIST'],
      ['EX', '10', 'foo'],
      ['FOO'],
      ['NXX'],
      ['N'],
      ['EX', '0', 'FOO'],
      ['GET', 'EX'],
    ]
    return diffScript(t, [
      ['SET', 'k', 'orig'],
      ...bad.map((opts): Step => ['SET', 'k', 'v', ...opts]),
      ['GET', 'k'],
      [B('SET'), B('k'), B('nul'), B('NX\0junk')],
      [B('SET'), B('k'), B('nul2'), B('XX\0')],
      ['GET', 'k'],
    ])
  })

  it('SET checks the expire time before anything else', (t) =>
    diffScript(t, [
      ['SET', 'k', 'orig'],
      ['SET', 'k', 'v', 'EX', '0'],
      ['SET', 'k', 'v', 'EX', '-1'],
      ['SET', 'k', 'v', 'PX', '0'],
      ['SET', 'k', 'v', 'EXAT', '0'],
      ['SET', 'k', 'v', 'PXAT', '-5'],
      ['SET', 'k', 'v', 'EX', 'abc'],
      ['SET', 'k', 'v', 'EX', '1.5'],
      ['SET', 'k', 'v', 'EX', ' 1'],
      ['SET', 'k', 'v', 'EX', '+1'],
      ['SET', 'k', 'v', 'EX', '01'],
      ['SET', 'k', 'v', 'EX', ''],
      ['SET', 'k', 'v', 'EX', '9223372036854775808'],
      ['SET', 'k', 'v', 'EX', '9223372036854776'],
      ['SET', 'k', 'v', 'EX', '9223372036854775'],
      ['SET', 'k', 'v', 'PX', '9223372036854775807'],
      ['SET', 'k', 'v', 'PX', '9223372036854000000'],
      ['SET', 'k', 'v', 'EXAT', '9223372036854776'],
      ['SET', 'k', 'v', 'NX', 'EX', '0'],
      ['GET', 'k'],
      ['SET', 'k', 'v', 'EXAT', '9223372036854775'],
      ['GET', 'k'],
      ['SET', 'k', 'v2', 'PXAT', '9223372036854775807'],
      ['GET', 'k'],
      ['SET', 'k', 'v3', 'EX', '100'],
      ['SET', 'k', 'v4', 'PX', '100000', 'GET'],
      ['SET', 'k', 'v5', 'KEEPTTL', 'GET'],
      ['GET', 'k'],
    ]))

  it('SET with an absolute time in the past stores a key that is already expired', (t) =>
    diffScript(t, [
      ['SET', 'k', 'v', 'EXAT', '1'],
      ['GET', 'k'],
      ['SET', 'k', 'v', 'PXAT', '1000', 'GET'],
      ['SET', 'k', 'v', 'XX'],
      ['GET', 'k'],
    ]))

  it('SET GET and friends answer WRONGTYPE for other types and leave them alone', async (t) => {
    const other = await otherTypeKey(withPair, t, 'lk')
    if (other === null) return
    await diffScript(t, [
      other,
      ['GET', 'lk'],
      ['SET', 'lk', 'v', 'GET'],
      ['SET', 'lk', 'v', 'GET', 'EX', '0'],
      ['SET', 'lk', 'v', 'NX', 'GET'],
      ['SET', 'lk', 'v', 'NX'],
      ['SETNX', 'lk', 'v'],
      ['GETSET', 'lk', 'v'],
      ['GETDEL', 'lk'],
      ['GETEX', 'lk'],
      ['GETEX', 'lk', 'EX', '0'],
      ['APPEND', 'lk', 'x'],
      ['STRLEN', 'lk'],
      ['INCR', 'lk'],
      ['DECRBY', 'lk', '2'],
      ['INCRBYFLOAT', 'lk', '1.5'],
      ['GETRANGE', 'lk', '0', '-1'],
      ['SUBSTR', 'lk', '0', '-1'],
      ['SETRANGE', 'lk', '0', 'x'],
      ['SETRANGE', 'lk', '0', ''],
      ['MSETNX', 'lk', 'v', 'other', 'v'],
      ['MGET', 'lk', 'other'],
      ['LCS', 'lk', 'other'],
      ['LCS', 'other', 'lk', 'LEN'],
      ['SET', 'lk', 'now a string'],
      ['GET', 'lk'],
    ])
  })

  it('SET KEEPTTL keeps the TTL and a plain SET clears it', async (t) => {
    if (!(await supports(withPair, t, 'pttl'))) return
    await diffScript(t, [
      ['SET', 'k', 'v', 'EX', '1000'],
      ['SET', 'k', 'v2', 'KEEPTTL'],
      { cmd: ['TTL', 'k'], mode: ttlClose },
      ['SET', 'k', 'v3'],
      ['TTL', 'k'],
      ['SET', 'k', 'v', 'PXAT', '9223372036854775807'],
      { cmd: ['PTTL', 'k'], mode: ttlClose },
      ['SETEX', 'k', '1000', 'v'],
      { cmd: ['TTL', 'k'], mode: ttlClose },
      ['GETSET', 'k', 'v'],
      ['TTL', 'k'],
      ['PSETEX', 'k', '1000000', 'v'],
      ['APPEND', 'k', 'x'],
      ['INCRBYFLOAT', 'missing', '1'],
      ['SETRANGE', 'k', '0', 'y'],
      { cmd: ['TTL', 'k'], mode: ttlClose },
      ['SET', 'n', '1', 'EX', '1000'],
      ['INCR', 'n'],
      ['INCRBYFLOAT', 'n', '1.5'],
      { cmd: ['TTL', 'n'], mode: ttlClose },
    ])
  })
})

/** Integer replies equal within one second (TTLs read a moment apart on two servers). */
function ttlClose(redis: Buffer, redoubt: Buffer): string | undefined {
  const a = /^:(-?\d+)\r\n$/.exec(redis.toString('latin1'))
  const b = /^:(-?\d+)\r\n$/.exec(redoubt.toString('latin1'))
  if (a === null || b === null) return redis.equals(redoubt) ? undefined : 'replies differ'
  const diff = BigInt(a[1]!) - BigInt(b[1]!)
  return diff >= -1000n && diff <= 1000n ? undefined : `TTLs differ by ${diff}`
}

describe('SETNX, SETEX, PSETEX, MGET, MSET, MSETNX, GETSET, GETDEL', () => {
  it('SETNX sets only missing keys', (t) =>
    diffScript(t, [
      ['SETNX', 'k', 'a'],
      ['SETNX', 'k', 'b'],
      ['GET', 'k'],
    ]))

  it('SETEX and PSETEX validate the time with their own command name', (t) =>
    diffScript(t, [
      ['SETEX', 'k', '100', 'v'],
      ['GET', 'k'],
      ['SETEX', 'k', '0', 'v'],
      ['SETEX', 'k', '-3', 'v'],
      ['SETEX', 'k', 'abc', 'v'],
      ['SETEX', 'k', '9223372036854775', 'v'],
      ['PSETEX', 'k', '100000', 'v2'],
      ['GET', 'k'],
      ['PSETEX', 'k', '0', 'v'],
      ['PSETEX', 'k', '1.5', 'v'],
      ['PSETEX', 'k', '9223372036854775807', 'v'],
      ['SETEX', 'k'],
      ['GET', 'k'],
    ]))

  it('MGET answers nil for missing keys, MSET and MSETNX set pairs', (t) =>
    diffScript(t, [
      ['MSET', 'a', '1', 'b', '2', 'a', '3'],
      ['MGET', 'a', 'b', 'c', 'a'],
      ['MGET', 'c'],
      ['MSET', 'a', '1', 'b'],
      ['MSETNX', 'a', '1', 'b'],
      ['MSET', 'a'],
      ['MSETNX', 'x', '1', 'a', '2'],
      ['MGET', 'x', 'a'],
      ['MSETNX', 'x', '1', 'y', '2', 'x', '3'],
      ['MGET', 'x', 'y'],
      ['MSETNX', 'x', '9'],
      [B('MSET'), B('\xff'), B('\x00\x01')],
      [B('MGET'), B('\xff')],
    ]))

  it('GETSET and GETDEL return the old value', (t) =>
    diffScript(t, [
      ['GETSET', 'k', 'a'],
      ['GETSET', 'k', 'b'],
      ['GET', 'k'],
      ['GETDEL', 'k'],
      ['GETDEL', 'k'],
      ['GET', 'k'],
    ]))
})

describe('GETEX', () => {
  it('GETEX returns the value and sets, keeps or removes its expiry', (t) =>
    diffScript(t, [
      ['GETEX', 'missing'],
      ['GETEX', 'missing', 'EX', '0'],
      ['GETEX', 'missing', 'PERSIST'],
      ['SET', 'k', 'v'],
      ['GETEX', 'k'],
      ['GETEX', 'k', 'EX', '100'],
      ['GETEX', 'k', 'PX', '100000'],
      ['GETEX', 'k', 'EXAT', '99999999999'],
      ['GETEX', 'k', 'PXAT', '99999999999999'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'persist', 'PERSIST'],
      ['GETEX', 'k', 'EX', '10', 'EX', '20'],
      ['GETEX', 'k', 'EX', '0'],
      ['GETEX', 'k', 'PX', '-1'],
      ['GETEX', 'k', 'EX', 'abc'],
      ['GETEX', 'k', 'EX', '9223372036854775'],
      ['GET', 'k'],
      ['GETEX', 'k', 'EXAT', '1'],
      ['GET', 'k'],
      ['SET', 'k', 'v'],
      ['GETEX', 'k', 'PXAT', '1'],
      ['GETEX', 'k'],
    ]))

  it('GETEX refuses SET-only and conflicting options', (t) => {
    const bad = [
      ['PERSIST', 'EX', '10'],
      ['EX', '10', 'PERSIST'],
      ['KEEPTTL'],
      ['NX'],
      ['XX'],
      ['GET'],
      ['EX'],
      ['EX', '1', 'PX', '1'],
      ['EXAT', '1', 'PXAT', '1'],
      ['FOO'],
    ]
    return diffScript(t, [
      ['SET', 'k', 'v'],
      ...bad.map((opts): Step => ['GETEX', 'k', ...opts]),
      ...bad.map((opts): Step => ['GETEX', 'missing', ...opts]),
      ['GET', 'k'],
    ])
  })

  it('GETEX changes the TTL as asked', async (t) => {
    if (!(await supports(withPair, t, 'pttl'))) return
    await diffScript(t, [
      ['SET', 'k', 'v'],
      ['GETEX', 'k', 'EX', '1000'],
      { cmd: ['PTTL', 'k'], mode: ttlClose },
      ['GETEX', 'k'],
      { cmd: ['PTTL', 'k'], mode: ttlClose },
      ['GETEX', 'k', 'PERSIST'],
      ['PTTL', 'k'],
      ['GETEX', 'k', 'PXAT', '9223372036854775807'],
      { cmd: ['PTTL', 'k'], mode: ttlClose },
    ])
  })
})

describe('APPEND and STRLEN', () => {
  it('APPEND creates or extends the value and replies the new length', (t) =>
    diffScript(t, [
      ['STRLEN', 'k'],
      ['APPEND', 'k', 'hello'],
      ['APPEND', 'k', ' world'],
      ['APPEND', 'k', ''],
      ['GET', 'k'],
      ['STRLEN', 'k'],
      ['APPEND', 'empty', ''],
      ['GET', 'empty'],
      ['SET', 'n', '10'],
      ['APPEND', 'n', '5'],
      ['INCR', 'n'],
      [B('APPEND'), B('bin'), B(ALL_BYTES)],
      [B('APPEND'), B('bin'), B(ALL_BYTES)],
      ['STRLEN', 'bin'],
      ['GET', 'bin'],
    ]))

  it('APPEND grows a large value', (t) => {
    const chunk = 'x'.repeat(10000)
    const steps: Step[] = []
    for (let i = 0; i < 30; i++) steps.push(['APPEND', 'big', chunk])
    return diffScript(t, [...steps, ['STRLEN', 'big'], ['GETRANGE', 'big', '-5', '-1'], ['GET', 'big']])
  })
})

describe('INCR, DECR, INCRBY, DECRBY', () => {
  it('counters add exactly across the whole signed 64-bit range', (t) =>
    diffScript(t, [
      ['INCR', 'c'],
      ['INCRBY', 'c', '41'],
      ['DECR', 'c'],
      ['DECRBY', 'c', '-10'],
      ['GET', 'c'],
      ['SET', 'c', '9007199254740990'],
      ['INCR', 'c'],
      ['INCR', 'c'],
      ['INCR', 'c'],
      ['INCRBY', 'c', '9007199254740993'],
      ['DECRBY', 'c', '18014398509481990'],
      ['INCRBY', 'c', '-9007199254740993'],
      ['SET', 'c', '9223372036854775806'],
      ['INCR', 'c'],
      ['INCR', 'c'],
      ['GET', 'c'],
      ['INCRBY', 'c', '-1'],
      ['SET', 'c', '-9223372036854775807'],
      ['DECR', 'c'],
      ['DECR', 'c'],
      ['INCRBY', 'c', '9223372036854775807'],
      ['INCRBY', 'c', '-9223372036854775808'],
      ['DECRBY', 'c', '-9223372036854775808'],
      ['DECRBY', 'c', '9223372036854775807'],
      ['DECRBY', 'c', '9223372036854775807'],
      ['SET', 'z', '0'],
      ['DECRBY', 'z', '0'],
      ['INCRBY', 'z', '-0'],
      ['DECRBY', 'missing', '5'],
    ]))

  it('counters refuse values and increments that are not strict integers', (t) => {
    const values = ['abc', ' 1', '1 ', '+1', '01', '-0', '1.5', '', '9223372036854775808', '1e3', '0x10', '१']
    const steps: Step[] = []
    for (const v of values) {
      steps.push(
        ['SET', 'v', v],
        ['INCR', 'v'],
        ['DECRBY', 'v', '1'],
        ['INCRBY', 'ok', v],
        ['DECRBY', 'ok', v],
      )
    }
    return diffScript(t, [...steps, ['SET', 'v', '-9223372036854775808'], ['DECR', 'v'], ['GET', 'ok']])
  })
})

describe('INCRBYFLOAT', () => {
  it('INCRBYFLOAT adds in long double precision and prints like Redis', (t) =>
    diffScript(t, [
      ['INCRBYFLOAT', 'f', '1.5'],
      ['INCRBYFLOAT', 'f', '0.1'],
      ['INCRBYFLOAT', 'f', '-1.6'],
      ['INCRBYFLOAT', 'f', '5.0e3'],
      ['INCRBYFLOAT', 'f', '3'],
      ['INCRBYFLOAT', 'f', '-0.0000001'],
      ['SET', 'g', '0.1'],
      ['INCRBYFLOAT', 'g', '0.2'],
      ['SET', 'g', '10'],
      ['INCRBYFLOAT', 'g', '1e-20'],
      ['INCRBYFLOAT', 'g', '1.7976931348623157e308'],
      ['SET', 'g', '1e308'],
      ['INCRBYFLOAT', 'g', '1e308'],
      ['SET', 'g', '9223372036854775807'],
      ['INCRBYFLOAT', 'g', '1'],
      ['SET', 'g', '3.0000'],
      ['INCRBYFLOAT', 'g', '0'],
      ['SET', 'g', '-0'],
      ['INCRBYFLOAT', 'g', '0'],
      ['INCRBYFLOAT', 'h', '1.23456789012345678901234567890'],
      ['INCRBYFLOAT', 'h', '100000000000000000000'],
    ]))

  it('INCRBYFLOAT refuses NaN, infinities and text that is not a float', (t) => {
    const bad = ['abc', 'inf', '-inf', 'nan', ' 1', '1 ', '', '1e', '1.5x', '0x10', '1e5000']
    const steps: Step[] = []
    for (const v of bad) steps.push(['INCRBYFLOAT', 'f', v], ['SET', 'v', v], ['INCRBYFLOAT', 'v', '1'])
    return diffScript(t, [['SET', 'f', '1'], ...steps, ['GET', 'f']])
  })
})

describe('GETRANGE, SUBSTR, SETRANGE', () => {
  it('GETRANGE resolves negative and out-of-range indexes as Redis', (t) => {
    const ranges = [
      ['0', '4'],
      ['-5', '-1'],
      ['0', '-1'],
      ['5', '3'],
      ['-1', '-5'],
      ['0', '100'],
      ['-100', '-50'],
      ['-100', '2'],
      ['10', '10'],
      ['11', '20'],
      ['-9223372036854775808', '9223372036854775807'],
      ['-9223372036854775807', '-9223372036854775808'],
      ['9223372036854775807', '-1'],
    ]
    const steps: Step[] = [
      ['SET', 'k', 'Hello World'],
      ['SET', 'e', ''],
    ]
    for (const [s, e] of ranges) {
      steps.push(['GETRANGE', 'k', s!, e!], ['SUBSTR', 'k', s!, e!], ['GETRANGE', 'e', s!, e!])
      steps.push(['GETRANGE', 'missing', s!, e!])
    }
    steps.push(['GETRANGE', 'k', 'a', '1'], ['GETRANGE', 'missing', '0', 'x'], ['SUBSTR', 'k', '1.5', '2'])
    return diffScript(t, steps)
  })

  it('SETRANGE overwrites, pads with zero bytes and checks its offset', (t) =>
    diffScript(t, [
      ['SETRANGE', 'k', '0', ''],
      ['GET', 'k'],
      ['SETRANGE', 'k', '5', 'x'],
      ['GET', 'k'],
      ['SET', 's', 'Hello World'],
      ['SETRANGE', 's', '6', 'Redis'],
      ['GET', 's'],
      ['SETRANGE', 's', '20', 'tail'],
      ['GET', 's'],
      ['SETRANGE', 's', '0', ''],
      ['SETRANGE', 's', '-1', 'x'],
      ['SETRANGE', 's', 'abc', 'x'],
      ['SETRANGE', 's', '536870911', 'xx'],
      ['SETRANGE', 's', '536870912', ''],
      ['SETRANGE', 'missing', '536870912', ''],
      ['SETRANGE', 'missing', '9223372036854775807', 'x'],
      ['SETRANGE', 'missing', '-1', ''],
      ['GET', 'missing'],
      ['SET', 'n', '12345'],
      ['SETRANGE', 'n', '1', 'x'],
      ['INCR', 'n'],
      [B('SETRANGE'), B('bin'), B('3'), B('\x00\xff\x80')],
      ['GET', 'bin'],
    ]))

  it('SETRANGE far into a value builds a large zero-padded string', (t) =>
    diffScript(t, [
      ['SETRANGE', 'big', '1000000', 'end'],
      ['STRLEN', 'big'],
      ['GETRANGE', 'big', '999990', '-1'],
      ['SETRANGE', 'big', '10', 'mid'],
      ['SETRANGE', 'big', '1000002', 'more'],
      ['GETRANGE', 'big', '0', '20'],
      ['GETRANGE', 'big', '-10', '-1'],
      ['APPEND', 'big', 'tail'],
      ['STRLEN', 'big'],
      ['GET', 'big'],
      ['SETRANGE', 'mid', '300', 'x'],
      ['SETRANGE', 'mid', '0', 'y'],
      ['GET', 'mid'],
    ]))
})

describe('LCS', () => {
  it('LCS replies the subsequence, its length or the matching ranges', (t) =>
    diffScript(t, [
      ['MSET', 'key1', 'ohmytext', 'key2', 'mynewtext'],
      ['LCS', 'key1', 'key2'],
      ['LCS', 'key1', 'key2', 'LEN'],
      ['LCS', 'key1', 'key2', 'IDX'],
      ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4'],
      ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'key2', 'idx', 'withmatchlen', 'minmatchlen', '-3'],
      ['LCS', 'key1', 'key2', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'key2', 'MINMATCHLEN', '2'],
      ['LCS', 'key1', 'key2', 'LEN', 'LEN'],
      ['LCS', 'key2', 'key1', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'key1', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'missing'],
      ['LCS', 'missing', 'key2', 'IDX'],
      ['LCS', 'missing', 'missing', 'LEN'],
      ['LCS', 'key1', 'key2', 'LEN', 'IDX'],
      ['LCS', 'key1', 'key2', 'FOO'],
      ['LCS', 'key1', 'key2', 'MINMATCHLEN'],
      ['LCS', 'key1', 'key2', 'MINMATCHLEN', 'abc'],
      ['LCS', 'key1', 'key2', 'MINMATCHLEN', 'abc', 'FOO'],
      ['LCS', 'key1', 'key2', 'FOO', 'LEN', 'IDX'],
      ['MSET', 'a', 'abcabcabc', 'b', 'bcaacbbca'],
      ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'],
      [B('MSET'), B('x'), B('\x00\xff\x00\xfe'), B('y'), B('\xff\x00\xfe')],
      ['LCS', 'x', 'y'],
      ['LCS', 'x', 'y', 'IDX'],
    ]))

  it('LCS IDX is a map in RESP3', (t) =>
    diffScript(
      t,
      [
        ['MSET', 'key1', 'ohmytext', 'key2', 'mynewtext'],
        ['LCS', 'key1', 'key2', 'IDX', 'WITHMATCHLEN'],
        ['LCS', 'key1', 'key2', 'LEN'],
        ['LCS', 'missing', 'key2'],
      ],
      { resp3: true },
    ))

  it('LCS agrees on random strings', (t) =>
    diffRandom(t, 7001, 60, (rng, i) =>
      i % 3 === 0
        ? ['MSET', 'a', rng.string(rng.int(40), 'abcd'), 'b', rng.string(rng.int(40), 'abcd')]
        : ['LCS', 'a', 'b', ...rng.pick([[], ['LEN'], ['IDX'], ['IDX', 'WITHMATCHLEN', 'MINMATCHLEN', '2']])],
    ))
})

describe('RESP3', () => {
  it('string replies keep their types in RESP3', (t) =>
    diffScript(
      t,
      [
        ['GET', 'missing'],
        ['SET', 'k', 'v', 'GET'],
        ['SET', 'k', 'v2', 'NX'],
        ['MGET', 'k', 'missing'],
        ['GETEX', 'missing'],
        ['GETDEL', 'missing'],
        ['GETSET', 'new', 'x'],
        ['INCRBYFLOAT', 'f', '2.5'],
        ['INCR', 'n'],
        ['GETRANGE', 'missing', '0', '1'],
        ['SETNX', 'k', 'v'],
        ['MSETNX', 'k', 'v'],
      ],
      { resp3: true },
    ))
})

// --- Random sequence ---

const KEYS = ['a', 'b', 'c', 'd']

function randomValue(rng: Prng): string {
  switch (rng.int(5)) {
    case 0:
      return String(rng.range(-1000, 1000))
    case 1:
      return rng.pick(['9223372036854775807', '-9223372036854775808', '9007199254740993', '0', '-1'])
    case 2:
      return `${rng.range(-100, 100)}.${rng.int(1000)}`
    case 3:
      return ''
    default:
      return rng.string(rng.int(12), 'abcxyz01')
  }
}

/** One random string command over KEYS. */
function randomStringStep(rng: Prng): Step {
  const k = rng.pick(KEYS)
  const v = randomValue(rng)
  const n = String(rng.range(-20, 20))
  switch (rng.int(24)) {
    case 0:
      return [
        'SET',
        k,
        v,
        ...rng.pick([[], ['NX'], ['XX'], ['GET'], ['NX', 'GET'], ['KEEPTTL'], ['EX', '1000']]),
      ]
    case 1:
      return ['GET', k]
    case 2:
      return ['APPEND', k, v]
    case 3:
      return ['INCR', k]
    case 4:
      return ['DECRBY', k, rng.pick([n, v])]
    case 5:
      return ['INCRBY', k, rng.pick([n, v, '9223372036854775807'])]
    case 6:
      return ['INCRBYFLOAT', k, rng.pick([n, v, '0.5', '1e3'])]
    case 7:
      return ['GETRANGE', k, n, String(rng.range(-20, 20))]
    case 8:
      // Now and then far enough to hold the value in its Buffer-backed form.
      return ['SETRANGE', k, String(rng.bool(0.1) ? 250 + rng.int(100) : rng.int(20)), v]
    case 9:
      return ['STRLEN', k]
    case 10:
      return ['MGET', ...rng.shuffle(KEYS).slice(0, 1 + rng.int(4))]
    case 11:
      return ['MSET', k, v, rng.pick(KEYS), randomValue(rng)]
    case 12:
      return ['MSETNX', k, v, rng.pick(KEYS), randomValue(rng)]
    case 13:
      return ['GETSET', k, v]
    case 14:
      return ['GETDEL', k]
    case 15:
      return ['GETEX', k, ...rng.pick([[], ['PERSIST'], ['EX', '1000'], ['PXAT', '1']])]
    case 16:
      return ['SETNX', k, v]
    case 17:
      return ['LCS', k, rng.pick(KEYS), ...rng.pick([[], ['LEN'], ['IDX', 'WITHMATCHLEN']])]
    case 18:
      return ['SETBIT', k, String(rng.bool(0.1) ? 2000 + rng.int(800) : rng.int(100)), String(rng.int(2))]
    case 19:
      return ['GETBIT', k, String(rng.int(100))]
    case 20:
      return ['BITCOUNT', k, ...rng.pick([[], [n, '-1'], [n, '-1', 'BIT']])]
    case 21:
      return ['DECR', k]
    case 22:
      return ['SUBSTR', k, n, '-1']
    default:
      return ['SETEX', k, rng.pick(['1000', '0']), v]
  }
}

describe('random sequences', () => {
  it('a seeded random sequence of string commands matches reply by reply', (t) =>
    diffRandom(t, 424242, 3000, (rng) => randomStringStep(rng)))
})

describe('proto-max-bulk-len', () => {
  const limited = diffSuite({ config: { 'proto-max-bulk-len': 1048576 } })

  it('values may grow up to proto-max-bulk-len and no further', (t) =>
    limited.diffScript(t, [
      ['SETRANGE', 'k', '1048575', 'x'],
      ['STRLEN', 'k'],
      ['SETRANGE', 'k', '1048576', 'x'],
      ['SETRANGE', 'k', '1048575', 'xy'],
      ['SETRANGE', 'k', '1048576', ''],
      ['APPEND', 'k', 'x'],
      ['APPEND', 'k', ''],
      ['SETRANGE', 'j', '1048570', 'abcdef'],
      ['SETRANGE', 'j2', '1048570', 'abcdefg'],
      ['SET', 'a', 'x'.repeat(600)],
      ['SET', 'b', 'x'.repeat(400)],
      ['LCS', 'a', 'b', 'LEN'],
      ['SET', 'b', 'x'.repeat(600)],
      ['LCS', 'a', 'b', 'LEN'],
      ['LCS', 'a', 'b', 'IDX'],
      ['LCS', 'a', 'missing'],
      ['LCS', 'a', 'b', 'FOO'],
    ]))
})

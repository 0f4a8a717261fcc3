/**
 * Differential tests of the bitmap commands (SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD
 * BITFIELD_RO) against redis-server: every reply byte for byte, edge cases and error texts,
 * RESP2 and RESP3, plus a seeded random sequence over a small key space.
 */

import { describe, it } from 'node:test'
import { diffSuite, type Step } from '../helpers/diff.js'
import type { Prng } from '../helpers/prng.js'
import { otherTypeKey } from './string-helpers.js'

const { diffScript, diffRandom, withPair } = diffSuite()

const B = (s: string): Buffer => Buffer.from(s, 'latin1')

describe('SETBIT and GETBIT', () => {
  it('SETBIT returns the old bit and grows the value with zero bytes', (t) =>
    diffScript(t, [
      ['GETBIT', 'k', '0'],
      ['SETBIT', 'k', '7', '1'],
      ['SETBIT', 'k', '7', '1'],
      ['SETBIT', 'k', '7', '0'],
      ['SETBIT', 'k', '0', '1'],
      ['GET', 'k'],
      ['SETBIT', 'k', '100', '1'],
      ['STRLEN', 'k'],
      ['GET', 'k'],
      ['GETBIT', 'k', '100'],
      ['GETBIT', 'k', '101'],
      ['GETBIT', 'k', '1000000'],
      ['GETBIT', 'k', '4294967295'],
      ['SET', 's', 'A'],
      ['GETBIT', 's', '1'],
      ['GETBIT', 's', '7'],
      ['SETBIT', 's', '6', '1'],
      ['GET', 's'],
      ['SET', 'n', '12'],
      ['SETBIT', 'n', '15', '1'],
      ['GET', 'n'],
      ['INCR', 'n'],
    ]))

  it('SETBIT and GETBIT check the offset and the bit', (t) =>
    diffScript(t, [
      ['SET', 'k', 'x'],
      ['SETBIT', 'k', '-1', '1'],
      ['SETBIT', 'k', 'abc', '1'],
      ['SETBIT', 'k', '4294967296', '1'],
      ['SETBIT', 'k', '1.5', '1'],
      ['SETBIT', 'k', '0', '2'],
      ['SETBIT', 'k', '0', '-1'],
      ['SETBIT', 'k', '0', 'x'],
      ['SETBIT', 'k', '0', '01'],
      ['SETBIT', 'k', '0', ''],
      ['SETBIT', 'k', '-1', 'x'],
      ['SETBIT', 'k', '#1', '1'],
      ['GETBIT', 'k', '-1'],
      ['GETBIT', 'k', '4294967296'],
      ['GETBIT', 'k', 'x'],
      ['GETBIT', 'missing', 'x'],
      ['GETBIT', 'k', '#1'],
      ['GET', 'k'],
    ]))

  it('thousands of SETBITs over a 1 MB bitmap agree', async (t) => {
    const steps: Step[] = [['SETBIT', 'big', String(8 * 1024 * 1024 - 1), '1']]
    let x = 12345
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648
      steps.push(['SETBIT', 'big', String(x % (8 * 1024 * 1024)), String(i & 1)])
    }
    steps.push(['BITCOUNT', 'big'], ['BITPOS', 'big', '1'], ['STRLEN', 'big'], ['GET', 'big'])
    await diffScript(t, steps)
  })
})

describe('BITCOUNT', () => {
  it('BITCOUNT counts whole values and byte or bit ranges', (t) => {
    const ranges = [
      [],
      ['0', '0'],
      ['0', '-1'],
      ['1', '1'],
      ['-2', '-1'],
      ['-1', '-2'],
      ['-100', '-50'],
      ['5', '2'],
      ['0', '100'],
      ['0', '0', 'BYTE'],
      ['0', '0', 'BIT'],
      ['5', '30', 'BIT'],
      ['1', '6', 'bit'],
      ['3', '3', 'BIT'],
      ['-5', '-1', 'BIT'],
      ['-1', '-5', 'BIT'],
      ['0', '-1', 'BIT'],
      ['9', '14', 'BIT'],
      ['8', '15', 'BIT'],
      ['-9223372036854775808', '9223372036854775807', 'BIT'],
      ['-9223372036854775807', '-9223372036854775808'],
    ]
    const steps: Step[] = [
      ['SET', 'k', 'foobar'],
      ['SET', 'e', ''],
    ]
    for (const r of ranges)
      steps.push(['BITCOUNT', 'k', ...r], ['BITCOUNT', 'e', ...r], ['BITCOUNT', 'missing', ...r])
    return diffScript(t, steps)
  })

  it('BITCOUNT checks its arguments only for existing keys', (t) =>
    diffScript(t, [
      ['SET', 'k', 'foobar'],
      ['BITCOUNT', 'k', '0'],
      ['BITCOUNT', 'missing', '0'],
      ['BITCOUNT', 'k', 'a', '1'],
      ['BITCOUNT', 'k', '0', 'b'],
      ['BITCOUNT', 'missing', 'a', 'b'],
      ['BITCOUNT', 'k', '0', '1', 'FOO'],
      ['BITCOUNT', 'k', 'x', '1', 'FOO'],
      ['BITCOUNT', 'k', '0', 'x', 'FOO'],
      ['BITCOUNT', 'k', '0', '1', 'BIT', 'extra'],
      ['BITCOUNT', 'missing', '0', '1', 'BIT', 'extra'],
      [B('BITCOUNT'), B('k'), B('0'), B('1'), B('BIT\0x')],
    ]))
})

describe('BITPOS', () => {
  it('BITPOS finds set and clear bits with and without ranges', (t) => {
    const values: [string, string][] = [
      ['ones', '\xff\xff\xff'],
      ['zeros', '\x00\x00\x00'],
      ['mixed', '\xff\xf0\x00'],
      ['low', '\x00\x0f\x00\x01'],
      ['empty', ''],
    ]
    const ranges = [
      [],
      ['0'],
      ['1'],
      ['-1'],
      ['0', '-1'],
      ['1', '1'],
      ['2', '1'],
      ['-20', '-30'],
      ['-1', '-5'],
      ['0', '0', 'BIT'],
      ['3', '12', 'BIT'],
      ['7', '9', 'BIT'],
      ['8', '15', 'BIT'],
      ['12', '12', 'bit'],
      ['-5', '-1', 'BIT'],
      ['0', '-1', 'BYTE'],
      ['5', '100', 'BIT'],
      ['20', '23', 'BIT'],
      ['9', '10', 'BIT'],
    ]
    const steps: Step[] = values.map(([k, v]): Step => [B('SET'), B(k), B(v)])
    for (const [k] of values) {
      for (const bit of ['0', '1']) for (const r of ranges) steps.push(['BITPOS', k, bit, ...r])
    }
    for (const r of ranges) steps.push(['BITPOS', 'missing', '0', ...r], ['BITPOS', 'missing', '1', ...r])
    return diffScript(t, steps)
  })

  it('BITPOS checks the bit first and the range only for existing keys', (t) =>
    diffScript(t, [
      ['SET', 'k', '\x00'],
      ['BITPOS', 'k', '2'],
      ['BITPOS', 'k', '-1'],
      ['BITPOS', 'k', 'x'],
      ['BITPOS', 'missing', '2'],
      ['BITPOS', 'missing', '1', 'x'],
      ['BITPOS', 'missing', '0', '1', '2', 'FOO', 'extra'],
      ['BITPOS', 'k', '1', 'x'],
      ['BITPOS', 'k', '1', '0', 'x'],
      ['BITPOS', 'k', '1', 'x', '0', 'FOO'],
      ['BITPOS', 'k', '1', '0', 'x', 'FOO'],
      ['BITPOS', 'k', '1', '0', 'x', 'BIT'],
      ['BITPOS', 'k', '1', '0', '1', 'BIT', 'extra'],
    ]))
})

describe('BITOP', () => {
  it('BITOP combines values, zero-padding shorter ones, and replies the length', (t) =>
    diffScript(t, [
      [B('MSET'), B('a'), B('\xff\x0f\xaa'), B('b'), B('\x0f'), B('c'), B('')],
      ['BITOP', 'AND', 'd', 'a', 'b'],
      ['GET', 'd'],
      ['BITOP', 'OR', 'd', 'a', 'b'],
      ['GET', 'd'],
      ['BITOP', 'XOR', 'd', 'a', 'b', 'a'],
      ['GET', 'd'],
      ['BITOP', 'not', 'd', 'a'],
      ['GET', 'd'],
      ['BITOP', 'and', 'd', 'a', 'missing'],
      ['GET', 'd'],
      ['BITOP', 'OR', 'd', 'missing', 'a'],
      ['GET', 'd'],
      ['BITOP', 'AND', 'd', 'missing', 'c'],
      ['GET', 'd'],
      ['BITOP', 'AND', 'missing2', 'missing'],
      ['BITOP', 'OR', 'a', 'a', 'b'],
      ['GET', 'a'],
      ['BITOP', 'NOT', 'e', 'c'],
      ['GET', 'e'],
      ['BITOP', 'NOT', 'd', 'a', 'b'],
      ['BITOP', 'NOT', 'd'],
      ['BITOP', 'NAND', 'd', 'a'],
      ['BITOP', 'ANDX', 'd', 'a'],
      [B('BITOP'), B('OR\0x'), B('d'), B('a')],
      ['GET', 'd'],
      ['SET', 'n', '123'],
      ['BITOP', 'NOT', 'n2', 'n'],
      ['GET', 'n2'],
    ]))

  it('BITOP over a large value', (t) =>
    diffScript(t, [
      ['SETBIT', 'x', '800000', '1'],
      ['SETBIT', 'y', '12', '1'],
      ['BITOP', 'OR', 'z', 'x', 'y'],
      ['BITCOUNT', 'z'],
      ['BITOP', 'NOT', 'z', 'z'],
      ['BITCOUNT', 'z'],
      ['BITOP', 'XOR', 'x', 'x', 'z'],
      ['GET', 'x'],
    ]))
})

describe('BITFIELD', () => {
  it('BITFIELD GET, SET and INCRBY signed and unsigned fields', (t) =>
    diffScript(t, [
      ['BITFIELD', 'k'],
      ['BITFIELD', 'k', 'GET', 'u8', '0'],
      ['BITFIELD', 'k', 'SET', 'i5', '100', '1', 'GET', 'u4', '0'],
      ['GET', 'k'],
      ['BITFIELD', 'k', 'INCRBY', 'i5', '100', '1', 'GET', 'u4', '0'],
      ['BITFIELD', 'k', 'SET', 'u8', '#2', '255', 'GET', 'u8', '#2', 'GET', 'i8', '#2'],
      ['BITFIELD', 'k', 'SET', 'i64', '0', '-1', 'GET', 'i64', '0', 'GET', 'u63', '0', 'GET', 'u63', '1'],
      ['BITFIELD', 'k', 'SET', 'i64', '3', '-9223372036854775808', 'GET', 'i64', '3', 'GET', 'i1', '3'],
      ['BITFIELD', 'k', 'INCRBY', 'i64', '3', '-1', 'INCRBY', 'u63', '3', '1'],
      ['BITFIELD', 'k', 'GET', 'u1', '1000', 'GET', 'i64', '1000', 'GET', 'u63', '#30'],
      ['BITFIELD', 'k', 'set', 'u1', '2000', '1', 'get', 'u1', '2000'],
      ['STRLEN', 'k'],
      ['GET', 'k'],
      ['SET', 's', 'hello'],
      ['BITFIELD', 's', 'GET', 'u8', '0', 'GET', 'i16', '4', 'GET', 'u12', '30', 'GET', 'i64', '0'],
      ['BITFIELD_RO', 's', 'GET', 'u8', '0', 'GET', 'i16', '4'],
      ['BITFIELD_RO', 's'],
      ['BITFIELD_RO', 'missing', 'GET', 'u8', '0'],
    ]))

  it('BITFIELD overflows wrap, saturate or fail', (t) =>
    diffScript(t, [
      ['BITFIELD', 'k', 'SET', 'u8', '0', '255', 'INCRBY', 'u8', '0', '10'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '0', '300', 'INCRBY', 'u8', '0', '-1000'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '300', 'GET', 'u8', '0'],
      [
        'BITFIELD',
        'k',
        'OVERFLOW',
        'FAIL',
        'SET',
        'u8',
        '0',
        '256',
        'SET',
        'u8',
        '0',
        '-1',
        'SET',
        'u8',
        '0',
        '7',
      ],
      [
        'BITFIELD',
        'k',
        'OVERFLOW',
        'SAT',
        'SET',
        'u8',
        '0',
        '-1',
        'SET',
        'i8',
        '0',
        '200',
        'SET',
        'i8',
        '0',
        '-200',
      ],
      [
        'BITFIELD',
        'k',
        'OVERFLOW',
        'WRAP',
        'SET',
        'u8',
        '0',
        '-1',
        'SET',
        'i8',
        '0',
        '200',
        'SET',
        'i8',
        '0',
        '-200',
      ],
      [
        'BITFIELD',
        'k',
        'SET',
        'i8',
        '0',
        '127',
        'INCRBY',
        'i8',
        '0',
        '1',
        'OVERFLOW',
        'sat',
        'INCRBY',
        'i8',
        '0',
        '-1000',
      ],
      [
        'BITFIELD',
        'k',
        'OVERFLOW',
        'FAIL',
        'INCRBY',
        'i8',
        '0',
        '-1000',
        'OVERFLOW',
        'wrap',
        'INCRBY',
        'i8',
        '0',
        '-1000',
      ],
      ['BITFIELD', 'k', 'SET', 'i64', '0', '9223372036854775807', 'INCRBY', 'i64', '0', '1'],
      [
        'BITFIELD',
        'k',
        'OVERFLOW',
        'SAT',
        'INCRBY',
        'i64',
        '0',
        '-9223372036854775808',
        'INCRBY',
        'i64',
        '0',
        '-1',
      ],
      [
        'BITFIELD',
        'k',
        'OVERFLOW',
        'SAT',
        'SET',
        'i64',
        '0',
        '9223372036854775807',
        'INCRBY',
        'i64',
        '0',
        '10',
      ],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'i64', '0', '1', 'INCRBY', 'i64', '0', '-1'],
      ['BITFIELD', 'k', 'SET', 'u63', '0', '9223372036854775807', 'INCRBY', 'u63', '0', '1'],
      [
        'BITFIELD',
        'k',
        'OVERFLOW',
        'SAT',
        'INCRBY',
        'u63',
        '0',
        '9223372036854775807',
        'INCRBY',
        'u63',
        '0',
        '-9223372036854775808',
      ],
      [
        'BITFIELD',
        'k',
        'OVERFLOW',
        'FAIL',
        'INCRBY',
        'u1',
        '7',
        '1',
        'INCRBY',
        'u1',
        '7',
        '1',
        'INCRBY',
        'i1',
        '7',
        '-1',
      ],
      ['BITFIELD', 'fresh', 'OVERFLOW', 'FAIL', 'SET', 'u8', '16', '256'],
      ['GET', 'fresh'],
      ['GET', 'k'],
    ]))

  it('BITFIELD refuses bad types, offsets, values and subcommands', (t) =>
    diffScript(t, [
      ['SET', 'k', 'x'],
      ['BITFIELD', 'k', 'GET', 'u64', '0'],
      ['BITFIELD', 'k', 'GET', 'i65', '0'],
      ['BITFIELD', 'k', 'GET', 'i0', '0'],
      ['BITFIELD', 'k', 'GET', 'u', '0'],
      ['BITFIELD', 'k', 'GET', 'U8', '0'],
      ['BITFIELD', 'k', 'GET', 'x8', '0'],
      ['BITFIELD', 'k', 'GET', 'i08', '0'],
      ['BITFIELD', 'k', 'GET', '', '0'],
      [B('BITFIELD'), B('k'), B('GET'), B('u8\0zz'), B('0')],
      ['BITFIELD', 'k', 'GET', 'u8', '-1'],
      ['BITFIELD', 'k', 'GET', 'u8', 'x'],
      ['BITFIELD', 'k', 'GET', 'u8', '#-1'],
      ['BITFIELD', 'k', 'GET', 'u8', '#'],
      ['BITFIELD', 'k', 'GET', 'u8', '##1'],
      ['BITFIELD', 'k', 'GET', 'u8', '4294967296'],
      ['BITFIELD', 'k', 'GET', 'u8', '4294967295'],
      ['BITFIELD', 'k', 'GET', 'u8', '#536870912'],
      ['BITFIELD', 'k', 'GET', 'u8', '#536870911'],
      ['BITFIELD', 'k', 'GET', 'i64', '#1152921504606846976'],
      ['BITFIELD', 'k', 'GET', 'i64', '#1152921504606846975'],
      ['BITFIELD', 'k', 'GET', 'i64', '#-1152921504606846976'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', 'x'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '1.5'],
      ['BITFIELD', 'k', 'INCRBY', 'u8', '0', '9223372036854775808'],
      ['BITFIELD', 'k', 'SET', 'u8', '0'],
      ['BITFIELD', 'k', 'GET', 'u8'],
      ['BITFIELD', 'k', 'FOO', 'u8', '0'],
      ['BITFIELD', 'k', 'OVERFLOW'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FOO', 'GET', 'u8', '0'],
      ['BITFIELD', 'k', 'GET', 'u8', '0', 'OVERFLOW', 'FOO'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '1', 'GET', 'u64', '0'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL'],
      ['BITFIELD_RO', 'k', 'SET', 'u8', '0', '1'],
      ['BITFIELD_RO', 'k', 'INCRBY', 'u8', '0', '1'],
      ['BITFIELD_RO', 'k', 'GET', 'u8', '0', 'SET', 'u8', '0', 'x'],
      ['BITFIELD_RO', 'k', 'OVERFLOW', 'SAT', 'GET', 'u8', '0'],
      ['BITFIELD_RO', 'k', 'GET', 'u64', '0'],
      ['GET', 'k'],
    ]))

  it('BITFIELD replies keep their types in RESP3', (t) =>
    diffScript(
      t,
      [
        ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'u8', '0', '256', 'SET', 'u8', '0', '1'],
        ['BITFIELD_RO', 'k', 'GET', 'u8', '0'],
        ['BITPOS', 'missing', '1'],
        ['BITCOUNT', 'k'],
        ['GETBIT', 'k', '7'],
      ],
      { resp3: true },
    ))
})

describe('wrong types', () => {
  it('bitmap commands answer WRONGTYPE for other types', async (t) => {
    const other = await otherTypeKey(withPair, t, 'lk')
    if (other === null) return
    await diffScript(t, [
      other,
      ['SETBIT', 'lk', '0', '1'],
      ['SETBIT', 'lk', '-1', '1'],
      ['GETBIT', 'lk', '0'],
      ['BITCOUNT', 'lk'],
      ['BITCOUNT', 'lk', 'x', 'y'],
      ['BITPOS', 'lk', '1'],
      ['BITPOS', 'lk', '2'],
      ['BITOP', 'AND', 'd', 'lk'],
      ['BITOP', 'AND', 'd', 'missing', 'lk'],
      ['BITOP', 'AND', 'lk', 'missing'],
      ['SET', 's', 'x'],
      ['BITOP', 'OR', 'lk', 's'],
      ['GET', 'lk'],
      other,
      ['BITFIELD', 'lk', 'GET', 'u8', '0'],
      ['BITFIELD', 'lk', 'SET', 'u8', '0', '1'],
      ['BITFIELD', 'lk', 'GET', 'u99', '0'],
      ['BITFIELD_RO', 'lk', 'GET', 'u8', '0'],
    ])
  })
})

// --- Random sequence ---

const KEYS = ['a', 'b', 'c']

function randomBitmapStep(rng: Prng): Step {
  const k = rng.pick(KEYS)
  const off = String(rng.int(rng.bool(0.1) ? 5000 : 200))
  const r = (): string => String(rng.range(-30, 30))
  const type = (): string => `${rng.pick(['i', 'u'])}${rng.range(1, 64)}`
  const value = (): string => String(rng.range(-300, 300))
  switch (rng.int(12)) {
    case 0:
    case 1:
      return ['SETBIT', k, off, String(rng.int(2))]
    case 2:
      return ['GETBIT', k, off]
    case 3:
      return ['BITCOUNT', k, ...rng.pick([[], [r(), r()], [r(), r(), 'BIT'], [r(), r(), 'BYTE']])]
    case 4:
      return ['BITPOS', k, String(rng.int(2)), ...rng.pick([[], [r()], [r(), r()], [r(), r(), 'BIT']])]
    case 5:
      return [
        'BITOP',
        rng.pick(['AND', 'OR', 'XOR']),
        rng.pick(KEYS),
        ...rng.shuffle(KEYS).slice(0, 1 + rng.int(3)),
      ]
    case 6:
      return ['BITOP', 'NOT', rng.pick(KEYS), rng.pick(KEYS)]
    case 7:
    case 8: {
      const ops: string[] = []
      for (let i = rng.int(4); i >= 0; i--) {
        const o = rng.pick(['GET', 'SET', 'INCRBY', 'OVERFLOW'])
        if (o === 'OVERFLOW') ops.push(o, rng.pick(['WRAP', 'SAT', 'FAIL']))
        else if (o === 'GET') ops.push(o, type(), rng.bool(0.2) ? `#${rng.int(20)}` : off)
        else ops.push(o, type(), rng.bool(0.2) ? `#${rng.int(20)}` : off, value())
      }
      return ['BITFIELD', k, ...ops]
    }
    case 9:
      return ['BITFIELD_RO', k, 'GET', type(), off]
    case 10:
      return ['GET', k]
    default:
      return ['SET', k, rng.string(rng.int(8), 'ab\x00\xff')]
  }
}

describe('random sequences', () => {
  it('a seeded random sequence of bitmap commands matches reply by reply', (t) =>
    diffRandom(t, 515151, 3000, (rng) => randomBitmapStep(rng)))
})

describe('proto-max-bulk-len', () => {
  const limited = diffSuite({ config: { 'proto-max-bulk-len': 1048576 } })

  it('bit offsets stop at proto-max-bulk-len bytes', (t) =>
    limited.diffScript(t, [
      ['SETBIT', 'k', '8388607', '1'],
      ['SETBIT', 'k', '8388608', '1'],
      ['GETBIT', 'k', '8388608'],
      ['STRLEN', 'k'],
      ['BITFIELD', 'f', 'SET', 'u8', '#1048575', '1', 'GET', 'u8', '8388600'],
      ['BITFIELD', 'f', 'SET', 'u8', '#1048576', '1'],
      ['BITFIELD', 'f', 'SET', 'u8', '8388607', '1'],
      ['BITFIELD', 'f', 'SET', 'i64', '8388607', '1'],
      ['STRLEN', 'f'],
      ['BITFIELD_RO', 'f', 'GET', 'i64', '8388607'],
      ['BITFIELD_RO', 'f', 'GET', 'i64', '8388608'],
      ['BITPOS', 'k', '1'],
      ['BITCOUNT', 'k', '0', '-1', 'BIT'],
    ]))
})

/**
 * Bitmap commands over string values: SETBIT, GETBIT, BITCOUNT and BITPOS (BYTE|BIT ranges),
 * BITOP (AND OR XOR NOT). BITFIELD and BITFIELD_RO live in bitmap-bitfield.ts.
 * See https://redis.io/docs/data-types/bitmaps/
 */

import {
  ERR_BIT_ARGUMENT,
  ERR_BIT_OFFSET,
  ERR_BIT_VALUE,
  ERR_BITOP_NOT,
  ERR_NOT_INTEGER,
  ERR_SYNTAX,
} from '../protocol/reply-errors.js'
import { type BitOp, bitop, findBit, popcount, resolveRange } from '../store/bitops.js'
import { ByteString, readBytes, readRange, stringLength, valueFromBytes } from '../store/byte-string.js'
import { parseInt64, parseSafeInt } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import type { CommandSpec } from './spec.js'
import { firstKey, optionName, readString, StringEdit, setKey, writeString } from './string-access.js'

/**
 * Redis's getBitOffsetFromArgument: a bit offset in [0, proto-max-bulk-len * 8). With 'bits'
 * > 0 (BITFIELD) a '#n' offset means n * bits, computed with 64-bit wrap-around as in C.
 * Replies the error and returns null when invalid.
 */
export function parseBitOffset(c: CommandClient, arg: string, bits = 0): number | null {
  const maxBytes = c.srv.config.getNumber('proto-max-bulk-len')
  const hash = bits > 0 && arg.charCodeAt(0) === 35
  const text = hash ? arg.slice(1) : arg
  const fast = hash ? null : parseSafeInt(text)
  if (fast !== null) {
    if (fast >= 0 && Math.floor(fast / 8) < maxBytes) return fast
    c.w.error(ERR_BIT_OFFSET)
    return null
  }
  let off = parseInt64(text)
  if (off !== null && hash) off = BigInt.asIntN(64, off * BigInt(bits))
  if (off === null || off < 0n || off >> 3n >= BigInt(maxBytes)) {
    c.w.error(ERR_BIT_OFFSET)
    return null
  }
  return Number(off)
}

function setbitCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  const offset = parseBitOffset(c, argv[2]!)
  if (offset === null) return
  const on = argv[3]!
  if (on !== '0' && on !== '1') {
    // Redis parses a long first; any other integer is refused with the same text.
    c.w.error(ERR_BIT_VALUE)
    return
  }
  const cur = writeString(c, key)
  if (cur === null) return
  const byte = Math.floor(offset / 8)
  const mask = 1 << (7 - (offset & 7))
  const bit = on === '1' ? mask : 0
  // redis 7.0: nothing is signalled when the key existed, kept its length and the bit its value.
  const grown = cur === undefined || stringLength(cur) <= byte
  let old: number
  if (cur instanceof ByteString) {
    cur.ensureLength(byte + 1)
    old = cur.buf[byte]!
    cur.buf[byte] = (old & ~mask) | bit
  } else if (!grown && (cur.charCodeAt(byte) & mask) === bit) {
    old = cur.charCodeAt(byte)
  } else {
    const edit = new StringEdit(c, key, cur, byte + 1)
    old = edit.bytes[byte]!
    edit.bytes[byte] = (old & ~mask) | bit
    edit.commit()
  }
  if (grown || (old & mask) !== bit) {
    c.db.modified(key)
    c.db.notify('$', 'setbit', key)
    c.srv.keyspace.dirty++
  }
  c.w.raw(old & mask ? ':1\r\n' : ':0\r\n')
}

function getbitCommand(c: CommandClient, argv: string[]): void {
  const offset = parseBitOffset(c, argv[2]!)
  if (offset === null) return
  const v = readString(c, argv[1]!)
  if (v === null) return
  let bit = 0
  if (v !== undefined) {
    const byte = Math.floor(offset / 8)
    if (byte < stringLength(v)) {
      const b = typeof v === 'string' ? v.charCodeAt(byte) : v.buf[byte]!
      bit = (b >> (7 - (offset & 7))) & 1
    }
  }
  c.w.raw(bit ? ':1\r\n' : ':0\r\n')
}

/** Parses BYTE|BIT; null after replying a syntax error. */
function parseUnit(c: CommandClient, arg: string): boolean | null {
  const u = optionName(arg)
  if (u === 'bit') return true
  if (u === 'byte') return false
  c.w.error(ERR_SYNTAX)
  return null
}

function bitcountCommand(c: CommandClient, argv: string[]): void {
  const v = readString(c, argv[1]!)
  if (v === null) return
  if (v === undefined) {
    c.w.integer(0)
    return
  }
  const len = stringLength(v)
  if (argv.length === 2) {
    c.w.integer(popcount(readRange(v, 0, len), 0, len))
    return
  }
  if (argv.length > 5 || argv.length === 3) {
    c.w.error(ERR_SYNTAX)
    return
  }
  const start = parseInt64(argv[2]!)
  const end = start === null ? null : parseInt64(argv[3]!)
  if (start === null || end === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  const isBit = argv.length === 5 ? parseUnit(c, argv[4]!) : false
  if (isBit === null) return
  const range = resolveRange(start, end, isBit ? len * 8 : len, true)
  if (range === null) {
    c.w.integer(0)
    return
  }
  const [s, e] = range
  if (!isBit) {
    c.w.integer(popcount(readRange(v, s, e + 1), 0, e - s + 1))
    return
  }
  const first = s >> 3
  const last = e >> 3
  const bytes = readRange(v, first, last + 1)
  let n = popcount(bytes, 0, bytes.length)
  // Take out the bits of the edge bytes that lie outside the bit range.
  const outFirst = bytes[0]! & ~(0xff >> (s & 7)) & 0xff
  const outLast = bytes[last - first]! & ((1 << (7 - (e & 7))) - 1)
  n -= popcount(Uint8Array.of(outFirst, outLast), 0, 2)
  c.w.integer(n)
}

function bitposCommand(c: CommandClient, argv: string[]): void {
  const bitArg = parseInt64(argv[2]!)
  if (bitArg === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  if (bitArg !== 0n && bitArg !== 1n) {
    c.w.error(ERR_BIT_ARGUMENT)
    return
  }
  const bit = bitArg === 1n ? 1 : 0
  const v = readString(c, argv[1]!)
  if (v === null) return
  // A missing key is an endless run of zero bits.
  if (v === undefined) {
    c.w.integer(bit ? -1 : 0)
    return
  }
  const len = stringLength(v)
  let from: number
  let to: number
  let endGiven = false
  if (argv.length === 3) {
    from = 0
    to = len * 8 - 1
  } else if (argv.length <= 6) {
    const start = parseInt64(argv[3]!)
    if (start === null) {
      c.w.error(ERR_NOT_INTEGER)
      return
    }
    const isBit = argv.length === 6 ? parseUnit(c, argv[5]!) : false
    if (isBit === null) return
    let end: bigint | null = BigInt(len - 1)
    if (argv.length >= 5) {
      end = parseInt64(argv[4]!)
      if (end === null) {
        c.w.error(ERR_NOT_INTEGER)
        return
      }
      endGiven = true
    }
    const range = resolveRange(start, end, isBit ? len * 8 : len, false)
    if (range === null) {
      c.w.integer(-1)
      return
    }
    from = isBit ? range[0] : range[0] * 8
    to = isBit ? range[1] : range[1] * 8 + 7
  } else {
    c.w.error(ERR_SYNTAX)
    return
  }
  if (from > to) {
    c.w.integer(-1)
    return
  }
  const base = from >> 3
  const bytes = readRange(v, base, (to >> 3) + 1)
  const pos = findBit(bytes, bit, from - base * 8, to - base * 8)
  if (pos !== -1) c.w.integer(pos + base * 8)
  else if (bit === 1 || endGiven) c.w.integer(-1)
  else c.w.integer(to + 1)
}

function bitopCommand(c: CommandClient, argv: string[]): void {
  const name = optionName(argv[1]!)
  if (name !== 'and' && name !== 'or' && name !== 'xor' && name !== 'not') {
    c.w.error(ERR_SYNTAX)
    return
  }
  const op: BitOp = name
  if (op === 'not' && argv.length !== 4) {
    c.w.error(ERR_BITOP_NOT)
    return
  }
  const sources: (Uint8Array | null)[] = []
  for (let j = 3; j < argv.length; j++) {
    const v = readString(c, argv[j]!)
    if (v === null) return
    sources.push(v === undefined ? null : readBytes(v))
  }
  const out = bitop(op, sources)
  const dest = argv[2]!
  if (out.length > 0) {
    setKey(c, dest, valueFromBytes(out))
    c.db.notify('$', 'set', dest)
    c.srv.keyspace.dirty++
  } else if (c.db.peek(dest) !== undefined) {
    // redis 7.0 deletes the destination with dbDelete, which does not expire it first: a
    // logically expired key is deleted ('del'), not expired. Dropping its TTL first does that.
    c.db.persist(dest)
    c.db.delete(dest)
    c.db.modified(dest)
    c.db.notify('g', 'del', dest)
    c.srv.keyspace.dirty++
  }
  c.w.integer(out.length)
}

// --- Metadata ---

const UNIT_ARG = {
  name: 'index_unit',
  type: 'oneof',
  since: '7.0.0',
  optional: true,
  arguments: [
    { name: 'byte', type: 'pure-token', token: 'BYTE' },
    { name: 'bit', type: 'pure-token', token: 'BIT' },
  ],
} as const satisfies NonNullable<CommandSpec['args']>[number]

/** SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP. */
export const bitmapCommands: CommandSpec[] = [
  {
    name: 'setbit',
    group: 'bitmap',
    since: '2.2.0',
    summary: 'Sets or clears one bit of a string value, growing it as needed.',
    complexity: 'O(1)',
    arity: 4,
    flags: ['write', 'denyoom'],
    acl: ['bitmap'],
    keys: [firstKey(['RW', 'ACCESS', 'UPDATE'])],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'offset', type: 'integer' },
      { name: 'value', type: 'integer' },
    ],
    handler: setbitCommand,
  },
  {
    name: 'getbit',
    group: 'bitmap',
    since: '2.2.0',
    summary: 'Returns one bit of a string value.',
    complexity: 'O(1)',
    arity: 3,
    flags: ['readonly', 'fast'],
    acl: ['bitmap'],
    keys: [firstKey(['RO', 'ACCESS'])],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'offset', type: 'integer' },
    ],
    handler: getbitCommand,
  },
  {
    name: 'bitcount',
    group: 'bitmap',
    since: '2.6.0',
    summary: 'Counts the set bits of a string value, optionally within a byte or bit range.',
    complexity: 'O(N)',
    arity: -2,
    flags: ['readonly'],
    acl: ['bitmap'],
    keys: [firstKey(['RO', 'ACCESS'])],
    history: [['7.0.0', 'BYTE|BIT range unit.']],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      {
        name: 'index',
        type: 'block',
        optional: true,
        arguments: [{ name: 'start', type: 'integer' }, { name: 'end', type: 'integer' }, UNIT_ARG],
      },
    ],
    handler: bitcountCommand,
  },
  {
    name: 'bitpos',
    group: 'bitmap',
    since: '2.8.7',
    summary: 'Finds the first set or clear bit of a string value, optionally within a range.',
    complexity: 'O(N)',
    arity: -3,
    flags: ['readonly'],
    acl: ['bitmap'],
    keys: [firstKey(['RO', 'ACCESS'])],
    history: [['7.0.0', 'BYTE|BIT range unit.']],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'bit', type: 'integer' },
      {
        name: 'index',
        type: 'block',
        optional: true,
        arguments: [
          { name: 'start', type: 'integer' },
          {
            name: 'end_index',
            type: 'block',
            optional: true,
            arguments: [{ name: 'end', type: 'integer' }, UNIT_ARG],
          },
        ],
      },
    ],
    handler: bitposCommand,
  },
  {
    name: 'bitop',
    group: 'bitmap',
    since: '2.6.0',
    summary: 'Stores the bitwise AND, OR, XOR or NOT of string values in a key.',
    complexity: 'O(N)',
    arity: -4,
    flags: ['write', 'denyoom'],
    acl: ['bitmap'],
    keys: [
      { flags: ['OW', 'UPDATE'], begin: { index: 2 }, find: { range: [0, 1, 0] } },
      { flags: ['RO', 'ACCESS'], begin: { index: 3 }, find: { range: [-1, 1, 0] } },
    ],
    args: [
      { name: 'operation', type: 'string' },
      { name: 'destkey', type: 'key', key_spec_index: 0 },
      { name: 'key', type: 'key', key_spec_index: 1, multiple: true },
    ],
    handler: bitopCommand,
  },
]

/**
 * BITFIELD and BITFIELD_RO: signed (i1..i64) and unsigned (u1..u63) integers at arbitrary bit
 * offsets of a string value, with GET, SET, INCRBY and OVERFLOW WRAP|SAT|FAIL, '#n' offsets
 * counted in field widths. See https://redis.io/commands/bitfield/
 */

import {
  ERR_BITFIELD_OVERFLOW,
  ERR_BITFIELD_RO,
  ERR_BITFIELD_TYPE,
  ERR_NOT_INTEGER,
  ERR_SYNTAX,
} from '../protocol/reply-errors.js'
import {
  type BitfieldOverflow,
  getSignedBits,
  getUnsignedBits,
  setBits,
  signedFieldAdd,
  unsignedFieldAdd,
} from '../store/bitops.js'
import { readRange, stringLength } from '../store/byte-string.js'
import { parseInt64 } from '../util/strict-int.js'
import { parseBitOffset } from './bitmap.js'
import type { CommandClient } from './context.js'
import type { CommandSpec, KeyRef } from './spec.js'
import { firstKey, optionName, readString, StringEdit, writeString } from './string-access.js'

/** One parsed operation. */
interface FieldOp {
  kind: 'get' | 'set' | 'incrby'
  signed: boolean
  bits: number
  offset: number
  /** SET value or INCRBY increment. */
  arg: bigint
  overflow: BitfieldOverflow
}

/**
 * Redis's getBitfieldTypeFromArgument: 'i' or 'u' then a width (i1..i64, u1..u63). The width
 * is read as a C string, so it stops at a NUL byte. Null after replying the error.
 */
function parseFieldType(c: CommandClient, arg: string): { signed: boolean; bits: number } | null {
  const kind = arg.charCodeAt(0)
  const signed = kind === 105 // 'i'
  const nul = arg.indexOf('\0')
  const width = parseInt64(arg.slice(1, nul === -1 ? arg.length : nul))
  if ((signed || kind === 117) /* 'u' */ && width !== null && width >= 1n && width <= (signed ? 64n : 63n)) {
    return { signed, bits: Number(width) }
  }
  c.w.error(ERR_BITFIELD_TYPE)
  return null
}

/** Parses every operation of argv[2...]; null after replying an error. */
function parseOps(c: CommandClient, argv: string[]): { ops: FieldOp[]; maxWriteBit: number } | null {
  const ops: FieldOp[] = []
  let overflow: BitfieldOverflow = 'wrap'
  let maxWriteBit = -1
  for (let j = 2; j < argv.length; j++) {
    const rem = argv.length - j - 1
    const sub = optionName(argv[j]!)
    let kind: FieldOp['kind']
    if (sub === 'get' && rem >= 2) kind = 'get'
    else if (sub === 'set' && rem >= 3) kind = 'set'
    else if (sub === 'incrby' && rem >= 3) kind = 'incrby'
    else if (sub === 'overflow' && rem >= 1) {
      const ow = optionName(argv[++j]!)
      if (ow !== 'wrap' && ow !== 'sat' && ow !== 'fail') {
        c.w.error(ERR_BITFIELD_OVERFLOW)
        return null
      }
      overflow = ow
      continue
    } else {
      c.w.error(ERR_SYNTAX)
      return null
    }
    const type = parseFieldType(c, argv[j + 1]!)
    if (type === null) return null
    const offset = parseBitOffset(c, argv[j + 2]!, type.bits)
    if (offset === null) return null
    let arg = 0n
    if (kind !== 'get') {
      maxWriteBit = Math.max(maxWriteBit, offset + type.bits - 1)
      const v = parseInt64(argv[j + 3]!)
      if (v === null) {
        c.w.error(ERR_NOT_INTEGER)
        return null
      }
      arg = v
    }
    ops.push({ kind, signed: type.signed, bits: type.bits, offset, arg, overflow })
    j += kind === 'get' ? 2 : 3
  }
  return { ops, maxWriteBit }
}

/** The value of a field, reading zeros past the end of 'bytes'. */
function readField(bytes: Uint8Array, op: FieldOp): bigint {
  return op.signed ? getSignedBits(bytes, op.offset, op.bits) : getUnsignedBits(bytes, op.offset, op.bits)
}

function bitfieldGeneric(c: CommandClient, argv: string[], readOnly: boolean): void {
  const parsed = parseOps(c, argv)
  if (parsed === null) return
  const { ops, maxWriteBit } = parsed
  const key = argv[1]!
  const w = c.w
  if (maxWriteBit === -1) {
    // Only GETs: a read lookup; a missing key reads as zeros.
    const v = readString(c, key)
    if (v === null) return
    w.arrayHeader(ops.length)
    for (const op of ops) {
      const first = Math.floor(op.offset / 8)
      const len = v === undefined ? 0 : stringLength(v)
      // At most 9 bytes hold a 64-bit field; beyond the value they read as zero.
      const bytes =
        v === undefined || first >= len ? new Uint8Array(0) : readRange(v, first, Math.min(len, first + 9))
      w.integer(readField(bytes, { ...op, offset: op.offset - first * 8 }))
    }
    return
  }
  if (readOnly) {
    w.error(ERR_BITFIELD_RO)
    return
  }
  const cur = writeString(c, key)
  if (cur === null) return
  const needed = Math.floor(maxWriteBit / 8) + 1
  // redis 7.0: writes count as changes only when the key was created or grown, or the field's
  // value changed; without changes nothing is signalled.
  const grown = cur === undefined || stringLength(cur) < needed
  const edit = new StringEdit(c, key, cur, needed)
  const bytes = edit.bytes
  let changes = 0
  w.arrayHeader(ops.length)
  for (const op of ops) {
    const old = readField(bytes, op)
    if (op.kind === 'get') {
      w.integer(old)
      continue
    }
    const incr = op.kind === 'incrby'
    const base = incr ? old : op.arg
    const delta = incr ? op.arg : 0n
    const r = op.signed
      ? signedFieldAdd(base, delta, op.bits, op.overflow)
      : unsignedFieldAdd(base, delta, op.bits, op.overflow)
    if (r.overflow && op.overflow === 'fail') {
      w.nullBulk()
      continue
    }
    w.integer(incr ? r.value : old)
    setBits(bytes, op.offset, op.bits, r.value)
    if (grown || r.value !== old) changes++
  }
  edit.commit()
  if (changes > 0) {
    c.db.modified(key)
    c.db.notify('$', 'setbit', key)
    c.srv.keyspace.dirty += changes
  }
}

function bitfieldCommand(c: CommandClient, argv: string[]): void {
  bitfieldGeneric(c, argv, false)
}

function bitfieldRoCommand(c: CommandClient, argv: string[]): void {
  bitfieldGeneric(c, argv, true)
}

/**
 * BITFIELD's key flags (redis bitfieldGetKeys): read-only (RO ACCESS) when every operation is
 * a well-formed GET or OVERFLOW; otherwise (SET, INCRBY or a syntax error, assumed to write)
 * RW ACCESS UPDATE.
 */
function bitfieldGetKeys(argv: readonly string[]): KeyRef[] {
  const argc = argv.length
  for (let i = 2; i < argc; i++) {
    const rem = argc - i - 1
    const op = argv[i]!.toLowerCase()
    if (op === 'get' && rem >= 2) i += 2
    else if (op === 'overflow' && rem >= 1) i += 1
    else return [{ pos: 1, flags: ['RW', 'ACCESS', 'UPDATE'] }]
  }
  return [{ pos: 1, flags: ['RO', 'ACCESS'] }]
}

/** BITFIELD, BITFIELD_RO. */
export const bitfieldCommands: CommandSpec[] = [
  {
    name: 'bitfield',
    group: 'bitmap',
    since: '3.2.0',
    summary: 'Reads, writes and increments integer fields at arbitrary bit offsets of a string.',
    complexity: 'O(1) for each operation.',
    arity: -2,
    flags: ['write', 'denyoom'],
    acl: ['bitmap'],
    keys: [
      firstKey(
        ['RW', 'ACCESS', 'UPDATE', 'VARIABLE_FLAGS'],
        'This command allows both access and modification of the key',
      ),
    ],
    getKeys: bitfieldGetKeys,
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      {
        name: 'operation',
        type: 'oneof',
        optional: true,
        multiple: true,
        arguments: [
          {
            name: 'encoding_offset',
            type: 'block',
            token: 'GET',
            arguments: [
              { name: 'encoding', type: 'string' },
              { name: 'offset', type: 'integer' },
            ],
          },
          {
            name: 'write',
            type: 'block',
            arguments: [
              {
                name: 'wrap_sat_fail',
                type: 'oneof',
                token: 'OVERFLOW',
                optional: true,
                arguments: [
                  { name: 'wrap', type: 'pure-token', token: 'WRAP' },
                  { name: 'sat', type: 'pure-token', token: 'SAT' },
                  { name: 'fail', type: 'pure-token', token: 'FAIL' },
                ],
              },
              {
                name: 'write_operation',
                type: 'oneof',
                arguments: [
                  {
                    name: 'encoding_offset_value',
                    type: 'block',
                    token: 'SET',
                    arguments: [
                      { name: 'encoding', type: 'string' },
                      { name: 'offset', type: 'integer' },
                      { name: 'value', type: 'integer' },
                    ],
                  },
                  {
                    name: 'encoding_offset_increment',
                    type: 'block',
                    token: 'INCRBY',
                    arguments: [
                      { name: 'encoding', type: 'string' },
                      { name: 'offset', type: 'integer' },
                      { name: 'increment', type: 'integer' },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
    handler: bitfieldCommand,
  },
  {
    name: 'bitfield_ro',
    group: 'bitmap',
    since: '6.0.0',
    summary: 'Reads integer fields at arbitrary bit offsets of a string (read-only BITFIELD).',
    complexity: 'O(1) for each operation.',
    arity: -2,
    flags: ['readonly', 'fast'],
    acl: ['bitmap'],
    keys: [firstKey(['RO', 'ACCESS'])],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      {
        name: 'encoding_offset',
        type: 'block',
        token: 'GET',
        optional: true,
        multiple: true,
        multiple_token: true,
        arguments: [
          { name: 'encoding', type: 'string' },
          { name: 'offset', type: 'integer' },
        ],
      },
    ],
    handler: bitfieldRoCommand,
  },
]

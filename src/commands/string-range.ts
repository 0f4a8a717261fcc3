/**
 * Byte ranges of string values: GETRANGE (and its deprecated alias SUBSTR) and SETRANGE,
 * bounded by proto-max-bulk-len. See https://redis.io/commands/getrange/ and /setrange/
 */

import { ERR_NOT_INTEGER, ERR_OFFSET_OUT_OF_RANGE, ERR_STRING_TOO_LONG } from '../protocol/reply-errors.js'
import { resolveRange } from '../store/bitops.js'
import { stringLength } from '../store/byte-string.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import type { ArgSpec, CommandSpec } from './spec.js'
import { firstKey, readString, StringEdit, writeString } from './string-access.js'

function getrangeCommand(c: CommandClient, argv: string[]): void {
  const start = parseInt64(argv[2]!)
  const end = start === null ? null : parseInt64(argv[3]!)
  if (start === null || end === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  const v = readString(c, argv[1]!)
  if (v === null) return
  if (v === undefined) {
    c.w.bulk('')
    return
  }
  const range = resolveRange(start, end, stringLength(v), true)
  if (range === null) c.w.bulk('')
  else if (typeof v === 'string') c.w.bulk(v.slice(range[0], range[1] + 1))
  else c.w.bulk(v.copyBytes(range[0], range[1] + 1))
}

function setrangeCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  const value = argv[3]!
  const offset = parseInt64(argv[2]!)
  if (offset === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  if (offset < 0n) {
    c.w.error(ERR_OFFSET_OUT_OF_RANGE)
    return
  }
  const cur = writeString(c, key)
  if (cur === null) return
  // Nothing to write: a missing key stays missing, an existing one is unchanged.
  if (value.length === 0) {
    c.w.integer(cur === undefined ? 0 : stringLength(cur))
    return
  }
  const maxLen = c.srv.config.getNumber('proto-max-bulk-len')
  if (offset + BigInt(value.length) > BigInt(maxLen)) {
    c.w.error(ERR_STRING_TOO_LONG)
    return
  }
  const at = Number(offset)
  const edit = new StringEdit(c, key, cur, at + value.length)
  edit.bytes.write(value, at, 'latin1')
  edit.commit()
  c.db.modified(key)
  c.db.notify('$', 'setrange', key)
  c.srv.keyspace.dirty++
  c.w.integer(edit.length)
}

// --- Metadata ---

const RANGE_ARGS: ArgSpec[] = [
  { name: 'key', type: 'key', key_spec_index: 0 },
  { name: 'start', type: 'integer' },
  { name: 'end', type: 'integer' },
]
const RANGE_COMPLEXITY =
  'O(N) where N is the length of the returned string; a slice of a stored string is cheap, so O(1) for small strings.'

/** GETRANGE, SUBSTR, SETRANGE. */
export const stringRangeCommands: CommandSpec[] = [
  {
    name: 'getrange',
    group: 'string',
    since: '2.4.0',
    summary: 'Returns the bytes of a string value between two offsets.',
    complexity: RANGE_COMPLEXITY,
    arity: 4,
    flags: ['readonly'],
    acl: ['string'],
    keys: [firstKey(['RO', 'ACCESS'])],
    args: RANGE_ARGS,
    handler: getrangeCommand,
  },
  {
    name: 'substr',
    group: 'string',
    since: '1.0.0',
    summary: 'Returns the bytes of a string value between two offsets (old name of GETRANGE).',
    complexity: RANGE_COMPLEXITY,
    arity: 4,
    flags: ['readonly'],
    acl: ['string'],
    keys: [firstKey(['RO', 'ACCESS'])],
    docFlags: ['deprecated'],
    deprecatedSince: '2.0.0',
    replacedBy: '`GETRANGE`',
    args: RANGE_ARGS,
    handler: getrangeCommand,
  },
  {
    name: 'setrange',
    group: 'string',
    since: '2.2.0',
    summary: 'Overwrites part of a string value from an offset, zero-padding as needed.',
    complexity: 'O(1) plus O(M) to copy the M bytes of the new part.',
    arity: 4,
    flags: ['write', 'denyoom'],
    acl: ['string'],
    keys: [firstKey(['RW', 'UPDATE'])],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'offset', type: 'integer' },
      { name: 'value', type: 'string' },
    ],
    handler: setrangeCommand,
  },
]

/**
 * Hash commands: HSET, HMSET, HSETNX, HGET, HMGET, HGETALL, HKEYS, HVALS, HDEL, HEXISTS,
 * HLEN, HSTRLEN, HINCRBY, HINCRBYFLOAT; HRANDFIELD and HSCAN live in hash-random.ts. Encoding
 * thresholds: hash-max-listpack-entries, hash-max-listpack-value (store/types/hash.ts).
 * See https://redis.io/commands/?group=hash
 */

import {
  ERR_HASH_NOT_FLOAT,
  ERR_HASH_NOT_INTEGER,
  ERR_INCR_NAN_OR_INFINITY,
  ERR_INCR_OVERFLOW,
  ERR_NAN_OR_INFINITY,
  ERR_NOT_FLOAT,
  ERR_NOT_INTEGER,
  ERR_WRONGTYPE,
  errWrongArity,
} from '../protocol/reply-errors.js'
import { type HashLimits, HashValue } from '../store/types/hash.js'
import { addLongDouble, formatLongDoubleHuman, parseLongDouble } from '../util/long-double.js'
import { addInt64, parseInteger } from '../util/strict-int.js'
import { configLimit, readTyped, removeMembers, writeTyped } from './collection-helpers.js'
import type { CommandClient } from './context.js'
import { hashRandomCommands } from './hash-random.js'
import type { ArgSpec, CommandFlag, CommandSpec, KeySpecFlag } from './spec.js'
import { addKey, firstKey, lookupRead } from './string-access.js'

// --- Access ---

/** The encoding thresholds in force (read per command: CONFIG SET may change them). */
export function hashLimits(c: CommandClient): HashLimits {
  return {
    maxListpackEntries: configLimit(c, 'hash-max-listpack-entries', 512),
    maxListpackValue: configLimit(c, 'hash-max-listpack-value', 64),
  }
}

/**
 * hashTypeLookupWriteOrCreate: the hash at 'key', created empty (and added, with its 'new'
 * event) when missing; null after replying WRONGTYPE.
 */
function hashForWrite(c: CommandClient, key: string): HashValue | null {
  const v = writeTyped(c, key, HashValue)
  if (v === null) return null
  if (v !== undefined) return v
  const h = new HashValue()
  addKey(c, key, h)
  return h
}

/** Signals a write to hash 'key' (WATCH, keyspace event 'event', dirty counter). */
function hashWritten(c: CommandClient, key: string, event: string, dirty: number): void {
  c.db.modified(key)
  c.db.notify('h', event, key)
  c.srv.keyspace.dirty += dirty
}

// --- Writes ---

/** hsetCommand: HSET replies with the number of new fields, HMSET with +OK. */
function hsetGeneric(c: CommandClient, argv: string[], isHmset: boolean): void {
  if (argv.length % 2 === 1) {
    c.w.error(errWrongArity(isHmset ? 'hmset' : 'hset'))
    return
  }
  const key = argv[1]!
  const h = hashForWrite(c, key)
  if (h === null) return
  const limits = hashLimits(c)
  h.prepareWrite(argv, 2, argv.length - 1, limits)
  let created = 0
  for (let i = 2; i < argv.length; i += 2) {
    if (h.set(argv[i]!, argv[i + 1]!, limits)) created++
  }
  if (isHmset) c.w.raw('+OK\r\n')
  else c.w.integer(created)
  hashWritten(c, key, 'hset', (argv.length - 2) / 2)
}

function hsetCommand(c: CommandClient, argv: string[]): void {
  hsetGeneric(c, argv, false)
}

function hmsetCommand(c: CommandClient, argv: string[]): void {
  hsetGeneric(c, argv, true)
}

function hsetnxCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  const h = hashForWrite(c, key)
  if (h === null) return
  if (h.has(argv[2]!)) {
    c.w.integer(0)
    return
  }
  const limits = hashLimits(c)
  h.prepareWrite(argv, 2, 3, limits)
  h.set(argv[2]!, argv[3]!, limits)
  c.w.integer(1)
  hashWritten(c, key, 'hset', 1)
}

function hdelCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  const h = writeTyped(c, key, HashValue)
  if (h === null) return
  if (h === undefined) {
    c.w.integer(0)
    return
  }
  removeMembers(c, key, argv, h, (field) => h.delete(field), 'h', 'hdel')
}

function hincrbyCommand(c: CommandClient, argv: string[]): void {
  const incr = parseInteger(argv[3]!)
  if (incr === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  const key = argv[1]!
  const h = hashForWrite(c, key)
  if (h === null) return
  const field = argv[2]!
  const cur = h.get(field)
  let value: number | bigint = 0
  if (cur !== undefined) {
    const parsed = parseInteger(cur)
    if (parsed === null) {
      c.w.error(ERR_HASH_NOT_INTEGER)
      return
    }
    value = parsed
  }
  const result = addInt64(value, incr)
  if (result === null) {
    c.w.error(ERR_INCR_OVERFLOW)
    return
  }
  h.set(field, String(result), hashLimits(c))
  c.w.integer(result)
  hashWritten(c, key, 'hincrby', 1)
}

function hincrbyfloatCommand(c: CommandClient, argv: string[]): void {
  const incr = parseLongDouble(argv[3]!)
  if (incr === null) {
    c.w.error(ERR_NOT_FLOAT)
    return
  }
  // redis 7.0.15: an infinite increment is refused before the hash is created.
  if (incr.inf) {
    c.w.error(ERR_NAN_OR_INFINITY)
    return
  }
  const key = argv[1]!
  const h = hashForWrite(c, key)
  if (h === null) return
  const field = argv[2]!
  const cur = h.get(field)
  let sum = incr
  if (cur !== undefined) {
    const value = parseLongDouble(cur)
    if (value === null) {
      c.w.error(ERR_HASH_NOT_FLOAT)
      return
    }
    const s = addLongDouble(value, incr)
    if (s === null || s.inf) {
      c.w.error(ERR_INCR_NAN_OR_INFINITY)
      return
    }
    sum = s
  }
  const text = formatLongDoubleHuman(sum)
  h.set(field, text, hashLimits(c))
  c.w.bulk(text)
  hashWritten(c, key, 'hincrbyfloat', 1)
}

// --- Reads ---

function hgetCommand(c: CommandClient, argv: string[]): void {
  const h = readTyped(c, argv[1]!, HashValue)
  if (h === null) return
  const v = h?.get(argv[2]!)
  if (v === undefined) c.w.nullBulk()
  else c.w.bulk(v)
}

function hmgetCommand(c: CommandClient, argv: string[]): void {
  // A missing key is an empty hash: one nil per field.
  const v = lookupRead(c, argv[1]!)
  if (v !== undefined && !(v instanceof HashValue)) {
    c.w.error(ERR_WRONGTYPE)
    return
  }
  const w = c.w
  w.arrayHeader(argv.length - 2)
  for (let i = 2; i < argv.length; i++) {
    const s = v?.get(argv[i]!)
    if (s === undefined) w.nullBulk()
    else w.bulk(s)
  }
}

/** genericHgetallCommand: fields, values or both (a map) in the hash's order. */
function hgetallGeneric(c: CommandClient, key: string, fields: boolean, values: boolean): void {
  const h = readTyped(c, key, HashValue)
  if (h === null) return
  const w = c.w
  const n = h === undefined ? 0 : h.size
  if (fields && values) w.mapHeader(n)
  else w.arrayHeader(n)
  if (h === undefined) return
  if (fields && values) {
    for (const [f, v] of h.entries()) {
      w.bulk(f)
      w.bulk(v)
    }
  } else {
    for (const s of fields ? h.keys() : h.values()) w.bulk(s)
  }
}

function hgetallCommand(c: CommandClient, argv: string[]): void {
  hgetallGeneric(c, argv[1]!, true, true)
}

function hkeysCommand(c: CommandClient, argv: string[]): void {
  hgetallGeneric(c, argv[1]!, true, false)
}

function hvalsCommand(c: CommandClient, argv: string[]): void {
  hgetallGeneric(c, argv[1]!, false, true)
}

function hexistsCommand(c: CommandClient, argv: string[]): void {
  const h = readTyped(c, argv[1]!, HashValue)
  if (h === null) return
  c.w.integer(h?.has(argv[2]!) ? 1 : 0)
}

function hlenCommand(c: CommandClient, argv: string[]): void {
  const h = readTyped(c, argv[1]!, HashValue)
  if (h === null) return
  c.w.integer(h === undefined ? 0 : h.size)
}

function hstrlenCommand(c: CommandClient, argv: string[]): void {
  const h = readTyped(c, argv[1]!, HashValue)
  if (h === null) return
  c.w.integer(h?.get(argv[2]!)?.length ?? 0)
}

// --- Metadata ---

const KEY: ArgSpec = { name: 'key', type: 'key', key_spec_index: 0 }
const FIELD: ArgSpec = { name: 'field', type: 'string' }
const FIELDS: ArgSpec = { name: 'field', type: 'string', multiple: true }
const FIELD_VALUES: ArgSpec = {
  name: 'field_value',
  type: 'block',
  multiple: true,
  arguments: [FIELD, { name: 'value', type: 'string' }],
}

/** A hash command whose only key is argv[1]. */
function hashCommand(
  spec: Omit<CommandSpec, 'group' | 'acl' | 'keys'> & { keyFlags: KeySpecFlag[] },
): CommandSpec {
  const { keyFlags, ...rest } = spec
  return { ...rest, group: 'hash', acl: ['hash'], keys: [firstKey(keyFlags)] }
}

const WRITE_FAST: CommandFlag[] = ['write', 'denyoom', 'fast']
const READ_FAST: CommandFlag[] = ['readonly', 'fast']
const ORDER_TIP = ['nondeterministic_output_order']

/** Every hash command. */
export const hashCommands: CommandSpec[] = [
  hashCommand({
    name: 'hset',
    since: '2.0.0',
    summary: 'Sets fields of a hash to values, creating the hash when needed.',
    complexity:
      'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
    arity: -4,
    flags: WRITE_FAST,
    keyFlags: ['RW', 'UPDATE'],
    history: [['4.0.0', 'Takes several field and value pairs.']],
    args: [KEY, FIELD_VALUES],
    handler: hsetCommand,
  }),
  hashCommand({
    name: 'hmset',
    since: '2.0.0',
    summary: 'Sets fields of a hash to values (replies OK).',
    complexity: 'O(N) where N is the number of fields being set.',
    arity: -4,
    flags: WRITE_FAST,
    keyFlags: ['RW', 'UPDATE'],
    docFlags: ['deprecated'],
    deprecatedSince: '4.0.0',
    replacedBy: '`HSET` with multiple field-value pairs',
    args: [KEY, FIELD_VALUES],
    handler: hmsetCommand,
  }),
  hashCommand({
    name: 'hsetnx',
    since: '2.0.0',
    summary: 'Sets a field of a hash only when the field does not exist yet.',
    complexity: 'O(1)',
    arity: 4,
    flags: WRITE_FAST,
    keyFlags: ['RW', 'INSERT'],
    args: [KEY, FIELD, { name: 'value', type: 'string' }],
    handler: hsetnxCommand,
  }),
  hashCommand({
    name: 'hget',
    since: '2.0.0',
    summary: 'Returns the value of one field of a hash.',
    complexity: 'O(1)',
    arity: 3,
    flags: READ_FAST,
    keyFlags: ['RO', 'ACCESS'],
    args: [KEY, FIELD],
    handler: hgetCommand,
  }),
  hashCommand({
    name: 'hmget',
    since: '2.0.0',
    summary: 'Returns the values of several fields of a hash.',
    complexity: 'O(N) where N is the number of fields being requested.',
    arity: -3,
    flags: READ_FAST,
    keyFlags: ['RO', 'ACCESS'],
    args: [KEY, FIELDS],
    handler: hmgetCommand,
  }),
  hashCommand({
    name: 'hgetall',
    since: '2.0.0',
    summary: 'Returns every field and value of a hash.',
    complexity: 'O(N) where N is the size of the hash.',
    arity: 2,
    flags: ['readonly'],
    keyFlags: ['RO', 'ACCESS'],
    tips: ORDER_TIP,
    args: [KEY],
    handler: hgetallCommand,
  }),
  hashCommand({
    name: 'hkeys',
    since: '2.0.0',
    summary: 'Returns every field of a hash.',
    complexity: 'O(N) where N is the size of the hash.',
    arity: 2,
    flags: ['readonly'],
    keyFlags: ['RO', 'ACCESS'],
    tips: ORDER_TIP,
    args: [KEY],
    handler: hkeysCommand,
  }),
  hashCommand({
    name: 'hvals',
    since: '2.0.0',
    summary: 'Returns every value of a hash.',
    complexity: 'O(N) where N is the size of the hash.',
    arity: 2,
    flags: ['readonly'],
    keyFlags: ['RO', 'ACCESS'],
    tips: ORDER_TIP,
    args: [KEY],
    handler: hvalsCommand,
  }),
  hashCommand({
    name: 'hdel',
    since: '2.0.0',
    summary: 'Removes fields from a hash, and the hash when it becomes empty.',
    complexity: 'O(N) where N is the number of fields to be removed.',
    arity: -3,
    flags: ['write', 'fast'],
    keyFlags: ['RW', 'DELETE'],
    history: [['2.4.0', 'Takes several fields.']],
    args: [KEY, FIELDS],
    handler: hdelCommand,
  }),
  hashCommand({
    name: 'hexists',
    since: '2.0.0',
    summary: 'Tells whether a field exists in a hash.',
    complexity: 'O(1)',
    arity: 3,
    flags: READ_FAST,
    keyFlags: ['RO'],
    args: [KEY, FIELD],
    handler: hexistsCommand,
  }),
  hashCommand({
    name: 'hlen',
    since: '2.0.0',
    summary: 'Returns the number of fields of a hash.',
    complexity: 'O(1)',
    arity: 2,
    flags: READ_FAST,
    keyFlags: ['RO'],
    args: [KEY],
    handler: hlenCommand,
  }),
  hashCommand({
    name: 'hstrlen',
    since: '3.2.0',
    summary: 'Returns the length in bytes of the value of a hash field.',
    complexity: 'O(1)',
    arity: 3,
    flags: READ_FAST,
    keyFlags: ['RO'],
    args: [KEY, FIELD],
    handler: hstrlenCommand,
  }),
  hashCommand({
    name: 'hincrby',
    since: '2.0.0',
    summary: 'Adds an integer to the integer value of a hash field.',
    complexity: 'O(1)',
    arity: 4,
    flags: WRITE_FAST,
    keyFlags: ['RW', 'ACCESS', 'UPDATE'],
    args: [KEY, FIELD, { name: 'increment', type: 'integer' }],
    handler: hincrbyCommand,
  }),
  hashCommand({
    name: 'hincrbyfloat',
    since: '2.6.0',
    summary: 'Adds a floating point number to the numeric value of a hash field.',
    complexity: 'O(1)',
    arity: 4,
    flags: WRITE_FAST,
    keyFlags: ['RW', 'ACCESS', 'UPDATE'],
    args: [KEY, FIELD, { name: 'increment', type: 'double' }],
    handler: hincrbyfloatCommand,
  }),
  ...hashRandomCommands,
]

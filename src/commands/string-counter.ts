/**
 * Counters on string values: INCR, DECR, INCRBY, DECRBY (exact signed 64-bit arithmetic,
 * with numbers on the fast path and BigInt only beyond 2^53) and INCRBYFLOAT (long double
 * arithmetic emulated by util/long-double.ts). See https://redis.io/commands/incr/
 */

import {
  ERR_DECR_OVERFLOW,
  ERR_INCR_NAN,
  ERR_INCR_OVERFLOW,
  ERR_NOT_FLOAT,
  ERR_NOT_INTEGER,
} from '../protocol/reply-errors.js'
import type { StringValue } from '../store/byte-string.js'
import { incrByFloat, MAX_LONG_DOUBLE_CHARS } from '../util/long-double.js'
import { addInt64, INT64_MIN, parseInteger } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import type { ArgSpec, CommandSpec } from './spec.js'
import { addKey, firstKey, writeString } from './string-access.js'

/** Longest decimal text of a signed 64-bit integer; longer values cannot be integers. */
const MAX_INT64_CHARS = 20

/** The text of a string value that may hold a number (a long ByteString cannot). */
function numericText(v: StringValue, maxChars: number): string | null {
  if (typeof v === 'string') return v
  return v.len <= maxChars ? v.toString() : null
}

/**
 * Stores a counter's new 'text' at 'key' (added when it was 'missing', else overwritten with
 * its TTL kept), then signals the key, emits 'event' and counts one change.
 */
function storeCounter(c: CommandClient, key: string, missing: boolean, text: string, event: string): void {
  if (missing) addKey(c, key, text)
  else c.db.overwrite(key, text)
  c.db.modified(key)
  c.db.notify('$', event, key)
  c.srv.keyspace.dirty++
}

/** incrDecrCommand: adds 'incr' to the integer at 'key' (0 when missing), keeping its TTL. */
function incrDecr(c: CommandClient, key: string, incr: number | bigint): void {
  const cur = writeString(c, key)
  if (cur === null) return
  let value: number | bigint = 0
  if (cur !== undefined) {
    const text = numericText(cur, MAX_INT64_CHARS)
    const parsed = text === null ? null : parseInteger(text)
    if (parsed === null) {
      c.w.error(ERR_NOT_INTEGER)
      return
    }
    value = parsed
  }
  const result = addInt64(value, incr)
  if (result === null) {
    c.w.error(ERR_INCR_OVERFLOW)
    return
  }
  storeCounter(c, key, cur === undefined, String(result), 'incrby')
  c.w.integer(result)
}

function incrCommand(c: CommandClient, argv: string[]): void {
  incrDecr(c, argv[1]!, 1)
}

function decrCommand(c: CommandClient, argv: string[]): void {
  incrDecr(c, argv[1]!, -1)
}

function incrbyCommand(c: CommandClient, argv: string[]): void {
  const incr = parseInteger(argv[2]!)
  if (incr === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  incrDecr(c, argv[1]!, incr)
}

function decrbyCommand(c: CommandClient, argv: string[]): void {
  const incr = parseInteger(argv[2]!)
  if (incr === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  // redis 7.0: negating INT64_MIN would overflow, so DECRBY refuses it up front.
  if (incr === INT64_MIN) {
    c.w.error(ERR_DECR_OVERFLOW)
    return
  }
  incrDecr(c, argv[1]!, -incr)
}

function incrbyfloatCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  const cur = writeString(c, key)
  if (cur === null) return
  let text = '0'
  if (cur !== undefined) {
    const t = numericText(cur, MAX_LONG_DOUBLE_CHARS)
    if (t === null) {
      c.w.error(ERR_NOT_FLOAT)
      return
    }
    text = t
  }
  const r = incrByFloat(text, argv[2]!)
  if (!r.ok) {
    c.w.error(r.error === 'not-float' ? ERR_NOT_FLOAT : ERR_INCR_NAN)
    return
  }
  storeCounter(c, key, cur === undefined, r.value, 'incrbyfloat')
  c.w.bulk(r.value)
}

// --- Metadata ---

const KEY_ARG: ArgSpec = { name: 'key', type: 'key', key_spec_index: 0 }
const COUNTER_KEY = firstKey(['RW', 'ACCESS', 'UPDATE'])

function counter(
  name: string,
  since: string,
  summary: string,
  arity: number,
  args: ArgSpec[],
  handler: CommandSpec['handler'] & object,
): CommandSpec {
  return {
    name,
    group: 'string',
    since,
    summary,
    complexity: 'O(1)',
    arity,
    flags: ['write', 'denyoom', 'fast'],
    acl: ['string'],
    keys: [COUNTER_KEY],
    args,
    handler,
  }
}

/** INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT. */
export const stringCounterCommands: CommandSpec[] = [
  counter('incr', '1.0.0', 'Adds one to the integer value of a key.', 2, [KEY_ARG], incrCommand),
  counter('decr', '1.0.0', 'Subtracts one from the integer value of a key.', 2, [KEY_ARG], decrCommand),
  counter(
    'incrby',
    '1.0.0',
    'Adds an integer to the integer value of a key.',
    3,
    [KEY_ARG, { name: 'increment', type: 'integer' }],
    incrbyCommand,
  ),
  counter(
    'decrby',
    '1.0.0',
    'Subtracts an integer from the integer value of a key.',
    3,
    [KEY_ARG, { name: 'decrement', type: 'integer' }],
    decrbyCommand,
  ),
  counter(
    'incrbyfloat',
    '2.6.0',
    'Adds a floating point number to the numeric value of a key.',
    3,
    [KEY_ARG, { name: 'increment', type: 'double' }],
    incrbyfloatCommand,
  ),
]

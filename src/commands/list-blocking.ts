/**
 * Blocking list commands: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, and the timeout argument
 * rules every blocking command shares. A command that finds data answers at once; otherwise
 * the client waits (server/blocking.ts) and the waiter below serves it when a key gets data.
 * Inside MULTI/EXEC they never block: they answer as on timeout. See https://redis.io/commands/blpop/
 */

import { ERR_SYNTAX, ERR_WRONGTYPE } from '../protocol/reply-errors.js'
import { ListValue } from '../store/types/list.js'
import { parseDouble } from '../util/parse-double.js'
import type { BlockWaiter, CommandClient } from './context.js'
import { numkeysGetKeys } from './key-extraction.js'
import { afterPop, moveElement, parseWhere, popRangeReply, writeList } from './list-access.js'
import {
  firstNonEmptyList,
  LMOVE_ARGS,
  lmoveGeneric,
  MOVE_KEYS,
  MPOP_ARGS,
  parseMpopArgs,
} from './list-move.js'
import type { ArgSpec, CommandSpec } from './spec.js'

export const ERR_TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range'
export const ERR_TIMEOUT_NEGATIVE = 'ERR timeout is negative'

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
/** 2^63: a millisecond count at or past it does not fit a C long long. */
const LLONG_LIMIT = 2 ** 63

/**
 * getTimeoutFromObjectOrReply in seconds: a float (strtold rules: no spaces, no NaN), times
 * 1000, truncated to whole milliseconds; 0 (also any value under 1 ms) waits forever. A value
 * whose milliseconds overflow a long long is "negative", as Redis's conversion makes it.
 * Returns the absolute deadline (ms since epoch, 0 = forever), or null after replying an error.
 */
export function parseTimeout(c: CommandClient, s: string): number | null {
  let v = parseDouble(s)
  // strtold accepts what overflows or underflows a double: beyond 1e308 or below 1e-308.
  if (v === null && DECIMAL.test(s)) v = Number(s)
  if (v === null || Number.isNaN(v)) {
    c.w.error(ERR_TIMEOUT_NOT_FLOAT)
    return null
  }
  const ms = v * 1000
  if (!(ms > -LLONG_LIMIT && ms < LLONG_LIMIT)) {
    c.w.error(ERR_TIMEOUT_NEGATIVE)
    return null
  }
  const t = Math.trunc(ms)
  if (t < 0) {
    c.w.error(ERR_TIMEOUT_NEGATIVE)
    return null
  }
  return t === 0 ? 0 : Date.now() + t
}

/**
 * True when the client may not block (Redis CLIENT_DENY_BLOCKING): while EXEC runs the queued
 * commands (a client in MULTI only queues them). Read as an optional member, set by the
 * transactions family.
 */
export function denyBlocking(c: CommandClient): boolean {
  return (c as { inExec?: boolean }).inExec === true
}

// --- Waiters ---

/** The non-empty list at 'key' for a served client, or undefined. */
function readyList(c: CommandClient, key: string): ListValue | undefined {
  const v = c.db.lookup(key)
  return v instanceof ListValue && v.size > 0 ? v : undefined
}

function popWaiter(left: boolean): BlockWaiter {
  return {
    serve(c, key) {
      const list = readyList(c, key)
      if (list === undefined) return false
      c.w.arrayHeader(2)
      c.w.bulk(key)
      c.w.bulk((left ? list.popHead() : list.popTail()) as string)
      afterPop(c, key, list, left, 1)
      return true
    },
    timeout: (c) => c.w.nullArray(),
  }
}

function mpopWaiter(left: boolean, count: number): BlockWaiter {
  return {
    serve(c, key) {
      const list = readyList(c, key)
      if (list === undefined) return false
      popRangeReply(c, key, list, left, count, true)
      return true
    },
    timeout: (c) => c.w.nullArray(),
  }
}

function moveWaiter(dstKey: string, fromLeft: boolean, toLeft: boolean): BlockWaiter {
  return {
    serve(c, key) {
      const list = readyList(c, key)
      if (list === undefined) return false
      const dst = c.db.lookup(dstKey)
      // redis 7.0: a destination of another type answers WRONGTYPE and ends the wait.
      if (dst !== undefined && !(dst instanceof ListValue)) {
        c.w.error(ERR_WRONGTYPE)
        return true
      }
      moveElement(c, key, list, dstKey, dst, fromLeft, toLeft)
      return true
    },
    // redis 7.0 answers a timed-out BLMOVE with a null array, as the pops.
    timeout: (c) => c.w.nullArray(),
  }
}

// --- Commands ---

/** BLPOP/BRPOP key [key ...] timeout (blockingPopGenericCommand). */
function bpopGeneric(c: CommandClient, argv: string[], left: boolean): void {
  const timeoutAt = parseTimeout(c, argv[argv.length - 1]!)
  if (timeoutAt === null) return
  const keys = argv.slice(1, -1)
  const found = firstNonEmptyList(c, keys)
  if (found === null) return
  if (found !== undefined) {
    c.w.arrayHeader(2)
    c.w.bulk(found.key)
    c.w.bulk((left ? found.list.popHead() : found.list.popTail()) as string)
    afterPop(c, found.key, found.list, left, 1)
    return
  }
  if (denyBlocking(c)) {
    c.w.nullArray()
    return
  }
  c.srv.blocking.block(c, keys, timeoutAt, popWaiter(left))
}

/** blmoveGenericCommand: the move at once when the source has data, else a wait. */
function bmoveGeneric(
  c: CommandClient,
  argv: string[],
  fromLeft: boolean,
  toLeft: boolean,
  timeoutArg: string,
): void {
  const timeoutAt = parseTimeout(c, timeoutArg)
  if (timeoutAt === null) return
  const src = writeList(c, argv[1]!)
  if (src === null) return
  if (src !== undefined) {
    lmoveGeneric(c, argv[1]!, argv[2]!, fromLeft, toLeft)
    return
  }
  if (denyBlocking(c)) {
    c.w.nullBulk()
    return
  }
  c.srv.blocking.block(c, [argv[1]!], timeoutAt, moveWaiter(argv[2]!, fromLeft, toLeft))
}

function blmoveCommand(c: CommandClient, argv: string[]): void {
  const from = parseWhere(argv[3]!)
  const to = from === null ? null : parseWhere(argv[4]!)
  if (from === null || to === null) {
    c.w.error(ERR_SYNTAX)
    return
  }
  bmoveGeneric(c, argv, from, to, argv[5]!)
}

function blmpopCommand(c: CommandClient, argv: string[]): void {
  const timeoutAt = parseTimeout(c, argv[1]!)
  if (timeoutAt === null) return
  const args = parseMpopArgs(c, argv, 2, ['left', 'right'])
  if (args === null) return
  const found = firstNonEmptyList(c, args.keys)
  if (found === null) return
  if (found !== undefined) {
    popRangeReply(c, found.key, found.list, args.left, args.count, true)
    return
  }
  if (denyBlocking(c)) {
    c.w.nullArray()
    return
  }
  c.srv.blocking.block(c, args.keys, timeoutAt, mpopWaiter(args.left, args.count))
}

// --- Metadata ---

const KEYS_THEN_TIMEOUT: ArgSpec[] = [
  { name: 'key', type: 'key', key_spec_index: 0, multiple: true },
  { name: 'timeout', type: 'double' },
]
const TIMEOUT_HISTORY: [string, string][] = [
  ['6.0.0', 'The timeout may be fractional: a double number of seconds.'],
]

function bpop(name: string, left: boolean, summary: string): CommandSpec {
  return {
    name,
    group: 'list',
    since: '2.0.0',
    summary,
    complexity: 'O(N) where N is the number of keys given',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    acl: ['list'],
    keys: [{ flags: ['RW', 'ACCESS', 'DELETE'], begin: { index: 1 }, find: { range: [-2, 1, 0] } }],
    args: KEYS_THEN_TIMEOUT,
    history: TIMEOUT_HISTORY,
    handler: (c, argv) => bpopGeneric(c, argv, left),
  }
}

/** BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP. */
export const listBlockingCommands: CommandSpec[] = [
  bpop('blpop', true, 'Pops the first element of the first non-empty list, waiting for one if needed.'),
  bpop('brpop', false, 'Pops the last element of the first non-empty list, waiting for one if needed.'),
  {
    name: 'blmove',
    group: 'list',
    since: '6.2.0',
    summary: 'Moves an element between lists, waiting for the source to have one if needed.',
    complexity: 'O(1)',
    arity: 6,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    acl: ['list'],
    keys: MOVE_KEYS,
    args: [...LMOVE_ARGS, { name: 'timeout', type: 'double' }],
    handler: blmoveCommand,
  },
  {
    name: 'brpoplpush',
    group: 'list',
    since: '2.2.0',
    summary: 'Moves the last element of a list to the head of another, waiting if needed.',
    complexity: 'O(1)',
    arity: 4,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    acl: ['list'],
    keys: MOVE_KEYS,
    args: [
      { name: 'source', type: 'key', key_spec_index: 0 },
      { name: 'destination', type: 'key', key_spec_index: 1 },
      { name: 'timeout', type: 'double' },
    ],
    history: TIMEOUT_HISTORY,
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`BLMOVE` with the `RIGHT` and `LEFT` arguments',
    handler: (c, argv) => bmoveGeneric(c, argv, false, true, argv[3]!),
  },
  {
    name: 'blmpop',
    group: 'list',
    since: '7.0.0',
    summary: 'Pops elements from the first non-empty list among several, waiting if needed.',
    complexity: 'O(N+M) for N keys given and M elements popped',
    arity: -5,
    flags: ['write', 'blocking'],
    acl: ['list'],
    keys: [{ flags: ['RW', 'ACCESS', 'DELETE'], begin: { index: 2 }, find: { keynum: [0, 1, 1] } }],
    getKeys: (argv) => numkeysGetKeys(argv, 0, 2, 3),
    args: [{ name: 'timeout', type: 'double' }, ...MPOP_ARGS],
    handler: blmpopCommand,
  },
]

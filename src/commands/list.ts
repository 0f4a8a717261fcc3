/**
 * List commands: LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LLEN, LINDEX, LSET, LINSERT, LREM,
 * LTRIM. LRANGE and LPOS live in list-range.ts, LMOVE/RPOPLPUSH/LMPOP in list-move.ts, the
 * blocking forms in list-blocking.ts. Every list reports OBJECT ENCODING "quicklist" (7.0).
 * See https://redis.io/commands/?group=list
 */

import {
  ERR_MUST_BE_POSITIVE,
  ERR_NO_SUCH_KEY,
  ERR_NOT_INTEGER,
  ERR_SYNTAX,
  errWrongArity,
} from '../protocol/reply-errors.js'
import { ListValue } from '../store/types/list.js'
import { keywordIs } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import { countOf, listKey, parseLong, popRangeReply, readList, writeList } from './list-access.js'
import type { ArgSpec, CommandSpec } from './spec.js'
import { addKey } from './string-access.js'

export const ERR_INDEX_OUT_OF_RANGE = 'ERR index out of range'

// --- Pushes ---

/** pushGenericCommand: 'xx' pushes only onto an existing list (LPUSHX/RPUSHX). */
function pushGeneric(c: CommandClient, argv: string[], left: boolean, xx: boolean): void {
  const key = argv[1]!
  let list = writeList(c, key)
  if (list === null) return
  if (list === undefined) {
    if (xx) {
      c.w.integer(0)
      return
    }
    list = new ListValue()
    addKey(c, key, list)
  }
  for (let i = 2; i < argv.length; i++) {
    if (left) list.pushHead(argv[i]!)
    else list.pushTail(argv[i]!)
  }
  c.w.integer(list.size)
  c.db.modified(key)
  c.db.notify('l', left ? 'lpush' : 'rpush', key)
  c.srv.keyspace.dirty += argv.length - 2
}

// --- Pops ---

/** popGenericCommand: LPOP/RPOP key [count]. */
function popGeneric(c: CommandClient, argv: string[], left: boolean): void {
  if (argv.length > 3) {
    c.w.error(errWrongArity(argv[0]!.toLowerCase()))
    return
  }
  const hasCount = argv.length === 3
  let count = 0
  if (hasCount) {
    const v = parseInt64(argv[2]!)
    if (v === null || v < 0n) {
      c.w.error(ERR_MUST_BE_POSITIVE)
      return
    }
    count = countOf(v)
  }
  const key = argv[1]!
  const list = writeList(c, key)
  if (list === null) return
  if (list === undefined) {
    if (hasCount) c.w.nullArray()
    else c.w.nullBulk()
    return
  }
  if (!hasCount) {
    c.w.bulk((left ? list.popHead() : list.popTail()) as string)
    afterPopOne(c, key, list, left)
    return
  }
  if (count === 0) {
    c.w.arrayHeader(0)
    return
  }
  popRangeReply(c, key, list, left, count, false)
}

function afterPopOne(c: CommandClient, key: string, list: ListValue, left: boolean): void {
  c.db.notify('l', left ? 'lpop' : 'rpop', key)
  if (list.size === 0) {
    c.db.delete(key)
    c.db.notify('g', 'del', key)
  }
  c.db.modified(key)
  c.srv.keyspace.dirty++
}

// --- Reads and in-place edits ---

function llenCommand(c: CommandClient, argv: string[]): void {
  const list = readList(c, argv[1]!)
  if (list === null) return
  c.w.integer(list === undefined ? 0 : list.size)
}

function lindexCommand(c: CommandClient, argv: string[]): void {
  const list = readList(c, argv[1]!)
  if (list === null) return
  if (list === undefined) {
    c.w.nullBulk()
    return
  }
  let index = parseLong(argv[2]!)
  if (index === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  if (index < 0) index += list.size
  if (index < 0 || index >= list.size) c.w.nullBulk()
  else c.w.bulk(list.get(index))
}

function lsetCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  const list = writeList(c, key)
  if (list === null) return
  if (list === undefined) {
    c.w.error(ERR_NO_SUCH_KEY)
    return
  }
  let index = parseLong(argv[2]!)
  if (index === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  if (index < 0) index += list.size
  if (index < 0 || index >= list.size) {
    c.w.error(ERR_INDEX_OUT_OF_RANGE)
    return
  }
  list.set(index, argv[3]!)
  c.w.raw('+OK\r\n')
  c.db.modified(key)
  c.db.notify('l', 'lset', key)
  c.srv.keyspace.dirty++
}

function linsertCommand(c: CommandClient, argv: string[]): void {
  const where = argv[2]!
  let after: boolean
  if (keywordIs(where, 'after')) after = true
  else if (keywordIs(where, 'before')) after = false
  else {
    c.w.error(ERR_SYNTAX)
    return
  }
  const key = argv[1]!
  const list = writeList(c, key)
  if (list === null) return
  if (list === undefined) {
    c.w.integer(0)
    return
  }
  const pivot = list.indexOf(argv[3]!)
  if (pivot < 0) {
    c.w.integer(-1)
    return
  }
  list.insertAt(after ? pivot + 1 : pivot, argv[4]!)
  c.db.modified(key)
  c.db.notify('l', 'linsert', key)
  c.srv.keyspace.dirty++
  c.w.integer(list.size)
}

function lremCommand(c: CommandClient, argv: string[]): void {
  const count = parseLong(argv[2]!)
  if (count === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  const key = argv[1]!
  const list = writeList(c, key)
  if (list === null) return
  if (list === undefined) {
    c.w.integer(0)
    return
  }
  const removed = list.removeValue(argv[3]!, count)
  if (removed > 0) {
    c.db.modified(key)
    c.db.notify('l', 'lrem', key)
    if (list.size === 0) {
      c.db.delete(key)
      c.db.notify('g', 'del', key)
    }
    c.srv.keyspace.dirty += removed
  }
  c.w.integer(removed)
}

function ltrimCommand(c: CommandClient, argv: string[]): void {
  let start = parseLong(argv[2]!)
  let end = parseLong(argv[3]!)
  if (start === null || end === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  const key = argv[1]!
  const list = writeList(c, key)
  if (list === null) return
  if (list === undefined) {
    c.w.raw('+OK\r\n')
    return
  }
  const len = list.size
  if (start < 0) start += len
  if (end < 0) end += len
  if (start < 0) start = 0
  let removed: number
  if (start > end || start >= len) {
    removed = len
    list.clear()
  } else {
    if (end >= len) end = len - 1
    removed = len - (end - start + 1)
    list.trim(start, end)
  }
  c.db.notify('l', 'ltrim', key)
  if (list.size === 0) {
    c.db.delete(key)
    c.db.notify('g', 'del', key)
  }
  c.db.modified(key)
  c.srv.keyspace.dirty += removed
  c.w.raw('+OK\r\n')
}

// --- Metadata ---

const KEY: ArgSpec = { name: 'key', type: 'key', key_spec_index: 0 }
const ELEMENTS: ArgSpec = { name: 'element', type: 'string', multiple: true }
const PUSH_HISTORY: [string, string][] = [['2.4.0', 'Several elements may be given in one call.']]
const PUSHX_HISTORY: [string, string][] = [['4.0.0', 'Several elements may be given in one call.']]
const POP_HISTORY: [string, string][] = [['6.2.0', 'An optional count pops several elements.']]

function push(name: string, left: boolean, xx: boolean, summary: string): CommandSpec {
  return {
    name,
    group: 'list',
    since: xx ? '2.2.0' : '1.0.0',
    summary,
    complexity: 'O(1) for each element added',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    acl: ['list'],
    keys: [listKey(1, 'RW', 'INSERT')],
    args: [KEY, ELEMENTS],
    history: xx ? PUSHX_HISTORY : PUSH_HISTORY,
    handler: (c, argv) => pushGeneric(c, argv, left, xx),
  }
}

function pop(name: string, left: boolean, summary: string): CommandSpec {
  return {
    name,
    group: 'list',
    since: '1.0.0',
    summary,
    complexity: 'O(N) where N is the number of elements returned',
    arity: -2,
    flags: ['write', 'fast'],
    acl: ['list'],
    keys: [listKey(1, 'RW', 'ACCESS', 'DELETE')],
    args: [KEY, { name: 'count', type: 'integer', since: '6.2.0', optional: true }],
    history: POP_HISTORY,
    handler: (c, argv) => popGeneric(c, argv, left),
  }
}

/** The list commands of this file. */
export const listCommands: CommandSpec[] = [
  push('lpush', true, false, 'Prepends elements to a list, creating it when missing.'),
  push('rpush', false, false, 'Appends elements to a list, creating it when missing.'),
  push('lpushx', true, true, 'Prepends elements to a list only when the list exists.'),
  push('rpushx', false, true, 'Appends elements to a list only when the list exists.'),
  pop('lpop', true, 'Removes and returns the first elements of a list.'),
  pop('rpop', false, 'Removes and returns the last elements of a list.'),
  {
    name: 'llen',
    group: 'list',
    since: '1.0.0',
    summary: 'Returns the number of elements of a list.',
    complexity: 'O(1)',
    arity: 2,
    flags: ['readonly', 'fast'],
    acl: ['list'],
    keys: [listKey(1, 'RO')],
    args: [KEY],
    handler: llenCommand,
  },
  {
    name: 'lindex',
    group: 'list',
    since: '1.0.0',
    summary: 'Returns the element at an index of a list.',
    complexity: 'O(1)',
    arity: 3,
    flags: ['readonly'],
    acl: ['list'],
    keys: [listKey(1, 'RO', 'ACCESS')],
    args: [KEY, { name: 'index', type: 'integer' }],
    handler: lindexCommand,
  },
  {
    name: 'lset',
    group: 'list',
    since: '1.0.0',
    summary: 'Replaces the element at an index of a list.',
    complexity: 'O(1)',
    arity: 4,
    flags: ['write', 'denyoom'],
    acl: ['list'],
    keys: [listKey(1, 'RW', 'UPDATE')],
    args: [KEY, { name: 'index', type: 'integer' }, { name: 'element', type: 'string' }],
    handler: lsetCommand,
  },
  {
    name: 'linsert',
    group: 'list',
    since: '2.2.0',
    summary: 'Inserts an element before or after the first occurrence of a pivot.',
    complexity: 'O(N) where N is the distance to the pivot',
    arity: 5,
    flags: ['write', 'denyoom'],
    acl: ['list'],
    keys: [listKey(1, 'RW', 'INSERT')],
    args: [
      KEY,
      {
        name: 'where',
        type: 'oneof',
        arguments: [
          { name: 'before', type: 'pure-token', token: 'BEFORE' },
          { name: 'after', type: 'pure-token', token: 'AFTER' },
        ],
      },
      { name: 'pivot', type: 'string' },
      { name: 'element', type: 'string' },
    ],
    handler: linsertCommand,
  },
  {
    name: 'lrem',
    group: 'list',
    since: '1.0.0',
    summary: 'Removes occurrences of an element from a list.',
    complexity: 'O(N+M) for a list of N elements and M removed',
    arity: 4,
    flags: ['write'],
    acl: ['list'],
    keys: [listKey(1, 'RW', 'DELETE')],
    args: [KEY, { name: 'count', type: 'integer' }, { name: 'element', type: 'string' }],
    handler: lremCommand,
  },
  {
    name: 'ltrim',
    group: 'list',
    since: '1.0.0',
    summary: 'Keeps only a range of elements of a list.',
    complexity: 'O(N) where N is the number of elements removed',
    arity: 4,
    flags: ['write'],
    acl: ['list'],
    keys: [listKey(1, 'RW', 'DELETE')],
    args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }],
    handler: ltrimCommand,
  },
]

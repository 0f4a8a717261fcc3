/**
 * String commands, plain reads and writes: GET, MGET, STRLEN, APPEND, GETDEL, GETSET, MSET,
 * MSETNX. SET and its variants live in string-set.ts, counters in string-counter.ts, ranges
 * in string-range.ts and LCS in string-lcs.ts. See https://redis.io/commands/?group=string
 */

import { ERR_STRING_TOO_LONG, ERR_WRONGTYPE, errWrongArity } from '../protocol/reply-errors.js'
import { ByteString, MAX_JS_STRING_LENGTH, stringLength } from '../store/byte-string.js'
import type { CommandClient } from './context.js'
import type { CommandSpec } from './spec.js'
import {
  addKey,
  firstKey,
  lookupRead,
  readString,
  replyString,
  setKey,
  writeString,
} from './string-access.js'

/**
 * getGenericCommand: replies with the string at argv[1] (nil when missing); false when the
 * key holds another type (WRONGTYPE was replied), so callers stop.
 */
export function getGeneric(c: CommandClient, key: string): boolean {
  const v = readString(c, key)
  if (v === null) return false
  if (v === undefined) c.w.nullBulk()
  else replyString(c.w, v)
  return true
}

function getCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  // Fast path for the common case: a plain string.
  const v = c.db.lookup(key)
  if (typeof v === 'string') {
    c.srv.keyspace.stats.keyspaceHits++
    c.w.bulk(v)
    return
  }
  if (v === undefined) {
    c.db.notify('m', 'keymiss', key)
    c.srv.keyspace.stats.keyspaceMisses++
    c.w.nullBulk()
    return
  }
  c.srv.keyspace.stats.keyspaceHits++
  if (v instanceof ByteString) replyString(c.w, v)
  else c.w.error(ERR_WRONGTYPE)
}

function mgetCommand(c: CommandClient, argv: string[]): void {
  const w = c.w
  w.arrayHeader(argv.length - 1)
  for (let i = 1; i < argv.length; i++) {
    const v = lookupRead(c, argv[i]!)
    if (typeof v === 'string') w.bulk(v)
    else if (v instanceof ByteString) replyString(w, v)
    else w.nullBulk()
  }
}

function strlenCommand(c: CommandClient, argv: string[]): void {
  const v = readString(c, argv[1]!)
  if (v === null) return
  c.w.integer(v === undefined ? 0 : stringLength(v))
}

/**
 * Redis's checkStringLength: a value may not grow beyond proto-max-bulk-len. Replies the
 * error and returns false when 'size' + 'append' bytes would.
 */
export function checkStringLength(c: CommandClient, size: number, append: number): boolean {
  if (size + append > c.srv.config.getNumber('proto-max-bulk-len')) {
    c.w.error(ERR_STRING_TOO_LONG)
    return false
  }
  return true
}

function appendCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  const add = argv[2]!
  const cur = writeString(c, key)
  if (cur === null) return
  let total: number
  if (cur === undefined) {
    addKey(c, key, add)
    total = add.length
  } else {
    const len = stringLength(cur)
    if (!checkStringLength(c, len, add.length)) return
    total = len + add.length
    if (cur instanceof ByteString) {
      cur.append(add)
    } else if (total <= MAX_JS_STRING_LENGTH) {
      // V8 concatenation makes a rope: O(1) here, flattened once on the next read.
      c.db.overwrite(key, cur + add)
    } else {
      const grown = ByteString.fromString(cur, total)
      grown.writeAt(len, add)
      c.db.overwrite(key, grown)
    }
  }
  c.db.modified(key)
  c.db.notify('$', 'append', key)
  c.srv.keyspace.dirty++
  c.w.integer(total)
}

function getdelCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  if (!getGeneric(c, key)) return
  if (c.db.delete(key)) {
    c.db.modified(key)
    c.db.notify('g', 'del', key)
    c.srv.keyspace.dirty++
  }
}

function getsetCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  if (!getGeneric(c, key)) return
  setKey(c, key, argv[2]!)
  c.db.notify('$', 'set', key)
  c.srv.keyspace.dirty++
}

function msetGeneric(c: CommandClient, argv: string[], nx: boolean): void {
  if (argv.length % 2 === 0) {
    c.w.error(errWrongArity(nx ? 'msetnx' : 'mset'))
    return
  }
  if (nx) {
    for (let i = 1; i < argv.length; i += 2) {
      if (c.db.lookup(argv[i]!) !== undefined) {
        c.w.integer(0)
        return
      }
    }
  }
  for (let i = 1; i < argv.length; i += 2) {
    const key = argv[i]!
    setKey(c, key, argv[i + 1]!)
    c.db.notify('$', 'set', key)
  }
  c.srv.keyspace.dirty += (argv.length - 1) / 2
  if (nx) c.w.integer(1)
  else c.w.raw('+OK\r\n')
}

function msetCommand(c: CommandClient, argv: string[]): void {
  msetGeneric(c, argv, false)
}

function msetnxCommand(c: CommandClient, argv: string[]): void {
  msetGeneric(c, argv, true)
}

const KEY_VALUE_ARGS: CommandSpec['args'] = [
  {
    name: 'key_value',
    type: 'block',
    multiple: true,
    arguments: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'value', type: 'string' },
    ],
  },
]

/** GET, MGET, STRLEN, APPEND, GETDEL, GETSET, MSET, MSETNX. */
export const stringCommands: CommandSpec[] = [
  {
    name: 'get',
    group: 'string',
    since: '1.0.0',
    summary: 'Returns the string value of a key.',
    complexity: 'O(1)',
    arity: 2,
    flags: ['readonly', 'fast'],
    acl: ['string'],
    keys: [firstKey(['RO', 'ACCESS'])],
    args: [{ name: 'key', type: 'key', key_spec_index: 0 }],
    handler: getCommand,
  },
  {
    name: 'mget',
    group: 'string',
    since: '1.0.0',
    summary: 'Returns the string values of one or more keys.',
    complexity: 'O(N) where N is the number of keys to retrieve.',
    arity: -2,
    flags: ['readonly', 'fast'],
    acl: ['string'],
    keys: [{ flags: ['RO', 'ACCESS'], begin: { index: 1 }, find: { range: [-1, 1, 0] } }],
    tips: ['request_policy:multi_shard'],
    args: [{ name: 'key', type: 'key', key_spec_index: 0, multiple: true }],
    handler: mgetCommand,
  },
  {
    name: 'strlen',
    group: 'string',
    since: '2.2.0',
    summary: 'Returns the length of a string value.',
    complexity: 'O(1)',
    arity: 2,
    flags: ['readonly', 'fast'],
    acl: ['string'],
    keys: [firstKey(['RO'])],
    args: [{ name: 'key', type: 'key', key_spec_index: 0 }],
    handler: strlenCommand,
  },
  {
    name: 'append',
    group: 'string',
    since: '2.0.0',
    summary: 'Appends a string to the value of a key, creating the key if needed.',
    complexity: 'O(1) amortised, the value growing with spare room.',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    acl: ['string'],
    keys: [firstKey(['RW', 'INSERT'])],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'value', type: 'string' },
    ],
    handler: appendCommand,
  },
  {
    name: 'getdel',
    group: 'string',
    since: '6.2.0',
    summary: 'Returns the string value of a key and deletes the key.',
    complexity: 'O(1)',
    arity: 2,
    flags: ['write', 'fast'],
    acl: ['string'],
    keys: [firstKey(['RW', 'ACCESS', 'DELETE'])],
    args: [{ name: 'key', type: 'key', key_spec_index: 0 }],
    handler: getdelCommand,
  },
  {
    name: 'getset',
    group: 'string',
    since: '1.0.0',
    summary: 'Replaces the string value of a key and returns the previous one.',
    complexity: 'O(1)',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    acl: ['string'],
    keys: [firstKey(['RW', 'ACCESS', 'UPDATE'])],
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`SET` with the `!GET` argument',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'value', type: 'string' },
    ],
    handler: getsetCommand,
  },
  {
    name: 'mset',
    group: 'string',
    since: '1.0.1',
    summary: 'Sets the string values of one or more keys.',
    complexity: 'O(N) where N is the number of keys to set.',
    arity: -3,
    flags: ['write', 'denyoom'],
    acl: ['string'],
    keys: [{ flags: ['OW', 'UPDATE'], begin: { index: 1 }, find: { range: [-1, 2, 0] } }],
    tips: ['request_policy:multi_shard', 'response_policy:all_succeeded'],
    args: KEY_VALUE_ARGS,
    handler: msetCommand,
  },
  {
    name: 'msetnx',
    group: 'string',
    since: '1.0.1',
    summary: 'Sets the string values of several keys only when none of them exists.',
    complexity: 'O(N) where N is the number of keys to set.',
    arity: -3,
    flags: ['write', 'denyoom'],
    acl: ['string'],
    keys: [{ flags: ['OW', 'INSERT'], begin: { index: 1 }, find: { range: [-1, 2, 0] } }],
    tips: ['request_policy:multi_shard', 'response_policy:agg_min'],
    args: KEY_VALUE_ARGS,
    handler: msetnxCommand,
  },
]

/**
 * Keyspace commands on whole keys: DEL, UNLINK, EXISTS, TYPE, TOUCH, DBSIZE, RENAME, RENAMENX,
 * MOVE, COPY, SWAPDB, FLUSHDB, FLUSHALL. Expiry lives in generic-expire.ts, KEYS/SCAN/RANDOMKEY
 * in generic-scan.ts, OBJECT in generic-object.ts; genericCommands gathers them all.
 * See https://redis.io/commands/?group=generic
 */

import {
  ERR_DB_INDEX,
  ERR_NO_SUCH_KEY,
  ERR_SAME_OBJECT,
  ERR_SWAPDB_FIRST,
  ERR_SWAPDB_SECOND,
  ERR_SYNTAX,
} from '../protocol/reply-errors.js'
import type { Database } from '../store/database.js'
import { typeOf } from '../store/value.js'
import { keywordIs } from '../util/c-string.js'
import type { CommandClient } from './context.js'
import { expireCommands } from './generic-expire.js'
import {
  carryAccessMeta,
  carryEncodingHint,
  cIntError,
  copyExpire,
  lookupRead,
  oneKey,
  parseCInt,
} from './generic-helpers.js'
import { objectCommands, stringEncoding } from './generic-object.js'
import { scanCommands } from './generic-scan.js'
import type { CommandSpec, KeySpec } from './spec.js'

/** Database 'id' or undefined when it is out of range (selectDb failing). */
function dbById(c: CommandClient, id: number): Database | undefined {
  return id < 0 ? undefined : c.srv.keyspace.db(id)
}

/** Records one effective write of 'key' in 'db': WATCH, keyspace event, dirty counter. */
function written(c: CommandClient, db: Database, key: string, event: string): void {
  db.modified(key)
  db.notify('g', event, key)
  c.srv.keyspace.dirty++
}

// --- DEL, UNLINK, EXISTS, TOUCH, TYPE, DBSIZE ---

/** DEL and UNLINK (redoubt frees memory the same way for both). */
function delCommand(c: CommandClient, argv: string[]): void {
  const db = c.db
  let n = 0
  for (let j = 1; j < argv.length; j++) {
    const key = argv[j]!
    if (db.delete(key)) {
      written(c, db, key, 'del')
      n++
    }
  }
  c.w.integer(n)
}

/** EXISTS: counts every argument that names a live key (repeats count again). */
function existsCommand(c: CommandClient, argv: string[]): void {
  let n = 0
  for (let j = 1; j < argv.length; j++) if (lookupRead(c, c.db, argv[j]!, true) !== undefined) n++
  c.w.integer(n)
}

/** TOUCH: like EXISTS, but records an access on each key (LRU clock / LFU counter). */
function touchCommand(c: CommandClient, argv: string[]): void {
  let n = 0
  for (let j = 1; j < argv.length; j++) if (lookupRead(c, c.db, argv[j]!, false) !== undefined) n++
  c.w.integer(n)
}

function typeCommand(c: CommandClient, argv: string[]): void {
  const v = lookupRead(c, c.db, argv[1]!, true)
  c.w.simple(v === undefined ? 'none' : typeOf(v))
}

/** DBSIZE counts keys not yet reclaimed even if logically expired (as Redis's dictSize). */
function dbsizeCommand(c: CommandClient): void {
  c.w.integer(c.db.size)
}

// --- RENAME, RENAMENX, MOVE, COPY ---

function renameGeneric(c: CommandClient, argv: string[], nx: boolean): void {
  const db = c.db
  const src = argv[1]!
  const dst = argv[2]!
  const v = db.lookup(src)
  if (v === undefined) {
    c.w.error(ERR_NO_SUCH_KEY)
    return
  }
  // redis 3.2+: renaming a key to itself is a no-op (RENAMENX answers 0), still an error if missing.
  if (src === dst) {
    c.w.raw(nx ? ':0\r\n' : '+OK\r\n')
    return
  }
  if (db.lookup(dst) !== undefined) {
    if (nx) {
      c.w.raw(':0\r\n')
      return
    }
    db.delete(dst)
  }
  db.set(dst, v)
  db.notify('n', 'new', dst)
  copyExpire(db, src, db, dst)
  carryAccessMeta(db, src, db, dst)
  carryEncodingHint(db, src, db, dst)
  db.delete(src)
  db.modified(src)
  db.modified(dst)
  db.notify('g', 'rename_from', src)
  db.notify('g', 'rename_to', dst)
  c.srv.keyspace.dirty++
  c.w.raw(nx ? ':1\r\n' : '+OK\r\n')
}

function renameCommand(c: CommandClient, argv: string[]): void {
  renameGeneric(c, argv, false)
}

function renamenxCommand(c: CommandClient, argv: string[]): void {
  renameGeneric(c, argv, true)
}

function moveCommand(c: CommandClient, argv: string[]): void {
  const id = parseCInt(argv[2]!)
  if (id === null || id === 'range') {
    c.w.error(cIntError(id))
    return
  }
  const src = c.db
  const dst = dbById(c, id)
  if (dst === undefined) {
    c.w.error(ERR_DB_INDEX)
    return
  }
  if (dst === src) {
    c.w.error(ERR_SAME_OBJECT)
    return
  }
  const key = argv[1]!
  const v = src.lookup(key)
  if (v === undefined || dst.lookup(key) !== undefined) {
    c.w.raw(':0\r\n')
    return
  }
  // The value object itself moves: no copy is needed since the source entry goes away.
  dst.set(key, v)
  dst.notify('n', 'new', key)
  copyExpire(src, key, dst, key)
  carryAccessMeta(src, key, dst, key)
  carryEncodingHint(src, key, dst, key)
  src.delete(key)
  src.modified(key)
  dst.modified(key)
  src.notify('g', 'move_from', key)
  dst.notify('g', 'move_to', key)
  c.srv.keyspace.dirty++
  c.w.raw(':1\r\n')
}

function copyCommand(c: CommandClient, argv: string[]): void {
  const src = c.db
  let dst = src
  let replace = false
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!
    if (keywordIs(opt, 'replace')) {
      replace = true
    } else if (keywordIs(opt, 'db') && j + 1 < argv.length) {
      const id = parseCInt(argv[j + 1]!)
      if (id === null || id === 'range') {
        c.w.error(cIntError(id))
        return
      }
      const target = dbById(c, id)
      if (target === undefined) {
        c.w.error(ERR_DB_INDEX)
        return
      }
      dst = target
      j++
    } else {
      c.w.error(ERR_SYNTAX)
      return
    }
  }
  const key = argv[1]!
  const newKey = argv[2]!
  if (src === dst && key === newKey) {
    c.w.error(ERR_SAME_OBJECT)
    return
  }
  const v = lookupRead(c, src, key, false)
  if (v === undefined) {
    c.w.raw(':0\r\n')
    return
  }
  if (dst.lookup(newKey) !== undefined) {
    if (!replace) {
      c.w.raw(':0\r\n')
      return
    }
    dst.delete(newKey)
  }
  // Strings are immutable JS strings and can be shared; every object type is deep-copied.
  dst.set(newKey, typeof v === 'string' ? v : v.clone())
  dst.notify('n', 'new', newKey)
  copyExpire(src, key, dst, newKey)
  carryEncodingHint(src, key, dst, newKey)
  // The duplicate of a shared small integer is a private object in Redis (OBJECT REFCOUNT 1).
  if (typeof v === 'string' && src.encodingHint(key) === undefined && stringEncoding(v) === 'int') {
    dst.setEncodingHint(newKey, 'int')
  }
  written(c, dst, newKey, 'copy_to')
  c.w.raw(':1\r\n')
}

// --- SWAPDB, FLUSHDB, FLUSHALL ---

function swapdbCommand(c: CommandClient, argv: string[]): void {
  const a = parseCInt(argv[1]!)
  if (a === null || a === 'range') {
    c.w.error(cIntError(a, ERR_SWAPDB_FIRST))
    return
  }
  const b = parseCInt(argv[2]!)
  if (b === null || b === 'range') {
    c.w.error(cIntError(b, ERR_SWAPDB_SECOND))
    return
  }
  const ks = c.srv.keyspace
  if (dbById(c, a) === undefined || dbById(c, b) === undefined) {
    c.w.error(ERR_DB_INDEX)
    return
  }
  ks.swap(a, b)
  ks.dirty++
  c.w.raw('+OK\r\n')
}

/**
 * FLUSHDB/FLUSHALL take an optional SYNC or ASYNC. Both free memory synchronously here (the
 * reply is the same); returns false after replying with the syntax error.
 */
function flushModeOk(c: CommandClient, argv: string[]): boolean {
  if (
    argv.length > 2 ||
    (argv.length === 2 && !keywordIs(argv[1]!, 'sync') && !keywordIs(argv[1]!, 'async'))
  ) {
    c.w.error(ERR_SYNTAX)
    return false
  }
  return true
}

function flushdbCommand(c: CommandClient, argv: string[]): void {
  if (!flushModeOk(c, argv)) return
  const ks = c.srv.keyspace
  ks.dirty += ks.flushDb(c.db)
  c.w.raw('+OK\r\n')
}

function flushallCommand(c: CommandClient, argv: string[]): void {
  if (!flushModeOk(c, argv)) return
  const ks = c.srv.keyspace
  // redis 7.0.15 counts the removed keys only (it forces propagation separately).
  ks.dirty += ks.flushAll()
  c.w.raw('+OK\r\n')
}

// --- Metadata ---

/** Every argument from argv[1] on is a key. */
function allKeys(...flags: KeySpec['flags']): KeySpec {
  return { flags, begin: { index: 1 }, find: { range: [-1, 1, 0] } }
}

const MULTI_SHARD_SUM = ['request_policy:multi_shard', 'response_policy:agg_sum']
const ALL_SHARDS_SUCCEEDED = ['request_policy:all_shards', 'response_policy:all_succeeded']

const keyCommands: CommandSpec[] = [
  {
    name: 'del',
    group: 'generic',
    since: '1.0.0',
    summary: 'Removes the given keys; returns how many existed.',
    complexity: 'O(N) for N keys, plus the size of each removed value',
    arity: -2,
    flags: ['write'],
    acl: ['keyspace'],
    tips: MULTI_SHARD_SUM,
    keys: [allKeys('RM', 'DELETE')],
    handler: delCommand,
  },
  {
    name: 'unlink',
    group: 'generic',
    since: '4.0.0',
    summary: 'Removes the given keys, reclaiming their memory later; returns how many existed.',
    complexity: 'O(1) per key',
    arity: -2,
    flags: ['write', 'fast'],
    acl: ['keyspace'],
    tips: MULTI_SHARD_SUM,
    keys: [allKeys('RM', 'DELETE')],
    handler: delCommand,
  },
  {
    name: 'exists',
    group: 'generic',
    since: '1.0.0',
    summary: 'Counts how many of the given keys exist.',
    complexity: 'O(N) for N keys',
    arity: -2,
    flags: ['readonly', 'fast'],
    acl: ['keyspace'],
    tips: MULTI_SHARD_SUM,
    keys: [allKeys('RO')],
    history: [['3.0.3', 'Takes several keys.']],
    handler: existsCommand,
  },
  {
    name: 'type',
    group: 'generic',
    since: '1.0.0',
    summary: 'Names the type of the value at a key, or none.',
    complexity: 'O(1)',
    arity: 2,
    flags: ['readonly', 'fast'],
    acl: ['keyspace'],
    keys: [oneKey(1, 'RO')],
    handler: typeCommand,
  },
  {
    name: 'touch',
    group: 'generic',
    since: '3.2.1',
    summary: 'Records an access to the given keys; returns how many exist.',
    complexity: 'O(N) for N keys',
    arity: -2,
    flags: ['readonly', 'fast'],
    acl: ['keyspace'],
    tips: MULTI_SHARD_SUM,
    keys: [allKeys('RO')],
    handler: touchCommand,
  },
  {
    name: 'dbsize',
    group: 'server',
    since: '1.0.0',
    summary: 'Counts the keys of the selected database.',
    complexity: 'O(1)',
    arity: 1,
    flags: ['readonly', 'fast'],
    acl: ['keyspace'],
    tips: ['request_policy:all_shards', 'response_policy:agg_sum'],
    handler: dbsizeCommand,
  },
  {
    name: 'rename',
    group: 'generic',
    since: '1.0.0',
    summary: 'Gives a key a new name, replacing any key of that name.',
    complexity: 'O(1)',
    arity: 3,
    flags: ['write'],
    acl: ['keyspace'],
    keys: [oneKey(1, 'RW', 'ACCESS', 'DELETE'), oneKey(2, 'OW', 'UPDATE')],
    handler: renameCommand,
  },
  {
    name: 'renamenx',
    group: 'generic',
    since: '1.0.0',
    summary: 'Gives a key a new name only if no key has that name yet.',
    complexity: 'O(1)',
    arity: 3,
    flags: ['write', 'fast'],
    acl: ['keyspace'],
    keys: [oneKey(1, 'RW', 'ACCESS', 'DELETE'), oneKey(2, 'OW', 'INSERT')],
    history: [['3.2.0', 'No longer an error when both names are the same.']],
    handler: renamenxCommand,
  },
  {
    name: 'move',
    group: 'generic',
    since: '1.0.0',
    summary: 'Moves a key to another database unless the name is taken there.',
    complexity: 'O(1)',
    arity: 3,
    flags: ['write', 'fast'],
    acl: ['keyspace'],
    keys: [oneKey(1, 'RW', 'ACCESS', 'UPDATE')],
    handler: moveCommand,
  },
  {
    name: 'copy',
    group: 'generic',
    since: '6.2.0',
    summary: 'Copies the value (and TTL) of a key to another key, possibly in another database.',
    complexity: 'O(N) for a value of N elements',
    arity: -3,
    flags: ['write', 'denyoom'],
    acl: ['keyspace'],
    keys: [oneKey(1, 'RO', 'ACCESS'), oneKey(2, 'OW', 'UPDATE')],
    handler: copyCommand,
  },
  {
    name: 'swapdb',
    group: 'server',
    since: '4.0.0',
    summary: 'Exchanges the contents of two databases.',
    complexity: 'O(N) for N clients watching or blocked on keys of either database',
    arity: 3,
    flags: ['write', 'fast'],
    acl: ['keyspace', 'dangerous'],
    handler: swapdbCommand,
  },
  {
    name: 'flushdb',
    group: 'server',
    since: '1.0.0',
    summary: 'Removes every key of the selected database.',
    complexity: 'O(N) for N keys',
    arity: -1,
    flags: ['write'],
    acl: ['keyspace', 'dangerous'],
    tips: ALL_SHARDS_SUCCEEDED,
    history: [
      ['4.0.0', 'ASYNC option.'],
      ['6.2.0', 'SYNC option.'],
    ],
    handler: flushdbCommand,
  },
  {
    name: 'flushall',
    group: 'server',
    since: '1.0.0',
    summary: 'Removes every key of every database.',
    complexity: 'O(N) for N keys in all databases',
    arity: -1,
    flags: ['write'],
    acl: ['keyspace', 'dangerous'],
    tips: ALL_SHARDS_SUCCEEDED,
    history: [
      ['4.0.0', 'ASYNC option.'],
      ['6.2.0', 'SYNC option.'],
    ],
    handler: flushallCommand,
  },
]

/** The whole generic family (command-families.ts lists this one array). */
export const genericCommands: CommandSpec[] = [
  ...keyCommands,
  ...expireCommands,
  ...scanCommands,
  ...objectCommands,
]

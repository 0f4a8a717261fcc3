/**
 * Key expiry: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX/XX/GT/LT), TTL, PTTL, EXPIRETIME,
 * PEXPIRETIME and PERSIST. Times are 64-bit milliseconds as in Redis: parsed and checked for
 * overflow as bigints, kept exactly even beyond 2^53 (Database.setExpireExact).
 * See https://redis.io/commands/expire/
 */

import {
  ERR_EXPIRE_GT_LT,
  ERR_EXPIRE_NX_COMBO,
  ERR_INVALID_EXPIRE,
  ERR_NOT_INTEGER,
  errUnsupportedOption,
} from '../protocol/reply-errors.js'
import { keywordIs } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import { lookupRead, oneKey } from './generic-helpers.js'
import type { CommandHandler, CommandSpec } from './spec.js'

const LLONG_MAX = 2n ** 63n - 1n
const LLONG_MIN = -(2n ** 63n)

const NX = 1
const XX = 2
const GT = 4
const LT = 8

/** Parses NX/XX/GT/LT from argv[3] on; replies with the error and returns -1 when invalid. */
function parseExpireFlags(c: CommandClient, argv: string[]): number {
  let flags = 0
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!
    if (keywordIs(opt, 'nx')) flags |= NX
    else if (keywordIs(opt, 'xx')) flags |= XX
    else if (keywordIs(opt, 'gt')) flags |= GT
    else if (keywordIs(opt, 'lt')) flags |= LT
    else {
      c.w.error(errUnsupportedOption(opt))
      return -1
    }
  }
  if (flags & NX && flags & (XX | GT | LT)) {
    c.w.error(ERR_EXPIRE_NX_COMBO)
    return -1
  }
  if (flags & GT && flags & LT) {
    c.w.error(ERR_EXPIRE_GT_LT)
    return -1
  }
  return flags
}

/**
 * The four setters. 'relative': the argument is added to the current time; 'seconds': it is
 * in seconds. Order of checks as Redis 7.0: options, integer, overflow, key, NX/XX/GT/LT.
 */
function expireGeneric(c: CommandClient, argv: string[], relative: boolean, seconds: boolean): void {
  const flags = parseExpireFlags(c, argv)
  if (flags < 0) return
  let when = parseInt64(argv[2]!)
  if (when === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  const cmd = argv[0]!.toLowerCase()
  if (seconds) {
    // BigInt division truncates toward zero, like C's LLONG_MAX / 1000.
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) {
      c.w.error(ERR_INVALID_EXPIRE(cmd))
      return
    }
    when *= 1000n
  }
  const base = relative ? BigInt(Date.now()) : 0n
  if (when > LLONG_MAX - base) {
    c.w.error(ERR_INVALID_EXPIRE(cmd))
    return
  }
  when += base
  const db = c.db
  const key = argv[1]!
  if (db.lookup(key) === undefined) {
    c.w.raw(':0\r\n')
    return
  }
  if (flags !== 0) {
    const cur = db.getExpireExact(key)
    const has = cur !== -1
    const current = BigInt(cur)
    if (flags & NX && has) return void c.w.raw(':0\r\n')
    if (flags & XX && !has) return void c.w.raw(':0\r\n')
    // GT: no TTL counts as infinite, so nothing is greater. LT: anything is less than no TTL.
    if (flags & GT && (!has || when <= current)) return void c.w.raw(':0\r\n')
    if (flags & LT && has && when >= current) return void c.w.raw(':0\r\n')
  }
  c.srv.keyspace.dirty++
  // redis 7.0: a time already in the past deletes the key (a 'del' event, not 'expired').
  if (when <= BigInt(Date.now())) {
    db.delete(key)
    db.modified(key)
    db.notify('g', 'del', key)
    c.w.raw(':1\r\n')
    return
  }
  db.setExpireExact(key, when)
  db.modified(key)
  db.notify('g', 'expire', key)
  c.w.raw(':1\r\n')
}

function expireCommand(c: CommandClient, argv: string[]): void {
  expireGeneric(c, argv, true, true)
}

function pexpireCommand(c: CommandClient, argv: string[]): void {
  expireGeneric(c, argv, true, false)
}

function expireatCommand(c: CommandClient, argv: string[]): void {
  expireGeneric(c, argv, false, true)
}

function pexpireatCommand(c: CommandClient, argv: string[]): void {
  expireGeneric(c, argv, false, false)
}

/**
 * The four getters: -2 without the key, -1 without a TTL, else the remaining time ('abs'
 * false) or the absolute expiry ('abs' true); seconds are rounded half up, like Redis's
 * (ms + 500) / 1000, computed without its 64-bit overflow near LLONG_MAX (redis-server built
 * with optimisations answers the mathematical value there, which bigints give).
 */
function ttlGeneric(c: CommandClient, argv: string[], ms: boolean, abs: boolean): void {
  const key = argv[1]!
  if (lookupRead(c, c.db, key, true) === undefined) {
    c.w.raw(':-2\r\n')
    return
  }
  const when = c.db.getExpireExact(key)
  if (when === -1) {
    c.w.raw(':-1\r\n')
    return
  }
  if (typeof when === 'bigint') {
    let t = abs ? when : when - BigInt(Date.now())
    if (t < 0n) t = 0n
    c.w.integer(ms ? t : (t + 500n) / 1000n)
    return
  }
  let t = abs ? when : when - Date.now()
  if (t < 0) t = 0
  c.w.integer(ms ? t : Math.trunc((t + 500) / 1000))
}

function ttlCommand(c: CommandClient, argv: string[]): void {
  ttlGeneric(c, argv, false, false)
}

function pttlCommand(c: CommandClient, argv: string[]): void {
  ttlGeneric(c, argv, true, false)
}

function expiretimeCommand(c: CommandClient, argv: string[]): void {
  ttlGeneric(c, argv, false, true)
}

function pexpiretimeCommand(c: CommandClient, argv: string[]): void {
  ttlGeneric(c, argv, true, true)
}

function persistCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  const db = c.db
  if (db.lookup(key) === undefined || !db.persist(key)) {
    c.w.raw(':0\r\n')
    return
  }
  db.modified(key)
  db.notify('g', 'persist', key)
  c.srv.keyspace.dirty++
  c.w.raw(':1\r\n')
}

// --- Metadata ---

const OPTIONS_HISTORY: [string, string][] = [['7.0.0', 'NX, XX, GT and LT options.']]
const TTL_HISTORY: [string, string][] = [['2.8.0', 'Answers -2 for a missing key.']]

/** Spec of a setter (arity -3, one RW UPDATE key). */
function setter(name: string, since: string, summary: string, handler: CommandHandler): CommandSpec {
  return {
    name,
    group: 'generic',
    since,
    summary,
    complexity: 'O(1)',
    arity: -3,
    flags: ['write', 'fast'],
    acl: ['keyspace'],
    keys: [oneKey(1, 'RW', 'UPDATE')],
    history: OPTIONS_HISTORY,
    handler,
  }
}

/** Spec of a getter (arity 2, one RO ACCESS key). */
function getter(
  name: string,
  since: string,
  summary: string,
  handler: CommandHandler,
  extra: Partial<CommandSpec> = {},
): CommandSpec {
  return {
    name,
    group: 'generic',
    since,
    summary,
    complexity: 'O(1)',
    arity: 2,
    flags: ['readonly', 'fast'],
    acl: ['keyspace'],
    keys: [oneKey(1, 'RO', 'ACCESS')],
    ...extra,
    handler,
  }
}

export const expireCommands: CommandSpec[] = [
  setter('expire', '1.0.0', 'Sets a time to live in seconds on a key.', expireCommand),
  setter('pexpire', '2.6.0', 'Sets a time to live in milliseconds on a key.', pexpireCommand),
  setter('expireat', '1.2.0', 'Sets the Unix time in seconds at which a key expires.', expireatCommand),
  setter(
    'pexpireat',
    '2.6.0',
    'Sets the Unix time in milliseconds at which a key expires.',
    pexpireatCommand,
  ),
  getter('ttl', '1.0.0', 'Seconds a key has left to live.', ttlCommand, {
    tips: ['nondeterministic_output'],
    history: TTL_HISTORY,
  }),
  getter('pttl', '2.6.0', 'Milliseconds a key has left to live.', pttlCommand, {
    tips: ['nondeterministic_output'],
    history: TTL_HISTORY,
  }),
  getter('expiretime', '7.0.0', 'Unix time in seconds at which a key expires.', expiretimeCommand),
  getter('pexpiretime', '7.0.0', 'Unix time in milliseconds at which a key expires.', pexpiretimeCommand),
  {
    name: 'persist',
    group: 'generic',
    since: '2.2.0',
    summary: 'Removes the time to live of a key.',
    complexity: 'O(1)',
    arity: 2,
    flags: ['write', 'fast'],
    acl: ['keyspace'],
    keys: [oneKey(1, 'RW', 'UPDATE')],
    handler: persistCommand,
  },
]

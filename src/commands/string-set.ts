/**
 * SET and its relatives: SET (NX XX GET EX PX EXAT PXAT KEEPTTL), SETNX, SETEX, PSETEX and
 * GETEX (EX PX EXAT PXAT PERSIST), with Redis 7.0's option grammar and expire-time checks.
 * See https://redis.io/commands/set/ and https://redis.io/commands/getex/
 */

import { ERR_INVALID_EXPIRE, ERR_NOT_INTEGER, ERR_SYNTAX } from '../protocol/reply-errors.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import type { ArgSpec, CommandSpec, KeyRef } from './spec.js'
import { getGeneric } from './string.js'
import { firstKey, optionName, readString, replyString, setKey } from './string-access.js'

// --- Option grammar (Redis's parseExtendedStringArgumentsOrReply) ---

const NX = 1
const XX = 2
const GET = 4
const KEEPTTL = 8
const PERSIST = 16
const EX = 32
const PX = 64
const EXAT = 128
const PXAT = 256
/** Any expire option. */
const ANY_EXPIRE = EX | PX | EXAT | PXAT

/** Parsed options: flag bits and the expire argument (null when none). */
interface ExtendedOptions {
  flags: number
  expire: string | null
}

/**
 * Parses the options of SET ('isSet') or GETEX from argv[first...]; null for a syntax error.
 * Each option is refused when a conflicting one came before it (NX/XX, KEEPTTL/expires,
 * PERSIST/expires, one expire kind), so the order of a conflict does not matter but a
 * repeated option is accepted, as in Redis 7.0.
 */
function parseExtended(argv: string[], first: number, isSet: boolean): ExtendedOptions | null {
  let flags = 0
  let expire: string | null = null
  for (let j = first; j < argv.length; j++) {
    const opt = optionName(argv[j]!)
    const hasNext = j < argv.length - 1
    if (opt === 'nx' && isSet && !(flags & XX)) {
      flags |= NX
    } else if (opt === 'xx' && isSet && !(flags & NX)) {
      flags |= XX
    } else if (opt === 'get' && isSet) {
      flags |= GET
    } else if (opt === 'keepttl' && isSet && !(flags & (PERSIST | ANY_EXPIRE))) {
      flags |= KEEPTTL
    } else if (opt === 'persist' && !isSet && !(flags & (ANY_EXPIRE | KEEPTTL))) {
      flags |= PERSIST
    } else if (hasNext && !(flags & (KEEPTTL | PERSIST)) && expireFlag(opt) !== 0) {
      const f = expireFlag(opt)
      if (flags & (ANY_EXPIRE & ~f)) return null
      flags |= f
      expire = argv[++j]!
    } else {
      return null
    }
  }
  return { flags, expire }
}

function expireFlag(opt: string): number {
  switch (opt) {
    case 'ex':
      return EX
    case 'px':
      return PX
    case 'exat':
      return EXAT
    case 'pxat':
      return PXAT
    default:
      return 0
  }
}

const INT64_MAX = 2n ** 63n - 1n

/**
 * Redis's getExpireMillisecondsOrReply: the absolute expire time in ms for expire argument
 * 'arg' under 'flags', or null after replying the error. Non-positive values, and values
 * whose conversion to absolute milliseconds would overflow a signed 64-bit integer, are
 * "invalid expire time in '<cmd>' command".
 */
function expireAt(c: CommandClient, arg: string, flags: number, cmd: string): bigint | null {
  let ms = parseInt64(arg)
  if (ms === null) {
    c.w.error(ERR_NOT_INTEGER)
    return null
  }
  const seconds = (flags & (EX | EXAT)) !== 0
  if (ms <= 0n || (seconds && ms > INT64_MAX / 1000n)) {
    c.w.error(ERR_INVALID_EXPIRE(cmd))
    return null
  }
  if (seconds) ms *= 1000n
  if (flags & (EX | PX)) {
    ms += BigInt(Date.now())
    if (ms > INT64_MAX) {
      c.w.error(ERR_INVALID_EXPIRE(cmd))
      return null
    }
  }
  return ms
}

// --- Commands ---

/**
 * setGenericCommand: stores argv value 'value' at 'key' under 'flags' with an optional
 * expire; 'okReply'/'abortReply' are the raw replies for a done or refused write (nil when
 * refused by default). With GET the old value is the reply instead.
 */
function setGeneric(
  c: CommandClient,
  cmd: string,
  flags: number,
  key: string,
  value: string,
  expire: string | null,
  okReply: string,
  abortReply: string | null,
): void {
  let when = 0n
  if (expire !== null) {
    const at = expireAt(c, expire, flags, cmd)
    if (at === null) return
    when = at
  }
  if (flags & GET && !getGeneric(c, key)) return
  const found = c.db.lookup(key) !== undefined
  if ((flags & NX && found) || (flags & XX && !found)) {
    if (!(flags & GET)) {
      if (abortReply === null) c.w.nullBulk()
      else c.w.raw(abortReply)
    }
    return
  }
  setKey(c, key, value, (flags & KEEPTTL) !== 0, found)
  c.srv.keyspace.dirty++
  c.db.notify('$', 'set', key)
  if (expire !== null) {
    c.db.setExpireExact(key, when)
    c.db.notify('g', 'expire', key)
  }
  if (!(flags & GET)) c.w.raw(okReply)
}

const OK = '+OK\r\n'

function setCommand(c: CommandClient, argv: string[]): void {
  const opts = parseExtended(argv, 3, true)
  if (opts === null) {
    c.w.error(ERR_SYNTAX)
    return
  }
  setGeneric(c, 'set', opts.flags, argv[1]!, argv[2]!, opts.expire, OK, null)
}

function setnxCommand(c: CommandClient, argv: string[]): void {
  setGeneric(c, 'setnx', NX, argv[1]!, argv[2]!, null, ':1\r\n', ':0\r\n')
}

function setexCommand(c: CommandClient, argv: string[]): void {
  setGeneric(c, 'setex', EX, argv[1]!, argv[3]!, argv[2]!, OK, null)
}

function psetexCommand(c: CommandClient, argv: string[]): void {
  setGeneric(c, 'psetex', PX, argv[1]!, argv[3]!, argv[2]!, OK, null)
}

function getexCommand(c: CommandClient, argv: string[]): void {
  const opts = parseExtended(argv, 2, false)
  if (opts === null) {
    c.w.error(ERR_SYNTAX)
    return
  }
  const key = argv[1]!
  const v = readString(c, key)
  if (v === null) return
  if (v === undefined) {
    c.w.nullBulk()
    return
  }
  let when = 0n
  if (opts.expire !== null) {
    const at = expireAt(c, opts.expire, opts.flags, 'getex')
    if (at === null) return
    when = at
  }
  replyString(c.w, v)
  // redis 7.0: an absolute time already past deletes the key instead of setting a TTL.
  if (opts.flags & (EXAT | PXAT) && when <= BigInt(Date.now())) {
    c.db.delete(key)
    c.db.modified(key)
    c.db.notify('g', 'del', key)
    c.srv.keyspace.dirty++
  } else if (opts.expire !== null) {
    c.db.setExpireExact(key, when)
    c.db.modified(key)
    c.db.notify('g', 'expire', key)
    c.srv.keyspace.dirty++
  } else if (opts.flags & PERSIST) {
    if (c.db.persist(key)) {
      c.db.modified(key)
      c.db.notify('g', 'persist', key)
      c.srv.keyspace.dirty++
    }
  }
}

// --- Metadata ---

const KEY_ARG: ArgSpec = { name: 'key', type: 'key', key_spec_index: 0 }
const VALUE_ARG: ArgSpec = { name: 'value', type: 'string' }

/**
 * SET's key flags depend on GET (redis setGetKeys): with GET it reads and updates the key
 * (RW ACCESS UPDATE), without it only overwrites (OW UPDATE). ACL %R/%W checks use this.
 */
/** SET's key as setGetKeys reports it; shared, never modified. */
const SET_KEY_WITH_GET: readonly KeyRef[] = Object.freeze([
  Object.freeze<KeyRef>({ pos: 1, flags: Object.freeze(['RW', 'ACCESS', 'UPDATE'] as const) }),
])
const SET_KEY: readonly KeyRef[] = Object.freeze([
  Object.freeze<KeyRef>({ pos: 1, flags: Object.freeze(['OW', 'UPDATE'] as const) }),
])

function setGetKeys(argv: readonly string[]): readonly KeyRef[] {
  for (let i = 3; i < argv.length; i++) {
    if (argv[i]!.toLowerCase() === 'get') return SET_KEY_WITH_GET
  }
  return SET_KEY
}

/** SET, SETNX, SETEX, PSETEX, GETEX. */
export const stringSetCommands: CommandSpec[] = [
  {
    name: 'set',
    group: 'string',
    since: '1.0.0',
    summary: 'Sets the string value of a key, with optional conditions and expiry.',
    complexity: 'O(1)',
    arity: -3,
    flags: ['write', 'denyoom'],
    acl: ['string'],
    keys: [
      firstKey(
        ['RW', 'ACCESS', 'UPDATE', 'VARIABLE_FLAGS'],
        'RW and ACCESS due to the optional `GET` argument',
      ),
    ],
    getKeys: setGetKeys,
    history: [
      ['2.6.12', 'EX, PX, NX and XX options.'],
      ['6.0.0', 'KEEPTTL option.'],
      ['6.2.0', 'GET, EXAT and PXAT options.'],
      ['7.0.0', 'NX may be combined with GET.'],
    ],
    args: [
      KEY_ARG,
      VALUE_ARG,
      {
        name: 'condition',
        type: 'oneof',
        since: '2.6.12',
        optional: true,
        arguments: [
          { name: 'nx', type: 'pure-token', token: 'NX' },
          { name: 'xx', type: 'pure-token', token: 'XX' },
        ],
      },
      { name: 'get', type: 'pure-token', token: 'GET', since: '6.2.0', optional: true },
      {
        name: 'expiration',
        type: 'oneof',
        optional: true,
        arguments: [
          { name: 'seconds', type: 'integer', token: 'EX', since: '2.6.12' },
          { name: 'milliseconds', type: 'integer', token: 'PX', since: '2.6.12' },
          { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT', since: '6.2.0' },
          { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT', since: '6.2.0' },
          { name: 'keepttl', type: 'pure-token', token: 'KEEPTTL', since: '6.0.0' },
        ],
      },
    ],
    handler: setCommand,
  },
  {
    name: 'setnx',
    group: 'string',
    since: '1.0.0',
    summary: 'Sets the string value of a key only when the key does not exist.',
    complexity: 'O(1)',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    acl: ['string'],
    keys: [firstKey(['OW', 'INSERT'])],
    args: [KEY_ARG, VALUE_ARG],
    handler: setnxCommand,
  },
  {
    name: 'setex',
    group: 'string',
    since: '2.0.0',
    summary: 'Sets the string value and the expiry in seconds of a key.',
    complexity: 'O(1)',
    arity: 4,
    flags: ['write', 'denyoom'],
    acl: ['string'],
    keys: [firstKey(['OW', 'UPDATE'])],
    args: [KEY_ARG, { name: 'seconds', type: 'integer' }, VALUE_ARG],
    handler: setexCommand,
  },
  {
    name: 'psetex',
    group: 'string',
    since: '2.6.0',
    summary: 'Sets the string value and the expiry in milliseconds of a key.',
    complexity: 'O(1)',
    arity: 4,
    flags: ['write', 'denyoom'],
    acl: ['string'],
    keys: [firstKey(['OW', 'UPDATE'])],
    args: [KEY_ARG, { name: 'milliseconds', type: 'integer' }, VALUE_ARG],
    handler: psetexCommand,
  },
  {
    name: 'getex',
    group: 'string',
    since: '6.2.0',
    summary: 'Returns the string value of a key after optionally changing its expiry.',
    complexity: 'O(1)',
    arity: -2,
    flags: ['write', 'fast'],
    acl: ['string'],
    keys: [firstKey(['RW', 'ACCESS', 'UPDATE'], 'RW and UPDATE because it changes the TTL')],
    args: [
      KEY_ARG,
      {
        name: 'expiration',
        type: 'oneof',
        optional: true,
        arguments: [
          { name: 'seconds', type: 'integer', token: 'EX' },
          { name: 'milliseconds', type: 'integer', token: 'PX' },
          { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT' },
          { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT' },
          { name: 'persist', type: 'pure-token', token: 'PERSIST' },
        ],
      },
    ],
    handler: getexCommand,
  },
]

/**
 * CLIENT and its subcommands: ID, SETNAME, GETNAME, LIST, INFO, KILL, REPLY, NO-EVICT,
 * SETINFO (Redis 7.2, which clients send on connect) and HELP. Replies and errors as
 * Redis 7.0.15; the connection state itself lives in server/client.ts.
 * See https://redis.io/commands/client/
 */

import {
  ERR_CLIENT_ID_POSITIVE,
  ERR_INVALID_CLIENT_ID,
  ERR_MAXAGE_NOT_INTEGER,
  ERR_MAXAGE_POSITIVE,
  ERR_NO_SUCH_CLIENT,
  ERR_SYNTAX,
  errNoSuchUser,
  errSetinfoOption,
  errSetinfoValue,
  errUnknownClientType,
} from '../protocol/reply-errors.js'
import { cString, keywordIs } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import { validateClientName } from './connection.js'
import type { ClientType, CommandClient } from './context.js'
import type { ArgSpec, CommandSpec } from './spec.js'

/** Redis getClientTypeByName: the class a TYPE argument names, or null. */
function clientTypeByName(name: string): ClientType | null {
  if (keywordIs(name, 'normal')) return 'normal'
  if (keywordIs(name, 'slave') || keywordIs(name, 'replica')) return 'replica'
  if (keywordIs(name, 'pubsub')) return 'pubsub'
  if (keywordIs(name, 'master')) return 'master'
  return null
}

/** The connected client with id 'id' (ids beyond 2^53 never exist). */
function clientById(c: CommandClient, id: bigint): CommandClient | undefined {
  if (id < 1n || id > BigInt(Number.MAX_SAFE_INTEGER)) return undefined
  return c.srv.clients.byId(Number(id))
}

/** Whole seconds since the client connected, as CLIENT LIST age=. */
function ageSeconds(cl: CommandClient, nowMs: number): number {
  return Math.floor(nowMs / 1000) - Math.floor(cl.createdAt / 1000)
}

// --- Handlers ---

function clientIdCommand(c: CommandClient): void {
  c.w.integer(c.id)
}

function clientSetnameCommand(c: CommandClient, argv: string[]): void {
  const name = argv[2]!
  const err = validateClientName(name)
  if (err !== null) {
    c.w.error(err)
    return
  }
  c.name = name
  c.w.raw('+OK\r\n')
}

function clientGetnameCommand(c: CommandClient): void {
  if (c.name === '') c.w.nullBulk()
  else c.w.bulk(c.name)
}

/** CLIENT LIST [TYPE type | ID id ...]: one line per client, by connection order or ID order. */
function clientListCommand(c: CommandClient, argv: string[]): void {
  let out = ''
  if (argv.length === 4 && keywordIs(argv[2]!, 'type')) {
    const type = clientTypeByName(argv[3]!)
    if (type === null) {
      c.w.error(errUnknownClientType(argv[3]!))
      return
    }
    for (const cl of c.srv.clients.all()) {
      if (cl.clientType() === type) out += `${cl.describe()}\n`
    }
  } else if (argv.length > 3 && keywordIs(argv[2]!, 'id')) {
    for (let j = 3; j < argv.length; j++) {
      const id = parseInt64(argv[j]!)
      if (id === null) {
        c.w.error(ERR_INVALID_CLIENT_ID)
        return
      }
      const cl = clientById(c, id)
      if (cl !== undefined) out += `${cl.describe()}\n`
    }
  } else if (argv.length !== 2) {
    c.w.error(ERR_SYNTAX)
    return
  } else {
    for (const cl of c.srv.clients.all()) out += `${cl.describe()}\n`
  }
  c.w.verbatim(out)
}

function clientInfoCommand(c: CommandClient): void {
  c.w.verbatim(`${c.describe()}\n`)
}

/** Filters of CLIENT KILL; every one given must match. */
interface KillFilter {
  addr: string | null
  laddr: string | null
  type: ClientType | null
  id: bigint
  user: string | null
  skipMe: boolean
  maxAge: number
}

/**
 * Parses CLIENT KILL's arguments: the old form "KILL addr" (which may kill the caller) or
 * option/value pairs. Replies with the error and returns null on the first bad pair.
 */
function parseKillFilter(c: CommandClient, argv: string[]): KillFilter | null {
  const f: KillFilter = { addr: null, laddr: null, type: null, id: 0n, user: null, skipMe: true, maxAge: 0 }
  if (argv.length === 3) {
    f.addr = argv[2]!
    f.skipMe = false
    return f
  }
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i]!
    if (i + 1 >= argv.length) {
      c.w.error(ERR_SYNTAX)
      return null
    }
    const val = argv[i + 1]!
    if (keywordIs(opt, 'id')) {
      const id = parseInt64(val)
      if (id === null || id < 1n) {
        c.w.error(ERR_CLIENT_ID_POSITIVE)
        return null
      }
      f.id = id
    } else if (keywordIs(opt, 'maxage')) {
      // Redis 7.4 added MAXAGE; 7.0 answers it with a syntax error.
      const age = parseInt64(val)
      if (age === null) {
        c.w.error(ERR_MAXAGE_NOT_INTEGER)
        return null
      }
      if (age <= 0n) {
        c.w.error(ERR_MAXAGE_POSITIVE)
        return null
      }
      f.maxAge = age > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(age)
    } else if (keywordIs(opt, 'type')) {
      const type = clientTypeByName(val)
      if (type === null) {
        c.w.error(errUnknownClientType(val))
        return null
      }
      f.type = type
    } else if (keywordIs(opt, 'addr')) {
      f.addr = val
    } else if (keywordIs(opt, 'laddr')) {
      f.laddr = val
    } else if (keywordIs(opt, 'user')) {
      if (!c.srv.hasUser(val)) {
        c.w.error(errNoSuchUser(val))
        return null
      }
      f.user = val
    } else if (keywordIs(opt, 'skipme')) {
      if (keywordIs(val, 'yes')) f.skipMe = true
      else if (keywordIs(val, 'no')) f.skipMe = false
      else {
        c.w.error(ERR_SYNTAX)
        return null
      }
    } else {
      c.w.error(ERR_SYNTAX)
      return null
    }
  }
  return f
}

/**
 * CLIENT KILL: closes every matching client at once, except the caller, which is closed
 * after this reply. The old form replies OK or "No such client", the new one the count.
 */
function clientKillCommand(c: CommandClient, argv: string[]): void {
  const f = parseKillFilter(c, argv)
  if (f === null) return
  // Addresses compare as C strings (strcmp), so nothing after a NUL byte counts.
  const addr = f.addr === null ? null : cString(f.addr)
  const laddr = f.laddr === null ? null : cString(f.laddr)
  const now = Date.now()
  let killed = 0
  let killSelf = false
  for (const cl of [...c.srv.clients.all()]) {
    if (addr !== null && cl.addr !== addr) continue
    if (laddr !== null && cl.laddr !== laddr) continue
    if (f.type !== null && cl.clientType() !== f.type) continue
    if (f.id !== 0n && BigInt(cl.id) !== f.id) continue
    if (f.user !== null && cl.user !== f.user) continue
    if (cl === c && f.skipMe) continue
    if (f.maxAge !== 0 && ageSeconds(cl, now) < f.maxAge) continue
    if (cl === c) killSelf = true
    else cl.kill()
    killed++
  }
  if (argv.length === 3) {
    if (killed === 0) c.w.error(ERR_NO_SUCH_CLIENT)
    else c.w.raw('+OK\r\n')
  } else {
    c.w.integer(killed)
  }
  if (killSelf) c.closeAfterReply()
}

/** CLIENT REPLY ON|OFF|SKIP: only ON answers (OK); OFF and SKIP are silent by design. */
function clientReplyCommand(c: CommandClient, argv: string[]): void {
  const mode = argv[2]!
  if (keywordIs(mode, 'on')) {
    c.setReplyMode('on')
    c.w.raw('+OK\r\n')
  } else if (keywordIs(mode, 'off')) {
    c.setReplyMode('off')
  } else if (keywordIs(mode, 'skip')) {
    c.setReplyMode('skip')
  } else {
    c.w.error(ERR_SYNTAX)
  }
}

function clientNoEvictCommand(c: CommandClient, argv: string[]): void {
  const mode = argv[2]!
  if (keywordIs(mode, 'on')) c.noEvict = true
  else if (keywordIs(mode, 'off')) c.noEvict = false
  else {
    c.w.error(ERR_SYNTAX)
    return
  }
  c.w.raw('+OK\r\n')
}

/**
 * CLIENT SETINFO LIB-NAME|LIB-VER value, as Redis 7.2 (7.0 does not know it; node-redis
 * and ioredis send it on connect and ignore an error). The value must print as one CLIENT
 * LIST token; '' clears it.
 */
function clientSetinfoCommand(c: CommandClient, argv: string[]): void {
  const attr = argv[2]!
  const val = argv[3]!
  const isName = keywordIs(attr, 'lib-name')
  if (!isName && !keywordIs(attr, 'lib-ver')) {
    c.w.error(errSetinfoOption(attr))
    return
  }
  if (validateClientName(val) !== null) {
    c.w.error(errSetinfoValue(attr))
    return
  }
  if (isName) c.libName = val
  else c.libVer = val
  c.w.raw('+OK\r\n')
}

/** Our own help text (the shape of Redis's addReplyHelp: a header, these lines, HELP). */
const HELP_LINES = [
  'GETNAME',
  '    Returns the name of this connection, or nil when it has none.',
  'ID',
  '    Returns the unique id of this connection.',
  'INFO',
  '    Returns the CLIENT LIST line of this connection.',
  'KILL <ip:port>',
  '    Closes the connection coming from <ip:port>.',
  'KILL <filter> <value> [<filter> <value> ...]',
  '    Closes every connection that matches all the filters:',
  '    * ID <client-id>',
  '    * ADDR <ip:port>  (remote address; <unixsocket>:0 for a Unix socket)',
  '    * LADDR <ip:port>  (local address)',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '    * USER <username>',
  '    * SKIPME (YES|NO)  (YES, the default, spares this connection)',
  '    * MAXAGE <seconds>  (only connections at least that old)',
  '    Replies with the number of connections closed.',
  'LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <client-id> [<client-id> ...]]',
  '    Describes the connections, one line each.',
  'NO-EVICT (ON|OFF)',
  '    Exempts this connection from client eviction, or not.',
  'REPLY (ON|OFF|SKIP)',
  '    Turns replies to this connection on or off, or drops the reply to the next command.',
  'SETINFO (LIB-NAME|LIB-VER) <value>',
  '    Records the name or version of the client library using this connection.',
  'SETNAME <name>',
  '    Names this connection; an empty name removes it.',
]

function clientHelpCommand(c: CommandClient, argv: string[]): void {
  const w = c.w
  w.arrayHeader(HELP_LINES.length + 3)
  w.simple(`${argv[0]!.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`)
  for (const line of HELP_LINES) w.simple(line)
  w.simple('HELP')
  w.simple('    Prints this help.')
}

// --- Specs ---

/** What most CLIENT subcommands declare in redis 7.0. */
const SUB_FLAGS: CommandSpec['flags'] = ['noscript', 'loading', 'stale']
const ADMIN_SUB_FLAGS: CommandSpec['flags'] = ['admin', 'noscript', 'loading', 'stale']
const ON_OFF = (name: string): ArgSpec[] => [
  {
    name,
    type: 'oneof',
    arguments: [
      { name: 'on', type: 'pure-token', token: 'ON' },
      { name: 'off', type: 'pure-token', token: 'OFF' },
    ],
  },
]

const clientSubcommands: CommandSpec[] = [
  {
    name: 'id',
    group: 'connection',
    since: '5.0.0',
    summary: 'Returns the id of this connection.',
    complexity: 'O(1)',
    arity: 2,
    flags: SUB_FLAGS,
    acl: ['connection'],
    handler: clientIdCommand,
  },
  {
    name: 'setname',
    group: 'connection',
    since: '2.6.9',
    summary: 'Names this connection.',
    complexity: 'O(1)',
    arity: 3,
    flags: SUB_FLAGS,
    acl: ['connection'],
    args: [{ name: 'connection-name', type: 'string' }],
    handler: clientSetnameCommand,
  },
  {
    name: 'getname',
    group: 'connection',
    since: '2.6.9',
    summary: 'Returns the name of this connection.',
    complexity: 'O(1)',
    arity: 2,
    flags: SUB_FLAGS,
    acl: ['connection'],
    handler: clientGetnameCommand,
  },
  {
    name: 'list',
    group: 'connection',
    since: '2.4.0',
    summary: 'Describes the connected clients.',
    complexity: 'O(N) where N is the number of client connections',
    arity: -2,
    flags: ADMIN_SUB_FLAGS,
    acl: ['connection'],
    tips: ['nondeterministic_output'],
    args: [
      {
        name: 'normal_master_replica_pubsub',
        type: 'oneof',
        token: 'TYPE',
        since: '5.0.0',
        optional: true,
        arguments: [
          { name: 'normal', type: 'pure-token', token: 'NORMAL' },
          { name: 'master', type: 'pure-token', token: 'MASTER' },
          { name: 'replica', type: 'pure-token', token: 'REPLICA' },
          { name: 'pubsub', type: 'pure-token', token: 'PUBSUB' },
        ],
      },
      {
        name: 'id',
        type: 'block',
        token: 'ID',
        since: '6.2.0',
        optional: true,
        arguments: [{ name: 'client-id', type: 'integer', multiple: true }],
      },
    ],
    history: [
      ['2.8.12', 'Lines start with the client id.'],
      ['5.0.0', 'TYPE filter.'],
      ['6.0.0', 'user field.'],
      ['6.2.0', 'argv-mem, tot-mem, laddr and redir fields; ID filter.'],
      ['7.0.0', 'resp, multi-mem, rbs and rbp fields.'],
      ['7.0.3', 'ssub field.'],
    ],
    handler: clientListCommand,
  },
  {
    name: 'info',
    group: 'connection',
    since: '6.2.0',
    summary: 'Describes this connection as a CLIENT LIST line.',
    complexity: 'O(1)',
    arity: 2,
    flags: SUB_FLAGS,
    acl: ['connection'],
    tips: ['nondeterministic_output'],
    handler: clientInfoCommand,
  },
  {
    name: 'kill',
    group: 'connection',
    since: '2.4.0',
    summary: 'Closes the connections matching an address or filters.',
    complexity: 'O(N) where N is the number of client connections',
    arity: -3,
    flags: ADMIN_SUB_FLAGS,
    acl: ['connection'],
    args: [
      {
        name: 'filter',
        type: 'oneof',
        arguments: [
          { name: 'ip:port', type: 'string', deprecated_since: '2.8.12' },
          {
            name: 'new-format',
            type: 'oneof',
            multiple: true,
            arguments: [
              { name: 'client-id', type: 'integer', token: 'ID', since: '2.8.12', optional: true },
              {
                name: 'normal_master_slave_pubsub',
                type: 'oneof',
                token: 'TYPE',
                since: '2.8.12',
                optional: true,
                arguments: [
                  { name: 'normal', type: 'pure-token', token: 'NORMAL' },
                  { name: 'master', type: 'pure-token', token: 'MASTER', since: '3.2.0' },
                  { name: 'slave', type: 'pure-token', token: 'SLAVE' },
                  { name: 'replica', type: 'pure-token', token: 'REPLICA', since: '5.0.0' },
                  { name: 'pubsub', type: 'pure-token', token: 'PUBSUB' },
                ],
              },
              { name: 'username', type: 'string', token: 'USER', optional: true },
              { name: 'ip:port', type: 'string', token: 'ADDR', optional: true },
              { name: 'ip:port', type: 'string', token: 'LADDR', since: '6.2.0', optional: true },
              { name: 'yes/no', type: 'string', token: 'SKIPME', optional: true },
              { name: 'maxage', type: 'integer', token: 'MAXAGE', since: '7.4.0', optional: true },
            ],
          },
        ],
      },
    ],
    history: [
      ['2.8.12', 'Filter form, with ID.'],
      ['3.2.0', 'TYPE master.'],
      ['5.0.0', 'TYPE replica (slave still accepted).'],
      ['6.2.0', 'LADDR filter.'],
      ['7.4.0', 'MAXAGE filter.'],
    ],
    handler: clientKillCommand,
  },
  {
    name: 'reply',
    group: 'connection',
    since: '3.2.0',
    summary: 'Turns replies to this connection on or off, or skips the next one.',
    complexity: 'O(1)',
    arity: 3,
    flags: SUB_FLAGS,
    acl: ['connection'],
    args: [
      {
        name: 'on_off_skip',
        type: 'oneof',
        arguments: [
          { name: 'on', type: 'pure-token', token: 'ON' },
          { name: 'off', type: 'pure-token', token: 'OFF' },
          { name: 'skip', type: 'pure-token', token: 'SKIP' },
        ],
      },
    ],
    handler: clientReplyCommand,
  },
  {
    name: 'no-evict',
    group: 'connection',
    since: '7.0.0',
    summary: 'Exempts this connection from client eviction, or not.',
    complexity: 'O(1)',
    arity: 3,
    flags: ADMIN_SUB_FLAGS,
    acl: ['connection'],
    args: ON_OFF('enabled'),
    handler: clientNoEvictCommand,
  },
  {
    name: 'setinfo',
    group: 'connection',
    since: '7.2.0',
    summary: 'Records the client library name or version of this connection.',
    complexity: 'O(1)',
    arity: 4,
    flags: SUB_FLAGS,
    acl: ['connection'],
    args: [
      {
        name: 'attr',
        type: 'oneof',
        arguments: [
          { name: 'libname', type: 'string', token: 'LIB-NAME' },
          { name: 'libver', type: 'string', token: 'LIB-VER' },
        ],
      },
    ],
    handler: clientSetinfoCommand,
  },
  {
    name: 'help',
    group: 'connection',
    since: '5.0.0',
    summary: 'Lists the CLIENT subcommands.',
    complexity: 'O(1)',
    arity: 2,
    flags: ['loading', 'stale'],
    acl: ['connection'],
    handler: clientHelpCommand,
  },
]

export const clientCommands: CommandSpec[] = [
  {
    name: 'client',
    group: 'connection',
    since: '2.4.0',
    summary: 'Container of the commands that inspect and manage client connections.',
    complexity: 'Depends on subcommand.',
    arity: -2,
    flags: [],
    subcommands: clientSubcommands,
  },
]

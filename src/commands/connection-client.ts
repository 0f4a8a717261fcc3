/**
 * CLIENT and its subcommands: ID, SETNAME, GETNAME, LIST, INFO, KILL, REPLY, NO-EVICT,
 * SETINFO (Redis 7.2, which clients send on connect) and HELP. Replies and errors as
 * Redis 7.0.15; KILL is in connection-client-kill.ts, the connection state in server/client.ts.
 * See https://redis.io/commands/client/
 */

import {
  ERR_INVALID_CLIENT_ID,
  ERR_SYNTAX,
  errSetinfoOption,
  errSetinfoValue,
  errUnknownClientType,
} from '../protocol/reply-errors.js'
import { keywordIs } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import { validateClientName } from './connection.js'
import { clientKillSpec, clientTypeByName } from './connection-client-kill.js'
import { clientUnblockSpec } from './connection-client-unblock.js'
import type { CommandClient } from './context.js'
import type { ArgSpec, CommandSpec } from './spec.js'

/** The connected client with id 'id' (ids beyond 2^53 never exist). */
function clientById(c: CommandClient, id: bigint): CommandClient | undefined {
  if (id < 1n || id > BigInt(Number.MAX_SAFE_INTEGER)) return undefined
  return c.srv.clients.byId(Number(id))
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
  'UNBLOCK <client-id> [TIMEOUT|ERROR]',
  '    Ends the wait of a client blocked in BLPOP and the like, as a timeout or with an error.',
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
  clientKillSpec,
  clientUnblockSpec,
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

/** CLIENT, a container whose subcommands carry the handlers. */
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

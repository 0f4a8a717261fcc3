/**
 * Connection commands: PING, ECHO, SELECT, QUIT, AUTH, HELLO, RESET (CLIENT lives in
 * connection-client.ts). Replies and errors as Redis 7.0.
 * See https://redis.io/commands/?group=connection
 */

import {
  ERR_AUTH_NO_PASSWORD,
  ERR_CLIENT_NAME,
  ERR_DB_INDEX,
  ERR_HELLO_NOAUTH,
  ERR_HELLO_PROTOVER,
  ERR_NOPROTO,
  ERR_NOT_INTEGER,
  ERR_SYNTAX,
  ERR_WRONGPASS,
  errHelloOption,
  errIntOutOfRange,
  errWrongArity,
} from '../protocol/reply-errors.js'
import { checkCredentials } from '../security/auth.js'
import { keywordIs } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import { REDIS_COMPAT_VERSION } from '../version.js'
import type { CommandClient } from './context.js'
import type { CommandSpec } from './spec.js'

const INT_MIN = -2147483648
const INT_MAX = 2147483647

function pingCommand(c: CommandClient, argv: string[]): void {
  if (argv.length > 2) {
    c.w.error(errWrongArity('ping'))
    return
  }
  // redis 7.0: a RESP2 client in pub/sub mode gets ["pong", message] instead.
  if (c.w.resp === 2 && c.pubsubMode) {
    c.w.arrayHeader(2)
    c.w.bulk('pong')
    c.w.bulk(argv.length === 1 ? '' : argv[1]!)
    return
  }
  if (argv.length === 1) c.w.raw('+PONG\r\n')
  else c.w.bulk(argv[1]!)
}

function echoCommand(c: CommandClient, argv: string[]): void {
  c.w.bulk(argv[1]!)
}

function selectCommand(c: CommandClient, argv: string[]): void {
  const id = parseInt64(argv[1]!)
  if (id === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  if (id < INT_MIN || id > INT_MAX) {
    c.w.error(errIntOutOfRange(INT_MIN, INT_MAX))
    return
  }
  if (!c.select(Number(id))) {
    c.w.error(ERR_DB_INDEX)
    return
  }
  c.w.raw('+OK\r\n')
}

function quitCommand(c: CommandClient): void {
  c.w.raw('+OK\r\n')
  c.closeAfterReply()
}

/**
 * AUTH / HELLO AUTH: authenticates 'c' as 'user' with 'pass' (security/auth.ts, constant-time
 * comparison). A failure is logged in ACL LOG with the name the client sent and the command
 * name as object (redis ACLAuthenticateUser). Returns false after a failure.
 */
export function authenticate(c: CommandClient, user: string, pass: string, cmdName: string): boolean {
  const u = checkCredentials(c.srv.acl.users, user, pass)
  if (u === null) {
    c.srv.acl.log.add(
      {
        reason: 'auth',
        // redis: context 'multi' while the client has CLIENT_MULTI (AUTH run by EXEC).
        context: c.flagString().includes('x') ? 'multi' : 'toplevel',
        object: cmdName,
        username: user,
        clientInfo: c.describe(),
      },
      c.srv.config.getNumber('acllog-max-len'),
    )
    return false
  }
  c.setAuthenticated(u)
  return true
}

function authCommand(c: CommandClient, argv: string[]): void {
  if (argv.length > 3) {
    c.w.error(ERR_SYNTAX)
    return
  }
  // redis 7.0 keeps the old error for "AUTH <password>" when the default user needs none.
  if (argv.length === 2 && c.srv.acl.users.defaultUser.nopass) {
    c.w.error(ERR_AUTH_NO_PASSWORD)
    return
  }
  const user = argv.length === 3 ? argv[1]! : 'default'
  if (!authenticate(c, user, argv[argv.length - 1]!, argv[0]!)) {
    c.w.error(ERR_WRONGPASS)
    return
  }
  c.w.raw('+OK\r\n')
}

/** Client names must print as one CLIENT LIST token: '!' to '~' only ('' removes the name). */
export function validateClientName(name: string): string | null {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i)
    if (ch < 33 || ch > 126) return ERR_CLIENT_NAME
  }
  return null
}

/**
 * HELLO [protover [AUTH user pass] [SETNAME name]]: options are all parsed first, then
 * AUTH is tried, then the client must be authenticated, then the name is set and the
 * protocol switched, as Redis 7.0 does. Replies with the connection's context.
 */
function helloCommand(c: CommandClient, argv: string[]): void {
  let ver = 0
  let next = 1
  if (argv.length >= 2) {
    const v = parseInt64(argv[1]!)
    if (v === null) {
      c.w.error(ERR_HELLO_PROTOVER)
      return
    }
    if (v < 2n || v > 3n) {
      c.w.error(ERR_NOPROTO)
      return
    }
    ver = Number(v)
    next = 2
  }
  let authUser: string | null = null
  let authPass = ''
  let setName: string | null = null
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - 1 - j
    const opt = argv[j]!
    if (keywordIs(opt, 'auth') && more >= 2) {
      authUser = argv[j + 1]!
      authPass = argv[j + 2]!
      j += 2
    } else if (keywordIs(opt, 'setname') && more >= 1) {
      setName = argv[j + 1]!
      j += 1
    } else {
      c.w.error(errHelloOption(opt))
      return
    }
  }
  if (authUser !== null) {
    if (!authenticate(c, authUser, authPass, argv[0]!)) {
      c.w.error(ERR_WRONGPASS)
      return
    }
  }
  if (c.authRequired) {
    c.w.error(ERR_HELLO_NOAUTH)
    return
  }
  if (setName !== null) {
    const err = validateClientName(setName)
    if (err !== null) {
      c.w.error(err)
      return
    }
    c.name = setName
  }
  if (ver !== 0) c.w.resp = ver as 2 | 3
  const w = c.w
  w.mapHeader(7)
  w.bulk('server')
  w.bulk('redis')
  w.bulk('version')
  w.bulk(REDIS_COMPAT_VERSION)
  w.bulk('proto')
  w.integer(w.resp)
  w.bulk('id')
  w.integer(c.id)
  w.bulk('mode')
  w.bulk('standalone')
  w.bulk('role')
  w.bulk('master')
  w.bulk('modules')
  w.arrayHeader(0)
}

/** Positions of the AUTH user name and password in a HELLO, walking the options as HELLO does. */
function helloSecrets(argv: readonly string[]): number[] {
  const out: number[] = []
  for (let j = 2; j < argv.length; j++) {
    const more = argv.length - 1 - j
    if (keywordIs(argv[j]!, 'auth') && more >= 2) {
      out.push(j + 1, j + 2)
      j += 2
    } else if (keywordIs(argv[j]!, 'setname') && more >= 1) {
      j++
    } else {
      break
    }
  }
  return out
}

function resetCommand(c: CommandClient): void {
  c.reset()
  c.w.raw('+RESET\r\n')
}

/** Connection-management flags shared by AUTH, HELLO, QUIT and RESET (redis 7.0). */
const SESSION_FLAGS: CommandSpec['flags'] = ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy']

/** PING, ECHO, SELECT, QUIT, AUTH, HELLO and RESET as declared in redis 7.0. */
export const connectionCommands: CommandSpec[] = [
  {
    name: 'ping',
    group: 'connection',
    since: '1.0.0',
    summary: 'Checks that the server answers: PONG, or the message given.',
    complexity: 'O(1)',
    arity: -1,
    flags: ['fast'],
    acl: ['connection'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    args: [{ name: 'message', type: 'string', optional: true }],
    handler: pingCommand,
  },
  {
    name: 'echo',
    group: 'connection',
    since: '1.0.0',
    summary: 'Replies with the message given.',
    complexity: 'O(1)',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    acl: ['connection'],
    args: [{ name: 'message', type: 'string' }],
    handler: echoCommand,
  },
  {
    name: 'select',
    group: 'connection',
    since: '1.0.0',
    summary: 'Switches the connection to another logical database.',
    complexity: 'O(1)',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    acl: ['connection'],
    args: [{ name: 'index', type: 'integer' }],
    handler: selectCommand,
  },
  {
    name: 'quit',
    group: 'connection',
    since: '1.0.0',
    summary: 'Replies OK, then closes the connection.',
    complexity: 'O(1)',
    arity: -1,
    flags: SESSION_FLAGS,
    acl: ['connection'],
    handler: quitCommand,
  },
  {
    name: 'auth',
    group: 'connection',
    since: '1.0.0',
    summary: 'Authenticates the connection as a user (the default user when none is named).',
    complexity: 'O(N) where N is the number of passwords defined for the user',
    arity: -2,
    flags: SESSION_FLAGS,
    acl: ['connection'],
    args: [
      { name: 'username', type: 'string', optional: true, since: '6.0.0' },
      { name: 'password', type: 'string' },
    ],
    history: [['6.0.0', 'Takes a user name before the password (ACL).']],
    redact: (argv) => Array.from({ length: argv.length - 1 }, (_, i) => i + 1),
    handler: authCommand,
  },
  {
    name: 'hello',
    group: 'connection',
    since: '6.0.0',
    summary: 'Chooses the protocol version, optionally authenticating and naming the connection.',
    complexity: 'O(1)',
    arity: -1,
    flags: SESSION_FLAGS,
    acl: ['connection'],
    args: [
      {
        name: 'arguments',
        type: 'block',
        optional: true,
        arguments: [
          { name: 'protover', type: 'integer' },
          {
            name: 'username_password',
            type: 'block',
            token: 'AUTH',
            optional: true,
            arguments: [
              { name: 'username', type: 'string' },
              { name: 'password', type: 'string' },
            ],
          },
          { name: 'clientname', type: 'string', token: 'SETNAME', optional: true },
        ],
      },
    ],
    history: [['6.2.0', 'The protocol version became optional: without it HELLO only reports.']],
    redact: helloSecrets,
    handler: helloCommand,
  },
  {
    name: 'reset',
    group: 'connection',
    since: '6.2.0',
    summary: 'Returns the connection to the state of a new one.',
    complexity: 'O(1)',
    arity: 1,
    flags: SESSION_FLAGS,
    acl: ['connection'],
    handler: resetCommand,
  },
]

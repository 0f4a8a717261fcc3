/**
 * Connection commands: PING, ECHO, SELECT, QUIT, HELLO, AUTH, RESET.
 * See https://redis.io/commands/?group=connection
 */

import { createHash, timingSafeEqual } from 'node:crypto'
import { ERR_DB_INDEX, ERR_NOT_INTEGER } from '../protocol/reply-errors.js'
import { parseSafeInt } from '../util/strict-int.js'
import { REDIS_COMPAT_VERSION } from '../version.js'
import type { CommandClient } from './context.js'
import type { CommandSpec } from './spec.js'

function pingCommand(c: CommandClient, argv: string[]): void {
  if (argv.length > 2) {
    c.w.error("ERR wrong number of arguments for 'ping' command")
    return
  }
  if (argv.length === 1) c.w.raw('+PONG\r\n')
  else c.w.bulk(argv[1]!)
}

function echoCommand(c: CommandClient, argv: string[]): void {
  c.w.bulk(argv[1]!)
}

function selectCommand(c: CommandClient, argv: string[]): void {
  const id = parseSafeInt(argv[1]!)
  if (id === null || id < -2147483648 || id > 2147483647) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  if (!c.select(id)) {
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
 * Checks a password for the default user against requirepass in constant time
 * (threat: timing side channel on the comparison). Both sides are hashed first so the
 * comparison length does not depend on the secret.
 */
export function checkDefaultPassword(c: CommandClient, user: string, pass: string): boolean {
  const required = c.srv.config.getString('requirepass')
  if (user !== 'default') return false
  if (required === '') return true
  const a = createHash('sha256').update(pass, 'latin1').digest()
  const b = createHash('sha256').update(required, 'latin1').digest()
  return timingSafeEqual(a, b)
}

const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.'

function authCommand(c: CommandClient, argv: string[]): void {
  if (argv.length > 3) {
    c.w.error('ERR syntax error')
    return
  }
  if (argv.length === 2 && c.srv.config.getString('requirepass') === '') {
    c.w.error(
      'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
    )
    return
  }
  const user = argv.length === 3 ? argv[1]! : 'default'
  const pass = argv[argv.length - 1]!
  if (!checkDefaultPassword(c, user, pass)) {
    c.w.error(WRONGPASS)
    return
  }
  c.setAuthenticated(user)
  c.w.raw('+OK\r\n')
}

function helloCommand(c: CommandClient, argv: string[]): void {
  let ver = 0
  let next = 1
  if (argv.length >= 2) {
    const v = parseSafeInt(argv[1]!)
    if (v === null) {
      c.w.error('ERR Protocol version is not an integer or out of range')
      return
    }
    ver = v
    next = 2
    if (ver < 2 || ver > 3) {
      c.w.error('NOPROTO unsupported protocol version')
      return
    }
  }
  let authUser: string | null = null
  let authPass = ''
  let setName: string | null = null
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - j - 1
    const opt = argv[j]!.toLowerCase()
    if (opt === 'auth' && more >= 2) {
      authUser = argv[j + 1]!
      authPass = argv[j + 2]!
      j += 2
    } else if (opt === 'setname' && more >= 1) {
      setName = argv[j + 1]!
      j += 1
    } else {
      c.w.error(`ERR Syntax error in HELLO option '${argv[j]}'`)
      return
    }
  }
  if (authUser !== null) {
    if (!checkDefaultPassword(c, authUser, authPass)) {
      c.w.error(WRONGPASS)
      return
    }
    c.setAuthenticated(authUser)
  }
  if (c.authRequired) {
    c.w.error(
      'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
    )
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

/** Client names may not contain spaces, newlines or special characters (redis clientSetName). */
export function validateClientName(name: string): string | null {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i)
    if (ch < 33 || ch > 126) return 'ERR Client names cannot contain spaces, newlines or special characters.'
  }
  return null
}

function resetCommand(c: CommandClient): void {
  c.reset()
  c.w.raw('+RESET\r\n')
}

export const connectionCommands: CommandSpec[] = [
  {
    name: 'ping',
    group: 'connection',
    since: '1.0.0',
    summary: 'Checks that the server answers; returns PONG or the given message.',
    arity: -1,
    flags: ['fast'],
    acl: ['connection'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    handler: pingCommand,
  },
  {
    name: 'echo',
    group: 'connection',
    since: '1.0.0',
    summary: 'Returns its argument.',
    arity: 2,
    flags: ['fast'],
    acl: ['connection'],
    handler: echoCommand,
  },
  {
    name: 'select',
    group: 'connection',
    since: '1.0.0',
    summary: 'Changes the database of the connection.',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    acl: ['connection'],
    handler: selectCommand,
  },
  {
    name: 'quit',
    group: 'connection',
    since: '1.0.0',
    summary: 'Closes the connection after replying.',
    arity: -1,
    flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'],
    acl: ['connection'],
    handler: quitCommand,
  },
  {
    name: 'auth',
    group: 'connection',
    since: '1.0.0',
    summary: 'Authenticates the connection.',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    acl: ['connection'],
    redact: (argv) => (argv.length === 2 ? [1] : [1, 2]),
    handler: authCommand,
  },
  {
    name: 'hello',
    group: 'connection',
    since: '6.0.0',
    summary: 'Negotiates the protocol version, optionally authenticating and naming the connection.',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    acl: ['connection'],
    redact: (argv) => {
      const out: number[] = []
      for (let j = 2; j + 2 < argv.length; j++) {
        if (argv[j]!.toLowerCase() === 'auth') {
          out.push(j + 1, j + 2)
          break
        }
      }
      return out
    },
    handler: helloCommand,
  },
  {
    name: 'reset',
    group: 'connection',
    since: '6.2.0',
    summary: 'Resets the connection to its initial state.',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    acl: ['connection'],
    handler: resetCommand,
  },
]

/**
 * CLIENT KILL: the old form (an address) and the filter form (ID, ADDR, LADDR, TYPE, USER,
 * SKIPME, and MAXAGE from Redis 7.4), with Redis's errors. Also the client classes that
 * CLIENT LIST TYPE shares. See https://redis.io/commands/client-kill/
 */

import {
  ERR_CLIENT_ID_POSITIVE,
  ERR_MAXAGE_NOT_INTEGER,
  ERR_MAXAGE_POSITIVE,
  ERR_NO_SUCH_CLIENT,
  ERR_SYNTAX,
  errNoSuchUser,
  errUnknownClientType,
} from '../protocol/reply-errors.js'
import { cString, keywordIs } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import type { ClientType, CommandClient } from './context.js'
import type { CommandSpec } from './spec.js'

/** Redis getClientTypeByName: the class a TYPE argument names, or null. */
export function clientTypeByName(name: string): ClientType | null {
  if (keywordIs(name, 'normal')) return 'normal'
  if (keywordIs(name, 'slave') || keywordIs(name, 'replica')) return 'replica'
  if (keywordIs(name, 'pubsub')) return 'pubsub'
  if (keywordIs(name, 'master')) return 'master'
  return null
}

/** Whole seconds since the client connected, as CLIENT LIST age=. */
function ageSeconds(cl: CommandClient, nowMs: number): number {
  return Math.floor(nowMs / 1000) - Math.floor(cl.createdAt / 1000)
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
    if (f.user !== null && cl.user.name !== f.user) continue
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

/** CLIENT KILL as declared in redis 7.0 (plus the MAXAGE argument of 7.4). */
export const clientKillSpec: CommandSpec = {
  name: 'kill',
  group: 'connection',
  since: '2.4.0',
  summary: 'Closes the connections matching an address or filters.',
  complexity: 'O(N) where N is the number of client connections',
  arity: -3,
  flags: ['admin', 'noscript', 'loading', 'stale'],
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
    ['2.8.12', 'Filter form.'],
    ['2.8.12', 'ID filter.'],
    ['3.2.0', 'TYPE master.'],
    ['5.0.0', 'TYPE replica (slave still accepted).'],
    ['6.2.0', 'LADDR filter.'],
    ['7.4.0', 'MAXAGE filter.'],
  ],
  handler: clientKillCommand,
}

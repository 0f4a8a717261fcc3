/**
 * Differential test of ACL inside MULTI against redis-server 7.0: a denied command is refused
 * at queue time (NOPERM), logged with context "multi", and EXEC then aborts.
 */

import { describe, it } from 'node:test'
import { type CompareMode, diffSuite } from '../helpers/diff.js'
import { decodeReply, type Reply } from '../helpers/resp-decode.js'

const { diffScript } = diffSuite({
  reset: [['FLUSHALL'], ['ACL', 'DELUSER', 'app_user'], ['ACL', 'LOG', 'RESET']],
})

/** Compares Redis 7.0's seven ACL LOG fields (age and client-info only by presence). */
const logFields: CompareMode = (a, b) => {
  const pick = (buf: Buffer): string => {
    const r = decodeReply(buf)
    if (!Array.isArray(r)) return buf.toString('latin1')
    return JSON.stringify(
      r.map((e) => {
        const m = e as Reply[]
        const o: Record<string, unknown> = {}
        for (let i = 0; i < m.length; i += 2) o[String(m[i])] = m[i + 1]
        return [
          o.count,
          o.reason,
          o.context,
          o.object,
          o.username,
          typeof o['age-seconds'],
          typeof o['client-info'],
        ]
      }),
    )
  }
  const x = pick(a)
  const y = pick(b)
  return x === y ? undefined : `ACL LOG differs: ${x} vs ${y}`
}

describe('ACL inside MULTI against redis-server', () => {
  it('a denied command inside MULTI is refused at queue time and aborts EXEC', (t) =>
    diffScript(t, [
      ['ACL', 'SETUSER', 'app_user', 'on', '>p', '~cache:*', '+get', '+multi', '+exec'],
      ['AUTH', 'app_user', 'p'],
      ['MULTI'],
      ['GET', 'cache:1'],
      ['GET', 'other'],
      ['SET', 'cache:1', 'x'],
      ['EXEC'],
      ['AUTH', 'default', 'x'],
      { cmd: ['ACL', 'LOG'], mode: logFields },
    ]))

  it('a user without EXEC: EXEC is refused with EXECABORT and the transaction is gone', (t) =>
    diffScript(t, [
      ['ACL', 'SETUSER', 'app_user', 'on', '>p', '~*', '+get', '+multi', '+discard'],
      ['AUTH', 'app_user', 'p'],
      ['MULTI'],
      ['GET', 'a'],
      ['EXEC'],
      ['DISCARD'],
      ['EXEC'],
      ['AUTH', 'default', 'x'],
      { cmd: ['ACL', 'LOG'], mode: logFields },
    ]))

  it('a failed AUTH run by EXEC is logged with context multi', (t) =>
    diffScript(t, [
      ['ACL', 'SETUSER', 'app_user', 'on', '>p', '~*', '+@all'],
      ['MULTI'],
      ['AUTH', 'app_user', 'wrong'],
      ['EXEC'],
      { cmd: ['ACL', 'LOG'], mode: logFields },
    ]))
})

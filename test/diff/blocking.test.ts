/**
 * Blocking commands with several connections, compared byte for byte with redis-server: the
 * replies of served clients (RESP2 and RESP3: BZPOPMIN's score as a double, BZMPOP's nested
 * pairs), of timeouts and of CLIENT UNBLOCK for each blocking command, the pusher's own reply,
 * and the CLIENT LIST fields of a blocked client. Each scenario runs the same steps on both
 * servers; waits are bounded (INFO polled until the clients are blocked).
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { diffSuite } from '../helpers/diff.js'
import type { RawClient } from '../helpers/raw-client.js'
import { escapeBytes } from '../helpers/resp-reader.js'

const { withPair } = diffSuite()

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function waitBlocked(ctl: RawClient, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const info = (await ctl.call('INFO', 'clients')).toString('latin1')
    if (info.includes(`blocked_clients:${n}\r`)) return
    await sleep(5)
  }
  assert.fail(`blocked_clients never reached ${n}`)
}

/** A scenario: drives one server through 'open' connections and returns the transcript. */
type Scenario = (open: () => Promise<RawClient>) => Promise<string[]>

async function compare(t: Parameters<typeof withPair>[1], scenario: Scenario): Promise<void> {
  await withPair(async (pair) => {
    const run = async (side: 'redis' | 'redoubt'): Promise<string[]> => {
      const opened: RawClient[] = []
      const open = async (): Promise<RawClient> => {
        const both = await pair.connect()
        const mine = both[side]
        await both[side === 'redis' ? 'redoubt' : 'redis'].close()
        opened.push(mine)
        return mine
      }
      try {
        await pair.reset()
        return await scenario(open)
      } finally {
        await Promise.all(opened.map((c) => c.close()))
      }
    }
    const theirs = await run('redis')
    const ours = await run('redoubt')
    assert.deepEqual(ours, theirs)
  }, t)
}

const show = (b: Buffer): string => escapeBytes(b, 400)

/** Blocks one client per command on empty keys, then feeds them and records every reply. */
function servedScenario(resp3: boolean): Scenario {
  return async (open) => {
    const ctl = await open()
    const cmds: string[][] = [
      ['BLPOP', 'l1', 'l2', '0'],
      ['BRPOP', 'l2', '0'],
      ['BLMOVE', 'l3', 'dst', 'RIGHT', 'LEFT', '0'],
      ['BRPOPLPUSH', 'l3', 'dst', '0'],
      ['BLMPOP', '0', '2', 'l4', 'l1', 'RIGHT', 'COUNT', '3'],
      ['BZPOPMIN', 'z1', '0'],
      ['BZPOPMAX', 'z1', '0'],
      ['BZMPOP', '0', '1', 'z2', 'MIN', 'COUNT', '2'],
    ]
    const clients: RawClient[] = []
    for (const [i, cmd] of cmds.entries()) {
      const c = await open()
      if (resp3) await c.call('HELLO', '3')
      c.send(cmd)
      clients.push(c)
      await waitBlocked(ctl, i + 1)
    }
    const out: string[] = []
    for (const push of [
      ['RPUSH', 'l2', 'a', 'b', 'c'],
      ['RPUSH', 'l3', 'x', 'y'],
      ['RPUSH', 'l4', 'p', 'q'],
      ['ZADD', 'z1', '1.5', 'm', '-2', 'n', '3', 'o'],
      ['ZADD', 'z2', 'inf', 'i', '0', 'zero', '7', 'seven'],
    ]) {
      out.push(`${push[0]}: ${show(await ctl.call(...push))}`)
    }
    for (const [i, c] of clients.entries()) out.push(`${cmds[i]![0]}: ${show(await c.read())}`)
    for (const k of ['l1', 'l2', 'l3', 'l4', 'dst']) out.push(show(await ctl.call('LRANGE', k, '0', '-1')))
    for (const k of ['z1', 'z2']) out.push(show(await ctl.call('ZRANGE', k, '0', '-1', 'WITHSCORES')))
    return out
  }
}

/** Ends each command's wait with CLIENT UNBLOCK (TIMEOUT or ERROR) or a short timeout. */
function endedScenario(resp3: boolean, how: 'TIMEOUT' | 'ERROR' | 'expire'): Scenario {
  return async (open) => {
    const ctl = await open()
    const out: string[] = []
    const timeout = how === 'expire' ? '0.02' : '0'
    for (const cmd of [
      ['BLPOP', 'none', timeout],
      ['BRPOP', 'none', 'none2', timeout],
      ['BLMOVE', 'none', 'dst', 'LEFT', 'LEFT', timeout],
      ['BRPOPLPUSH', 'none', 'dst', timeout],
      ['BLMPOP', timeout, '1', 'none', 'LEFT'],
      ['BZPOPMIN', 'none', timeout],
      ['BZMPOP', timeout, '1', 'none', 'MAX'],
    ]) {
      const c = await open()
      if (resp3) await c.call('HELLO', '3')
      const id = (await c.call('CLIENT', 'ID')).toString().slice(1, -2)
      c.send(cmd)
      await waitBlocked(ctl, 1)
      const line = (await ctl.call('CLIENT', 'LIST', 'ID', id)).toString('latin1')
      out.push(`${cmd[0]} list: ${/ flags=\S+/.exec(line)?.[0]}${/ cmd=\S+/.exec(line)?.[0]}`)
      const info = (await ctl.call('INFO', 'clients')).toString('latin1')
      out.push(/clients_in_timeout_table:\d+/.exec(info)?.[0] ?? 'no clients_in_timeout_table')
      if (how !== 'expire') out.push(`unblock: ${show(await ctl.call('CLIENT', 'UNBLOCK', id, how))}`)
      out.push(`${cmd[0]}: ${show(await c.read())}`)
      await waitBlocked(ctl, 0)
    }
    return out
  }
}

/** Calls and failed calls of blocked commands, and the error counts (usec left out). */
const statsScenario: Scenario = async (open) => {
  const ctl = await open()
  await ctl.call('CONFIG', 'RESETSTAT')
  const a = await open()
  const id = (await a.call('CLIENT', 'ID')).toString().slice(1, -2)
  a.send(['BLPOP', 'q', '0'])
  await waitBlocked(ctl, 1)
  const stats = async (section: string): Promise<string> => {
    const text = (await ctl.call('INFO', section)).toString('latin1')
    return text
      .split('\r\n')
      .filter((l) => /^(cmdstat_(blpop|blmove|rpush)|errorstat_)/.test(l))
      .map((l) => l.replace(/usec[^,]*,/g, ''))
      .sort()
      .join(' ')
  }
  const out = [await stats('commandstats')]
  await ctl.call('RPUSH', 'q', 'v')
  await a.read()
  a.send(['BLPOP', 'q', '0'])
  await waitBlocked(ctl, 1)
  await ctl.call('CLIENT', 'UNBLOCK', id, 'ERROR')
  await a.read()
  a.send(['BLMOVE', 'src', 'str', 'LEFT', 'LEFT', '0'])
  await waitBlocked(ctl, 1)
  await ctl.call('SET', 'str', 'v')
  await ctl.call('RPUSH', 'src', 'x')
  await a.read()
  out.push(await stats('commandstats'), await stats('errorstats'))
  out.push((await ctl.call('INFO', 'stats')).toString('latin1').match(/total_error_replies:\d+/)?.[0] ?? '')
  return out
}

/**
 * CLIENT REPLY SKIP before a blocking command silences that command's eventual reply (served,
 * timed out, or ended by CLIENT UNBLOCK), not the request after it; OFF keeps it silent.
 */
const replySkipScenario: Scenario = async (open) => {
  const ctl = await open()
  const c = await open()
  const id = (await c.call('CLIENT', 'ID')).toString().slice(1, -2)
  const out: string[] = []
  const silenced = async (cmd: string[], end: () => Promise<unknown>): Promise<void> => {
    c.send(['CLIENT', 'REPLY', 'SKIP'])
    c.send(cmd)
    await waitBlocked(ctl, 1)
    await end()
    await waitBlocked(ctl, 0)
    out.push(`${cmd.join(' ')} then PING: ${show(await c.call('PING'))}`)
  }
  await silenced(['BLPOP', 'q', '0'], () => ctl.call('RPUSH', 'q', 'a', 'b'))
  await silenced(['BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0'], () => ctl.call('RPUSH', 'src', 'x'))
  await silenced(['BZPOPMIN', 'z', '0'], () => ctl.call('ZADD', 'z', '1', 'm'))
  await silenced(['BLPOP', 'none', '0.2'], () => Promise.resolve())
  await silenced(['BRPOP', 'none', '0'], () => ctl.call('CLIENT', 'UNBLOCK', id, 'ERROR'))
  await silenced(['BLMPOP', '0', '1', 'none', 'LEFT'], () => ctl.call('CLIENT', 'UNBLOCK', id, 'TIMEOUT'))
  c.send(['CLIENT', 'REPLY', 'OFF'])
  c.send(['BLPOP', 'none', '0.2'])
  await waitBlocked(ctl, 1)
  await waitBlocked(ctl, 0)
  out.push(`after OFF: ${show(await c.call('CLIENT', 'REPLY', 'ON'))} ${show(await c.call('PING'))}`)
  for (const k of ['q', 'src', 'dst']) out.push(show(await ctl.call('LRANGE', k, '0', '-1')))
  out.push(show(await ctl.call('ZCARD', 'z')))
  return out
}

describe('blocking commands across connections, byte for byte', () => {
  it('CLIENT REPLY SKIP/OFF silence the blocked command, not the next one', (t) =>
    compare(t, replySkipScenario))
  it('served clients, in RESP2', (t) => compare(t, servedScenario(false)))
  it('served clients, in RESP3', (t) => compare(t, servedScenario(true)))
  it('CLIENT UNBLOCK ... TIMEOUT answers each command as a timeout would (RESP2)', (t) =>
    compare(t, endedScenario(false, 'TIMEOUT')))
  it('CLIENT UNBLOCK ... TIMEOUT in RESP3', (t) => compare(t, endedScenario(true, 'TIMEOUT')))
  it('CLIENT UNBLOCK ... ERROR answers -UNBLOCKED', (t) => compare(t, endedScenario(false, 'ERROR')))
  it('timeouts that expire, RESP3', (t) => compare(t, endedScenario(true, 'expire')))
  it('a blocked command counts one call; an error ending its wait counts as its failed call', (t) =>
    compare(t, statsScenario))
})

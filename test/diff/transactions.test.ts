/**
 * Differential tests of MULTI EXEC DISCARD WATCH UNWATCH against redis-server: queue-time
 * errors (EXECABORT) versus run-time errors, every error text, RESP3 replies, and WATCH
 * flows with a second client modifying, expiring, flushing and swapping the watched keys.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { diffSuite, raw } from '../helpers/diff.js'
import type { RawClient } from '../helpers/raw-client.js'

const { diffScript, diffRandom, withPair } = diffSuite({ config: { databases: 4 } })

/** A step of a several-client flow: [client index, argv], or a pause in ms. */
type FlowStep = readonly [number, ...string[]] | number

/**
 * Runs 'steps' on both servers with 'clients' connections each, comparing every reply byte
 * for byte, except CLIENT INFO lines, of which only the transaction fields are compared.
 */
async function flow(
  t: Parameters<typeof withPair>[1],
  steps: readonly FlowStep[],
  clients = 2,
): Promise<void> {
  await withPair(async (pair) => {
    await pair.reset()
    const conns: { redis: RawClient; redoubt: RawClient }[] = []
    for (let i = 0; i < clients; i++) conns.push(await pair.connect())
    try {
      for (const [n, step] of steps.entries()) {
        if (typeof step === 'number') {
          await sleep(step)
          continue
        }
        const [who, ...argv] = step
        const c = conns[who]!
        const [a, b] = await Promise.all([c.redis.call(...argv), c.redoubt.call(...argv)])
        const ra = clientInfoFields(a.toString('latin1'))
        const rb = clientInfoFields(b.toString('latin1'))
        assert.equal(rb, ra, `step ${n} (client ${who}: ${argv.join(' ')})`)
      }
    } finally {
      await Promise.all(conns.flatMap((c) => [c.redis.close(), c.redoubt.close()]))
    }
  }, t)
}

/** A reply with each CLIENT INFO line (and its length) cut down to the fields transactions set. */
function clientInfoFields(reply: string): string {
  return reply.replace(/\$\d+\r\n(id=[^\n]*)\n/g, (_m, line: string) =>
    ['flags', 'db', 'multi', 'cmd'].map((f) => line.match(new RegExp(` ${f}=\\S*`))?.[0] ?? `${f}?`).join(''),
  )
}

describe('MULTI and EXEC', () => {
  it('EXEC replies with the array of the queued commands replies, run-time errors included', (t) =>
    diffScript(t, [
      ['MULTI'],
      ['SET', 'a', 'b'],
      ['INCR', 'a'],
      ['SADD', 'a', 'x'],
      ['GET', 'a'],
      ['SADD', 's', '1', '2'],
      ['SMEMBERS', 's'],
      ['EXEC'],
      ['GET', 'a'],
    ]))

  it('an empty transaction returns an empty array', (t) => diffScript(t, [['MULTI'], ['EXEC']]))

  it('errors outside MULTI: EXEC, DISCARD without MULTI', (t) => diffScript(t, [['EXEC'], ['DISCARD']]))

  it('MULTI cannot be nested, WATCH is refused inside MULTI, neither aborts the transaction', (t) =>
    diffScript(t, [['MULTI'], ['MULTI'], ['WATCH', 'x'], ['SET', 'x', '1'], ['EXEC'], ['GET', 'x']]))

  it('an unknown command while queuing aborts EXEC with EXECABORT and nothing runs', (t) =>
    diffScript(t, [
      ['MULTI'],
      ['SET', 'a', '1'],
      ['NOSUCHCMD', 'x'],
      ['SET', 'b', '2'],
      ['EXEC'],
      ['EXISTS', 'a', 'b'],
    ]))

  it('a wrong arity while queuing aborts EXEC', (t) =>
    diffScript(t, [['MULTI'], ['SET', 'a', '1'], ['GET'], ['EXEC'], ['EXISTS', 'a']]))

  it('an unknown subcommand while queuing aborts EXEC', (t) =>
    diffScript(t, [['MULTI'], ['CONFIG', 'NOPE'], ['EXEC']]))

  it('a command flagged no_multi is refused at queue time and aborts EXEC', (t) =>
    diffScript(t, [['MULTI'], ['SHUTDOWN'], ['PING'], ['EXEC']]))

  it('DISCARD drops the queue and leaves MULTI', (t) =>
    diffScript(t, [['MULTI'], ['SET', 'a', '1'], ['DISCARD'], ['EXISTS', 'a'], ['EXEC'], ['DISCARD']]))

  it('DISCARD after a queue-time error clears the error', (t) =>
    diffScript(t, [['MULTI'], ['GET'], ['DISCARD'], ['MULTI'], ['SET', 'a', '1'], ['EXEC']]))

  it('a queued SELECT changes the database of the commands after it', (t) =>
    diffScript(t, [
      ['MULTI'],
      ['SET', 'k', 'db0'],
      ['SELECT', '2'],
      ['SET', 'k', 'db2'],
      ['SELECT', '9'],
      ['GET', 'k'],
      ['EXEC'],
      ['GET', 'k'],
      ['SELECT', '0'],
      ['GET', 'k'],
    ]))

  it('queued commands see the writes of the earlier ones', (t) =>
    diffScript(t, [['MULTI'], ['RPUSH', 'l', 'a'], ['INCR', 'n'], ['INCR', 'n'], ['GET', 'n'], ['EXEC']]))

  it('MULTI state in CLIENT INFO: flag x and the queue length, inside EXEC too', (t) =>
    flow(t, [
      [0, 'CLIENT', 'INFO'],
      [0, 'MULTI'],
      [0, 'SET', 'a', '1'],
      [0, 'CLIENT', 'INFO'],
      [0, 'EXEC'],
      [0, 'CLIENT', 'INFO'],
    ]))

  it('RESP3: EXEC, EXECABORT and a failed WATCH answer as Redis', (t) =>
    diffScript(
      t,
      [
        ['MULTI'],
        ['SET', 'a', '1'],
        ['HSET', 'h', 'f', 'v'],
        ['HGETALL', 'h'],
        ['INCRBYFLOAT', 'a', '0.5'],
        ['EXEC'],
        ['MULTI'],
        ['FOO'],
        ['EXEC'],
        ['WATCH', 'a'],
        ['SET', 'a', '2'],
        ['MULTI'],
        ['EXEC'],
      ],
      { resp3: true },
    ))

  it('pipelined MULTI ... EXEC in one write', (t) =>
    diffScript(t, [raw('MULTI\r\nSET a 1\r\nGET a\r\nEXEC\r\n', { replies: 4 })]))

  it('commandstats: errors inside EXEC fail their command, not EXEC; EXECABORT fails EXEC', (t) =>
    diffScript(t, [
      ['SET', 'str', 'abc'],
      ['CONFIG', 'RESETSTAT'],
      ['MULTI'],
      ['INCR', 'str'],
      ['GET', 'str'],
      ['EXEC'],
      ['MULTI'],
      ['FOO'],
      ['GET'],
      ['EXEC'],
      ['EXEC'],
      { cmd: ['INFO', 'commandstats'], mode: commandStatsDiff },
      { cmd: ['INFO', 'errorstats'] },
    ]))

  it('blocking commands inside EXEC do not block: they answer as a timeout, or serve data', (t) =>
    diffScript(t, [
      ['MULTI'],
      ['BLPOP', 'l', '0'],
      ['BRPOPLPUSH', 'l', 'm', '0'],
      ['BLMOVE', 'l', 'm', 'LEFT', 'RIGHT', '0'],
      ['BLMPOP', '0', '1', 'l', 'LEFT'],
      ['BZPOPMIN', 'z', '0'],
      ['BZMPOP', '0', '1', 'z', 'MIN'],
      ['RPUSH', 'l', 'a', 'b'],
      ['BLPOP', 'l', '0'],
      ['BLMOVE', 'l', 'm', 'LEFT', 'RIGHT', '0'],
      ['EXEC'],
      ['LRANGE', 'm', '0', '-1'],
    ]))

  it('SUBSCRIBE and HELLO run inside EXEC; the client leaves EXEC subscribed, in RESP3', (t) =>
    diffScript(t, [
      ['MULTI'],
      ['SET', 'a', '1'],
      ['HELLO', '3'],
      ['SUBSCRIBE', 'ch'],
      ['GET', 'a'],
      { cmd: ['EXEC'], mode: 'type' },
      ['GET', 'a'],
      ['UNSUBSCRIBE'],
    ]))

  it('QUIT inside MULTI is not queued: it closes the connection', (t) =>
    diffScript(t, [['MULTI'], ['SET', 'a', '1'], { cmd: ['QUIT'], closes: true }, ['EXISTS', 'a']]))

  it('RESET inside MULTI leaves the transaction', (t) =>
    diffScript(t, [['MULTI'], ['SET', 'a', '1'], { cmd: ['RESET'] }, ['EXEC'], ['EXISTS', 'a']]))
})

describe('WATCH', () => {
  it('a key modified by another client makes EXEC return a null array', (t) =>
    flow(t, [
      [0, 'SET', 'k', '1'],
      [0, 'WATCH', 'k'],
      [1, 'INCR', 'k'],
      [0, 'MULTI'],
      [0, 'SET', 'k', 'x'],
      [0, 'EXEC'],
      [0, 'GET', 'k'],
    ]))

  it('an untouched watched key lets EXEC run', (t) =>
    flow(t, [
      [0, 'WATCH', 'k', 'other'],
      [1, 'SET', 'unrelated', '1'],
      [0, 'MULTI'],
      [0, 'SET', 'k', 'x'],
      [0, 'EXEC'],
    ]))

  it('a key the same client modifies before MULTI aborts, the shown flag is d', (t) =>
    flow(t, [
      [0, 'WATCH', 'k'],
      [0, 'SET', 'k', '1'],
      [0, 'CLIENT', 'INFO'],
      [0, 'MULTI'],
      [0, 'EXEC'],
      [0, 'CLIENT', 'INFO'],
    ]))

  it('keys modified by the transaction itself do not abort it', (t) =>
    flow(t, [
      [0, 'WATCH', 'k'],
      [0, 'MULTI'],
      [0, 'SET', 'k', '1'],
      [0, 'INCR', 'k'],
      [0, 'EXEC'],
      [0, 'MULTI'],
      [0, 'EXEC'],
    ]))

  it('deleting a missing watched key is no change; creating it is', (t) =>
    flow(t, [
      [0, 'WATCH', 'k'],
      [1, 'DEL', 'k'],
      [0, 'MULTI'],
      [0, 'EXEC'],
      [0, 'WATCH', 'k'],
      [1, 'SET', 'k', 'v'],
      [0, 'MULTI'],
      [0, 'EXEC'],
    ]))

  it('a write that fails with WRONGTYPE or changes nothing does not touch the key', (t) =>
    flow(t, [
      [0, 'SET', 'k', 'v'],
      [0, 'WATCH', 'k'],
      [1, 'SADD', 'k', 'x'],
      [1, 'SETNX', 'k', 'w'],
      [0, 'MULTI'],
      [0, 'EXEC'],
    ]))

  it('UNWATCH forgets the keys; WATCH keys of another database', (t) =>
    flow(t, [
      [0, 'WATCH', 'k'],
      [0, 'UNWATCH'],
      [1, 'SET', 'k', '1'],
      [0, 'MULTI'],
      [0, 'EXEC'],
      [0, 'SELECT', '1'],
      [0, 'WATCH', 'k'],
      [1, 'SET', 'k', '2'],
      [0, 'MULTI'],
      [0, 'EXEC'],
      [1, 'SELECT', '1'],
      [1, 'SET', 'k', '3'],
      [0, 'MULTI'],
      [0, 'EXEC'],
    ]))

  it('UNWATCH queued inside MULTI comes too late to save the transaction', (t) =>
    flow(t, [
      [0, 'WATCH', 'k'],
      [1, 'SET', 'k', '1'],
      [0, 'MULTI'],
      [0, 'UNWATCH'],
      [0, 'EXEC'],
    ]))

  it('DISCARD and EXEC forget the watched keys', (t) =>
    flow(t, [
      [0, 'WATCH', 'k'],
      [0, 'MULTI'],
      [0, 'DISCARD'],
      [1, 'SET', 'k', '1'],
      [0, 'MULTI'],
      [0, 'EXEC'],
      [0, 'WATCH', 'k'],
      [0, 'MULTI'],
      [0, 'EXEC'],
      [1, 'SET', 'k', '2'],
      [0, 'MULTI'],
      [0, 'EXEC'],
    ]))

  it('RESET forgets the watched keys', (t) =>
    flow(t, [
      [0, 'WATCH', 'k'],
      [0, 'RESET'],
      [1, 'SET', 'k', '1'],
      [0, 'MULTI'],
      [0, 'EXEC'],
    ]))

  it('a watched key that expires before EXEC aborts it', (t) =>
    flow(t, [
      [1, 'SET', 'k', 'v', 'PX', '60'],
      [0, 'WATCH', 'k'],
      150,
      [0, 'MULTI'],
      [0, 'GET', 'k'],
      [0, 'EXEC'],
    ]))

  it('EXPIRE and PERSIST of a watched key touch it', (t) =>
    flow(t, [
      [1, 'SET', 'k', 'v'],
      [0, 'WATCH', 'k'],
      [1, 'EXPIRE', 'k', '100'],
      [0, 'MULTI'],
      [0, 'EXEC'],
      [0, 'WATCH', 'k'],
      [1, 'PERSIST', 'k'],
      [0, 'MULTI'],
      [0, 'EXEC'],
    ]))

  it('FLUSHALL and FLUSHDB touch only watched keys that existed', (t) =>
    flow(t, [
      [0, 'WATCH', 'missing'],
      [1, 'FLUSHALL'],
      [0, 'MULTI'],
      [0, 'EXEC'],
      [1, 'SET', 'k', 'v'],
      [0, 'WATCH', 'k'],
      [1, 'FLUSHALL'],
      [0, 'MULTI'],
      [0, 'EXEC'],
      [1, 'SET', 'k', 'v'],
      [0, 'WATCH', 'k'],
      [1, 'SELECT', '1'],
      [1, 'FLUSHDB'],
      [0, 'MULTI'],
      [0, 'EXEC'],
      [0, 'WATCH', 'k'],
      [1, 'SELECT', '0'],
      [1, 'FLUSHDB'],
      [0, 'MULTI'],
      [0, 'EXEC'],
    ]))

  it('SWAPDB touches watched keys that exist in either database', (t) =>
    flow(t, [
      [0, 'WATCH', 'k'],
      [1, 'SWAPDB', '0', '1'],
      [0, 'MULTI'],
      [0, 'EXEC'],
      [1, 'SELECT', '1'],
      [1, 'SET', 'k', 'v'],
      [0, 'WATCH', 'k'],
      [1, 'SWAPDB', '0', '1'],
      [0, 'MULTI'],
      [0, 'GET', 'k'],
      [0, 'EXEC'],
      [0, 'WATCH', 'k'],
      [1, 'SWAPDB', '0', '1'],
      [0, 'MULTI'],
      [0, 'EXEC'],
      [0, 'WATCH', 'k'],
      [1, 'SWAPDB', '2', '3'],
      [0, 'MULTI'],
      [0, 'EXEC'],
    ]))

  it('a touched transaction still answers QUEUED, and RENAME touches both keys', (t) =>
    flow(t, [
      [1, 'SET', 'a', '1'],
      [0, 'WATCH', 'b'],
      [0, 'MULTI'],
      [1, 'RENAME', 'a', 'b'],
      [0, 'SET', 'x', '1'],
      [0, 'CLIENT', 'INFO'],
      [0, 'EXEC'],
      [0, 'EXISTS', 'x'],
    ]))

  it('ACL rules changed after queuing: each denied command gets NOPERM in its slot at EXEC', (t) =>
    flow(t, [
      [1, 'ACL', 'SETUSER', 'txu', 'on', 'nopass', '~*', '&*', '+@all'],
      [0, 'AUTH', 'txu', 'x'],
      [0, 'MULTI'],
      [0, 'SET', 'k', '1'],
      [0, 'GET', 'k'],
      [0, 'PUBLISH', 'ch', 'm'],
      [0, 'SET', 'other', '1'],
      [1, 'ACL', 'SETUSER', 'txu', '-get', 'resetchannels', 'resetkeys', '~k'],
      [0, 'EXEC'],
      [1, 'ACL', 'LOG', 'RESET'],
      [1, 'ACL', 'DELUSER', 'txu'],
    ]))

  it('several clients watching the same key all fail', (t) =>
    flow(
      t,
      [
        [0, 'WATCH', 'k'],
        [1, 'WATCH', 'k'],
        [2, 'SET', 'k', '1'],
        [0, 'MULTI'],
        [0, 'EXEC'],
        [1, 'MULTI'],
        [1, 'EXEC'],
      ],
      3,
    ))
})

/** Compares INFO commandstats without the timings. */
function commandStatsDiff(a: Buffer, b: Buffer): string | undefined {
  const strip = (x: Buffer): string =>
    x
      .toString('latin1')
      .split('\r\n')
      .filter((l) => l.startsWith('cmdstat_'))
      .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ''))
      .sort()
      .join('\n')
  return strip(a) === strip(b) ? undefined : `redis:\n${strip(a)}\nredoubt:\n${strip(b)}`
}

describe('random transaction sequences', () => {
  it('MULTI/EXEC/DISCARD/WATCH/UNWATCH mixed with writes, reads, errors and SELECT (seeded)', (t) =>
    diffRandom(t, 7070, 3000, (rng) => {
      const key = rng.pick(['a', 'b', 'c', 'n'])
      switch (rng.int(16)) {
        case 0:
        case 1:
          return ['MULTI']
        case 2:
          return ['EXEC']
        case 3:
          return rng.bool(0.5) ? ['DISCARD'] : ['EXEC']
        case 4:
          return ['WATCH', key, rng.pick(['a', 'b', 'c', 'n'])]
        case 5:
          return ['UNWATCH']
        case 6:
          return ['SET', key, String(rng.range(-5, 5))]
        case 7:
          return ['INCR', key]
        case 8:
          return ['SADD', key, 'm']
        case 9:
          return ['DEL', key]
        case 10:
          return ['GET', key]
        case 11:
          return ['SELECT', String(rng.range(0, 4))]
        case 12:
          return rng.bool(0.5) ? ['NOSUCH', key] : ['GET']
        case 13:
          return ['EXPIRE', key, '100']
        case 14:
          return ['SWAPDB', '0', String(rng.range(1, 3))]
        default:
          return rng.bool(0.2) ? ['FLUSHDB'] : ['EXISTS', key]
      }
    }))
})

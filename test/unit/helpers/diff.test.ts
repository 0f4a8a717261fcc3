// Tests of the differential harness itself, with a second real redis-server standing in for
// redoubt: identical servers agree on every kind of step, and a server that answers differently
// fails with a message naming the step and showing both replies.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  anyValue,
  compareReplies,
  diffSuite,
  raw,
  sameShape,
  type TestLike,
  unordered,
} from '../../helpers/diff.js'
import { redisServerSkip, startRealRedis } from '../../helpers/real-redis.js'

const b = (s: string): Buffer => Buffer.from(s, 'latin1')

/** A second redis-server as the server under test, with 'args'. */
const redisTarget =
  (args: string[] = []) =>
  async () => {
    const r = await startRealRedis(args)
    return { port: r.port, close: () => r.stop() }
  }

/** A TestLike that records what the harness did with it, for driving failures. */
function fakeTest(): TestLike & { skipped: string | undefined; notes: string[] } {
  return {
    name: 'fake test',
    skipped: undefined,
    notes: [],
    skip(message?: string) {
      this.skipped = message ?? ''
    },
    diagnostic(message: string) {
      this.notes.push(message)
    },
  }
}

describe('compareReplies', () => {
  it('exact mode requires equal bytes', () => {
    assert.equal(compareReplies(b(':1\r\n'), b(':1\r\n'), 'exact'), undefined)
    assert.equal(compareReplies(b(':1\r\n'), b(':2\r\n'), 'exact'), 'replies differ')
  })

  it('set mode ignores the order of top-level elements only', () => {
    const ab = b('*2\r\n$1\r\na\r\n$1\r\nb\r\n')
    const ba = b('*2\r\n$1\r\nb\r\n$1\r\na\r\n')
    assert.equal(compareReplies(ab, ba, 'set'), undefined)
    assert.match(compareReplies(ab, b('*2\r\n$1\r\na\r\n$1\r\na\r\n'), 'set') ?? '', /ignoring element order/)
    assert.ok(compareReplies(ab, b('~2\r\n$1\r\nb\r\n$1\r\na\r\n'), 'set'), 'an array is not a set')
    const nested1 = b('*1\r\n*2\r\n:1\r\n:2\r\n')
    const nested2 = b('*1\r\n*2\r\n:2\r\n:1\r\n')
    assert.ok(compareReplies(nested1, nested2, 'set'))
    assert.equal(compareReplies(nested1, nested2, 'deep-set'), undefined)
  })

  it('set mode keeps the pairs of a map together', () => {
    const m1 = b('%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n')
    assert.equal(compareReplies(m1, b('%2\r\n+b\r\n:2\r\n+a\r\n:1\r\n'), 'set'), undefined)
    assert.ok(compareReplies(m1, b('%2\r\n+a\r\n:2\r\n+b\r\n:1\r\n'), 'set'))
  })

  it('pairs mode reorders key/value pairs of a flat array but keeps them paired', () => {
    const h1 = b('*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n')
    const h2 = b('*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n')
    const h3 = b('*4\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\n2\r\n')
    assert.equal(compareReplies(h1, h2, 'pairs'), undefined)
    assert.ok(compareReplies(h1, h3, 'pairs'))
    assert.equal(compareReplies(h1, h3, 'set'), undefined, 'set mode does not see pairs')
  })

  it('type mode compares shapes and ignore-value only the type byte', () => {
    const time1 = b('*2\r\n$10\r\n1700000000\r\n$6\r\n123456\r\n')
    const time2 = b('*2\r\n$10\r\n1700000001\r\n$5\r\n12345\r\n')
    assert.equal(compareReplies(time1, time2, 'type'), undefined)
    assert.match(
      compareReplies(time1, b('*1\r\n$1\r\n1\r\n'), 'type') ?? '',
      /shapes differ: \*2\[\$,\$\] vs \*1\[\$\]/,
    )
    assert.match(compareReplies(b('-ERR x\r\n'), b('-WRONGTYPE x\r\n'), 'type') ?? '', /-ERR vs -WRONGTYPE/)
    assert.equal(compareReplies(time1, b('*1\r\n:1\r\n'), 'ignore-value'), undefined)
    assert.equal(compareReplies(b('$1\r\na\r\n'), b('-ERR\r\n'), 'ignore-value'), 'reply types differ')
  })

  it('a custom mode decides by itself', () => {
    const sameLength = (x: Buffer, y: Buffer) => (x.length === y.length ? undefined : 'lengths differ')
    assert.equal(compareReplies(b(':1\r\n'), b(':2\r\n'), sameLength), undefined)
    assert.equal(compareReplies(b(':1\r\n'), b(':22\r\n'), sameLength), 'lengths differ')
  })
})

describe('diffScript between two identical redis-servers', { skip: redisServerSkip() }, () => {
  const { diffScript, diffRandom, withPair } = diffSuite({
    config: { databases: 4 },
    startTarget: redisTarget(['--databases', '4']),
  })

  it('agrees on plain commands, errors and nulls', (t) =>
    diffScript(t, [
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['GET', 'missing'],
      ['LPUSH', 'k', 'x'],
      ['SELECT', '3'],
      ['SELECT', '4'],
      ['NOSUCHCOMMAND'],
    ]))

  it('starts each script on an empty database', (t) =>
    diffScript(t, [['DBSIZE'], ['SET', 'k', 'v'], ['DBSIZE']]))

  it('agrees on unordered, shape-only and value-free steps', (t) =>
    diffScript(t, [
      ['SADD', 's', 'a', 'b', 'c', 'd', 'e', 'f'],
      unordered('SMEMBERS', 's'),
      sameShape('TIME'),
      anyValue('INFO', 'server'),
      { cmd: ['HSET', 'h', 'f1', '1', 'f2', '2'] },
      { cmd: ['HGETALL', 'h'], mode: 'pairs' },
    ]))

  it('agrees on raw inline commands and pipelines', (t) =>
    diffScript(t, [raw('PING\r\n'), raw('ECHO a\r\nECHO b\r\nPING\r\n', { replies: 3 })]))

  it('agrees on protocol errors that close the connection, then continues on fresh connections', (t) =>
    diffScript(t, [
      ['SELECT', '2'],
      raw('*1\r\n$x\r\n', { closes: true }),
      ['SET', 'k', 'v'],
      ['DBSIZE'],
      { cmd: ['QUIT'], closes: true },
      ['GET', 'k'],
    ]))

  it('agrees in RESP3, with HELLO compared by shape', (t) =>
    diffScript(
      t,
      [
        ['GET', 'missing'],
        ['HSET', 'h', 'a', '1'],
        unordered('HGETALL', 'h'),
        ['SUBSCRIBE', 'c1', 'c2'],
        ['PING'],
      ],
      { resp3: true },
    ))

  it('counts one reply per channel for SUBSCRIBE-like commands', (t) =>
    diffScript(t, [
      ['SUBSCRIBE', 'a', 'b', 'c'],
      ['PSUBSCRIBE', 'x*'],
      ['UNSUBSCRIBE', 'a', 'b'],
    ]))

  it('agrees on a seeded random script', (t) =>
    diffRandom(t, 42, 300, (rng) => {
      const key = `k${rng.int(5)}`
      return rng.pick([
        ['SET', key, rng.string(3)],
        ['GET', key],
        ['APPEND', key, rng.string(2)],
        ['INCR', key],
        ['DEL', key],
        ['EXISTS', key],
        ['STRLEN', key],
      ])
    }))

  it('withPair gives both ports and fresh connections', async (t) => {
    await withPair(async (pair) => {
      assert.notEqual(pair.redisPort, pair.redoubtPort)
      const { redis, redoubt } = await pair.connect()
      assert.deepEqual(await redis.call('PING'), await redoubt.call('PING'))
      await Promise.all([redis.close(), redoubt.close()])
    }, t)
  })
})

describe('diffScript between servers that answer differently', { skip: redisServerSkip() }, () => {
  // The target has 2 databases where the oracle has 16, so SELECT 5 tells them apart.
  const { diffScript, diffRandom } = diffSuite({ startTarget: redisTarget(['--databases', '2']) })

  it('fails naming the step, both replies and the steps before it', async () => {
    const t = fakeTest()
    await assert.rejects(
      diffScript(t, [
        ['SET', 'k', 'v'],
        ['SELECT', '5'],
        ['GET', 'k'],
      ]),
      (err: Error) => {
        assert.equal(err.name, 'AssertionError')
        assert.match(err.message, /differ at step 2 of 3 \(mode exact\): SELECT "5"/)
        assert.match(err.message, /redis-server: "\+OK\\r\\n"/)
        assert.match(err.message, /redoubt: {6}"-ERR DB index is out of range\\r\\n"/)
        assert.match(err.message, /1\. SET "k" "v" {2}-> {2}"\+OK\\r\\n"/)
        return true
      },
    )
  })

  it('fails when only one side closes the connection', async () => {
    await assert.rejects(
      diffScript(fakeTest(), [raw('SELECT 5\r\n', { closes: true })]),
      /expected the connection to close/,
    )
  })

  it('fails when a step waits for a reply that never comes', async () => {
    await assert.rejects(
      diffScript(fakeTest(), [raw('*2\r\n$4\r\nECHO\r\n')]),
      /redis-server itself failed: .*no complete reply/,
    )
  })

  it('gives the seed of a failing random script', async () => {
    const t = fakeTest()
    await assert.rejects(
      diffRandom(t, 7, 50, (rng) => ['SELECT', String(rng.int(16))]),
      /from seed 7 \(replay: REDOUBT_SEED=7\)/,
    )
    assert.match(t.notes.join('\n'), /REDOUBT_SEED=7/)
  })
})

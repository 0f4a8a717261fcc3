/**
 * Pub/Sub against redis-server, byte for byte, with several real connections per server in
 * RESP2 and RESP3: SUBSCRIBE/PSUBSCRIBE/SSUBSCRIBE and their UNSUBSCRIBEs (counts, nil
 * replies), PUBLISH/SPUBLISH delivery and receiver counts, RESP2 subscribed-mode rules,
 * RESP3 pushes interleaved with replies, PUBSUB introspection and errors, CLIENT LIST fields,
 * CLIENT KILL TYPE pubsub and the INFO pubsub counters.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type DiffPair, diffSuite, sameShape } from '../helpers/diff.js'
import type { RawClient } from '../helpers/raw-client.js'
import { MultiClients, runAndSync } from './multi-client.js'

const { diffScript, withPair } = diffSuite()

/** Opens clients with protocols 'resp' on both servers, runs 'fn', closes them. */
async function withClients(
  pair: DiffPair,
  resp: readonly (2 | 3)[],
  label: string,
  fn: (m: MultiClients) => Promise<void>,
): Promise<void> {
  await pair.reset()
  const m = await MultiClients.open(pair, resp, label)
  try {
    await fn(m)
  } finally {
    await m.close()
  }
}

for (const proto of [2, 3] as const) {
  describe(`pub/sub in RESP${proto}`, () => {
    it('SUBSCRIBE, PSUBSCRIBE, PUBLISH and UNSUBSCRIBE deliver and count as Redis', (t) =>
      withPair(
        (pair) =>
          withClients(pair, [proto, proto, proto], `RESP${proto} basics`, async (m) => {
            await m.script([
              [0, ['SUBSCRIBE', 'news', 'sport']],
              [0, ['SUBSCRIBE', 'news']],
              [1, ['PSUBSCRIBE', 'n*']],
              [1, ['PSUBSCRIBE', 'h?llo', '[ab]c', 'n*']],
              [2, ['PUBLISH', 'news', 'first']],
              [2, ['PUBLISH', 'sport', 'goal']],
              [2, ['PUBLISH', 'hello', 'world']],
              [2, ['PUBLISH', 'ac', 'x']],
              [2, ['PUBLISH', 'nobody', 'y']],
              [2, ['PUBLISH', 'zzz', 'none']],
              [0, ['UNSUBSCRIBE', 'news', 'absent']],
              [2, ['PUBLISH', 'news', 'second']],
              [1, ['PUNSUBSCRIBE', 'n*', 'q*']],
              [2, ['PUBLISH', 'news', 'third']],
              [0, ['UNSUBSCRIBE']],
              [0, ['UNSUBSCRIBE']],
              [1, ['PUNSUBSCRIBE']],
              [1, ['PUNSUBSCRIBE']],
              [2, ['PUBLISH', 'sport', 'unheard']],
            ])
          }),
        t,
      ))

    it('a client subscribed to a channel and a matching pattern receives both, self included', (t) =>
      withPair(
        (pair) =>
          withClients(pair, [proto, 3], `RESP${proto} self`, async (m) => {
            await m.script([
              [0, ['SUBSCRIBE', 'ch']],
              [0, ['PSUBSCRIBE', 'c*']],
              [1, ['SUBSCRIBE', 'ch']],
              [1, ['PUBLISH', 'ch', 'to all']],
              [1, ['PUBLISH', 'cx', 'pattern only']],
              [0, ['UNSUBSCRIBE', 'ch', 'ch']],
              [1, ['PUBLISH', 'ch', 'again']],
            ])
          }),
        t,
      ))

    it('UNSUBSCRIBE of every kind with nothing subscribed replies a nil name and the count', (t) =>
      withPair(
        (pair) =>
          withClients(pair, [proto], `RESP${proto} nil`, async (m) => {
            await m.script([
              [0, ['UNSUBSCRIBE']],
              [0, ['PUNSUBSCRIBE']],
              [0, ['SUNSUBSCRIBE']],
              [0, ['UNSUBSCRIBE', 'a', 'b']],
              [0, ['PSUBSCRIBE', 'p*']],
              [0, ['UNSUBSCRIBE']],
              [0, ['SUNSUBSCRIBE']],
              [0, ['SSUBSCRIBE', 's']],
              [0, ['PUNSUBSCRIBE']],
              [0, ['UNSUBSCRIBE']],
              [0, ['SUNSUBSCRIBE', 'other']],
              [0, ['SUNSUBSCRIBE']],
              [0, ['SUNSUBSCRIBE']],
            ])
          }),
        t,
      ))

    it('shard channels are separate from channels: SSUBSCRIBE, SPUBLISH, SUNSUBSCRIBE', (t) =>
      withPair(
        (pair) =>
          withClients(pair, [proto, proto, 2], `RESP${proto} shard`, async (m) => {
            await m.script([
              [0, ['SSUBSCRIBE', 'orders', 'users']],
              [0, ['SSUBSCRIBE', 'orders']],
              [1, ['SUBSCRIBE', 'orders']],
              [1, ['PSUBSCRIBE', 'o*']],
              [2, ['SPUBLISH', 'orders', 'shard message']],
              [2, ['PUBLISH', 'orders', 'plain message']],
              [2, ['SPUBLISH', 'nobody', 'x']],
              [2, ['PUBSUB', 'SHARDCHANNELS'], { unordered: true }],
              [2, ['PUBSUB', 'SHARDCHANNELS', 'o*']],
              [2, ['PUBSUB', 'SHARDNUMSUB', 'orders', 'users', 'none']],
              [2, ['PUBSUB', 'NUMSUB', 'orders']],
              [2, ['PUBSUB', 'SHARDNUMSUB']],
              [0, ['SUNSUBSCRIBE', 'users']],
              [0, ['SUNSUBSCRIBE'], { unordered: true }],
              [2, ['SPUBLISH', 'orders', 'unheard']],
              [2, ['PUBSUB', 'SHARDCHANNELS']],
            ])
          }),
        t,
      ))

    it('PUBSUB CHANNELS, NUMSUB and NUMPAT report the active subscriptions', (t) =>
      withPair(
        (pair) =>
          withClients(pair, [proto, proto, proto], `RESP${proto} introspection`, async (m) => {
            await m.script([
              [2, ['PUBSUB', 'CHANNELS']],
              [2, ['PUBSUB', 'NUMPAT']],
              [0, ['SUBSCRIBE', 'alpha', 'beta', 'gamma']],
              [1, ['SUBSCRIBE', 'alpha']],
              [1, ['PSUBSCRIBE', 'a*', 'b*']],
              [0, ['PSUBSCRIBE', 'a*']],
              [2, ['PUBSUB', 'CHANNELS'], { unordered: true }],
              [2, ['PUBSUB', 'CHANNELS', 'a*']],
              [2, ['PUBSUB', 'CHANNELS', '*[mt]a'], { unordered: true }],
              [2, ['PUBSUB', 'CHANNELS', 'zz*']],
              [2, ['PUBSUB', 'NUMSUB', 'alpha', 'beta', 'delta', 'alpha']],
              [2, ['PUBSUB', 'NUMSUB']],
              [2, ['PUBSUB', 'NUMPAT']],
              [0, ['UNSUBSCRIBE', 'alpha']],
              [2, ['PUBSUB', 'NUMSUB', 'alpha']],
              [1, ['PUNSUBSCRIBE', 'a*']],
              [2, ['PUBSUB', 'NUMPAT']],
              [0, ['PUNSUBSCRIBE', 'a*']],
              [2, ['PUBSUB', 'NUMPAT']],
            ])
          }),
        t,
      ))

    it('binary channel names, patterns and messages are delivered byte for byte', (t) =>
      withPair(
        (pair) =>
          withClients(pair, [proto, proto], `RESP${proto} binary`, async (m) => {
            await m.script([
              [0, ['SUBSCRIBE', 'bin\x00\xff\r\nch', '']],
              [0, ['PSUBSCRIBE', '\xe9*', '\\*lit']],
              [1, ['PUBLISH', 'bin\x00\xff\r\nch', 'payload\x00\r\n\xfe']],
              [1, ['PUBLISH', '', 'empty channel']],
              [1, ['PUBLISH', '\xe9t\xe9', '']],
              [1, ['PUBLISH', '*lit', 'escaped star']],
              [1, ['PUBLISH', 'xlit', 'no match']],
            ])
          }),
        t,
      ))

    it('a disconnected subscriber leaves no subscription behind', (t) =>
      withPair(
        (pair) =>
          withClients(pair, [proto, proto], `RESP${proto} disconnect`, async (m) => {
            await m.script([
              [0, ['SUBSCRIBE', 'gone']],
              [0, ['PSUBSCRIBE', 'go*']],
              [0, ['SSUBSCRIBE', 'sgone']],
              [0, ['QUIT'], { closes: true }],
              [1, ['PUBLISH', 'gone', 'x']],
              [1, ['SPUBLISH', 'sgone', 'x']],
              [1, ['PUBSUB', 'NUMSUB', 'gone']],
              [1, ['PUBSUB', 'NUMPAT']],
              [1, ['PUBSUB', 'SHARDCHANNELS']],
            ])
          }),
        t,
      ))

    it('RESET leaves every subscription and pub/sub mode', (t) =>
      withPair(
        (pair) =>
          withClients(pair, [proto, 2], `RESP${proto} reset`, async (m) => {
            await m.script([
              [0, ['SUBSCRIBE', 'r1']],
              [0, ['PSUBSCRIBE', 'r*']],
              [0, ['SSUBSCRIBE', 'rs']],
              [0, ['RESET']],
              [1, ['PUBLISH', 'r1', 'after reset']],
              [1, ['PUBSUB', 'NUMPAT']],
              [0, ['GET', 'k']],
              [0, ['UNSUBSCRIBE']],
            ])
          }),
        t,
      ))

    it('many subscribers of one channel each receive every message once', (t) =>
      withPair(async (pair) => {
        const n = 12
        const resp = Array.from({ length: n + 1 }, (_, i) => (i % 2 === 0 ? proto : ((5 - proto) as 2 | 3)))
        await withClients(pair, resp, `RESP${proto} many`, async (m) => {
          for (let i = 0; i < n; i++) await m.step(i, ['SUBSCRIBE', 'crowd', `own${i}`])
          await m.step(n, ['PUBLISH', 'crowd', 'hello everyone'])
          await m.step(n, ['PUBLISH', 'own3', 'only three'])
          await m.step(n, ['PUBSUB', 'NUMSUB', 'crowd'])
        })
      }, t))

    it('INFO counts channels, patterns and shard channels', (t) =>
      withPair(
        (pair) =>
          withClients(pair, [proto, 2], `RESP${proto} info`, async (m) => {
            const counters = async (): Promise<void> => {
              const [a, b] = await Promise.all([
                m.redis[1]!.call('INFO', 'stats'),
                m.redoubt[1]!.call('INFO', 'stats'),
              ])
              const pick = (s: Buffer): string =>
                (s.toString('latin1').match(/^pubsub\w*:\d+/gm) ?? []).join(' ')
              assert.equal(pick(b), pick(a))
            }
            await counters()
            await m.step(0, ['SUBSCRIBE', 'a', 'b'])
            await m.step(0, ['PSUBSCRIBE', 'x*', 'y*', 'z*'])
            await m.step(0, ['SSUBSCRIBE', 's'])
            await counters()
            await m.step(0, ['UNSUBSCRIBE', 'a'])
            await counters()
          }),
        t,
      ))

    it('CLIENT LIST shows the P flag and sub/psub/ssub counts; CLIENT KILL TYPE pubsub closes subscribers', (t) =>
      withPair(
        (pair) =>
          withClients(pair, [proto, proto, 2], `RESP${proto} client list`, async (m) => {
            const fields = async (): Promise<void> => {
              const [a, b] = await Promise.all([
                m.redis[2]!.call('CLIENT', 'LIST'),
                m.redoubt[2]!.call('CLIENT', 'LIST'),
              ])
              const pick = (s: Buffer): string[] =>
                s
                  .toString('latin1')
                  .split('\n')
                  .filter((l) => l.includes('id='))
                  .map((l) => (l.match(/ (flags|sub|psub|ssub)=\S*/g) ?? []).join(''))
              assert.deepEqual(pick(b), pick(a))
            }
            await m.step(0, ['SUBSCRIBE', 'a', 'b'])
            await m.step(0, ['PSUBSCRIBE', 'p*'])
            await m.step(1, ['SSUBSCRIBE', 's1', 's2', 's3'])
            await fields()
            const listed = await Promise.all([
              m.redis[2]!.call('CLIENT', 'LIST', 'TYPE', 'pubsub'),
              m.redoubt[2]!.call('CLIENT', 'LIST', 'TYPE', 'pubsub'),
            ])
            const lines = (s: Buffer): number =>
              s
                .toString('latin1')
                .split('\n')
                .filter((l) => l.includes('id=')).length
            assert.equal(lines(listed[1]), lines(listed[0]))
            assert.equal(lines(listed[0]), 2)
            const [a, b] = await Promise.all([
              m.redis[2]!.call('CLIENT', 'KILL', 'TYPE', 'pubsub'),
              m.redoubt[2]!.call('CLIENT', 'KILL', 'TYPE', 'pubsub'),
            ])
            assert.equal(b.toString('latin1'), a.toString('latin1'))
            assert.equal(a.toString('latin1'), ':2\r\n')
            await Promise.all([m.redoubt[0]!.closed(), m.redoubt[1]!.closed()])
            const c = await Promise.all([
              m.redis[2]!.call('PUBSUB', 'NUMSUB', 'a'),
              m.redoubt[2]!.call('PUBSUB', 'NUMSUB', 'a'),
            ])
            assert.equal(c[1].toString('latin1'), c[0].toString('latin1'))
          }),
        t,
      ))
  })
}

describe('RESP2 subscribed mode', () => {
  it('only (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and RESET are allowed', (t) =>
    withPair(
      (pair) =>
        withClients(pair, [2], 'RESP2 restrictions', async (m) => {
          await m.script([
            [0, ['SUBSCRIBE', 'x']],
            [0, ['GET', 'k']],
            [0, ['SET', 'k', 'v']],
            [0, ['CLIENT', 'INFO']],
            [0, ['CONFIG', 'GET', 'port']],
            [0, ['PUBLISH', 'x', 'self']],
            [0, ['PUBSUB', 'NUMSUB', 'x']],
            [0, ['ECHO', 'e']],
            [0, ['PING']],
            [0, ['PING', 'message']],
            [0, ['PING', 'a', 'b']],
            [0, ['NOSUCHCOMMAND']],
            [0, ['GET']],
            [0, ['PSUBSCRIBE', 'p']],
            [0, ['SSUBSCRIBE', 's']],
            [0, ['UNSUBSCRIBE']],
            [0, ['PUNSUBSCRIBE']],
            [0, ['GET', 'k']],
            [0, ['SUNSUBSCRIBE']],
            [0, ['GET', 'k']],
            [0, ['PING']],
          ])
        }),
      t,
    ))

  it('HELLO 3 is refused in subscribed mode, but a RESP3 client may subscribe and run any command', (t) =>
    withPair(
      (pair) =>
        withClients(pair, [2, 3], 'RESP2/3 switch', async (m) => {
          await m.script([
            [0, ['SUBSCRIBE', 'x']],
            [0, ['HELLO', '3']],
            [1, ['SUBSCRIBE', 'x']],
            [1, ['SET', 'k', 'v']],
            [1, ['GET', 'k']],
            [1, ['PUBLISH', 'x', 'self and other']],
            [1, ['PING']],
            [1, ['PING', 'msg']],
            [1, ['UNSUBSCRIBE']],
            [1, ['GET', 'k']],
          ])
        }),
      t,
    ))
})

describe('pub/sub in transactions', () => {
  for (const proto of [2, 3] as const) {
    it(`RESP${proto}: SUBSCRIBE and PUBLISH queued in MULTI run at EXEC, pushes inside the EXEC reply as Redis`, (t) =>
      withPair(async (pair) => {
        await pair.reset()
        const run = async (a: RawClient, b: RawClient): Promise<string[]> => {
          if (proto === 3) await a.call('HELLO', '3')
          const show = (bs: Buffer[]): string[] => bs.map((x) => x.toString('latin1'))
          const out = show(
            await runAndSync(a, [
              ['MULTI'],
              ['SUBSCRIBE', 'a'],
              ['SET', 'k', 'v'],
              ['PUBLISH', 'a', 'x'],
              ['GET', 'k'],
              ['EXEC'],
            ]),
          )
          out.push((await b.call('PUBLISH', 'a', 'from outside')).toString('latin1'))
          out.push(
            ...show(
              await runAndSync(a, [
                ['GET', 'k'],
                ['MULTI'],
                ['UNSUBSCRIBE'],
                ['PUBLISH', 'a', 'y'],
                ['EXEC'],
              ]),
            ),
          )
          return out
        }
        const [c1, c2] = [await pair.connect(), await pair.connect()]
        try {
          const theirs = await run(c1.redis, c2.redis)
          const ours = await run(c1.redoubt, c2.redoubt)
          assert.deepEqual(ours, theirs)
        } finally {
          await Promise.all([c1.redis.close(), c1.redoubt.close(), c2.redis.close(), c2.redoubt.close()])
        }
      }, t))
  }
})

describe('pub/sub and CLIENT REPLY', () => {
  for (const proto of [2, 3] as const) {
    it(`RESP${proto}: confirmations and messages are sent even under CLIENT REPLY OFF and SKIP`, (t) =>
      withPair(async (pair) => {
        await pair.reset()
        /** Runs the scenario on one server; returns what the subscriber received. */
        const run = async (a: RawClient, b: RawClient): Promise<string[]> => {
          if (proto === 3) await a.call('HELLO', '3')
          // RESP2 refuses CLIENT REPLY while subscribed, so each phase ends unsubscribed.
          a.send(['CLIENT', 'REPLY', 'OFF'])
          a.send(['SUBSCRIBE', 'quiet'])
          a.send(['PSUBSCRIBE', 'qu*'])
          await b.call('PING')
          await b.call('PUBLISH', 'quiet', 'm1')
          a.send(['UNSUBSCRIBE', 'quiet'])
          a.send(['PUNSUBSCRIBE'])
          a.send(['CLIENT', 'REPLY', 'ON'])
          a.send(['CLIENT', 'REPLY', 'SKIP'])
          a.send(['SUBSCRIBE', 'quiet'])
          await b.call('PING')
          await b.call('PUBLISH', 'quiet', 'm2')
          a.send(['UNSUBSCRIBE'])
          a.send(['PING', 'end'])
          const out: string[] = []
          for (;;) {
            const r = (await a.read()).toString('latin1')
            if (r.includes('end')) return out
            out.push(r)
          }
        }
        const [c1, c2] = [await pair.connect(), await pair.connect()]
        try {
          const theirs = await run(c1.redis, c2.redis)
          const ours = await run(c1.redoubt, c2.redoubt)
          assert.deepEqual(ours, theirs)
          assert.ok(theirs.length >= 6)
        } finally {
          await Promise.all([c1.redis.close(), c1.redoubt.close(), c2.redis.close(), c2.redoubt.close()])
        }
      }, t))
  }
})

describe('pub/sub argument errors', () => {
  it('wrong arity and unknown PUBSUB subcommands reply Redis’s errors', (t) =>
    diffScript(t, [
      ['SUBSCRIBE'],
      ['PSUBSCRIBE'],
      ['SSUBSCRIBE'],
      ['PUBLISH', 'a'],
      ['PUBLISH', 'a', 'b', 'c'],
      ['SPUBLISH', 'a'],
      ['PUBSUB'],
      ['PUBSUB', 'FOO'],
      ['PUBSUB', 'CHANNELS', 'a', 'b'],
      ['PUBSUB', 'SHARDCHANNELS', 'a', 'b'],
      ['PUBSUB', 'NUMPAT', 'x'],
      ['PUBSUB', 'HELP', 'x'],
      ['pubsub', 'numsub'],
      ['pubsub', 'channels'],
      sameShape('PUBSUB', 'HELP'),
      ['PUBLISH', 'nobody', 'x'],
      ['SPUBLISH', 'nobody', 'x'],
    ]))
  it('the same errors in RESP3', (t) =>
    diffScript(
      t,
      [['PUBSUB', 'NUMSUB', 'a', 'b'], ['PUBSUB', 'CHANNELS'], ['PUBSUB', 'FOO'], ['SUBSCRIBE']],
      {
        resp3: true,
      },
    ))
})

/**
 * What ACL changes do to live connections, against redis-server 7.0: ACL DELUSER closes the
 * user's connections (its own after the reply), ACL SETUSER closes pub/sub clients that lose
 * a subscribed channel or pattern and leaves the others, and 'off' or a password change
 * leaves connections open. Each scenario runs on both servers and the outcomes must match.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type DiffPair, diffSuite } from '../helpers/diff.js'
import type { RawClient } from '../helpers/raw-client.js'

const { withPair } = diffSuite({ reset: [['FLUSHALL'], ['ACL', 'DELUSER', 'bob', 'carl']] })

/** 'closed' when the server closed the connection within 300 ms, else 'open'. */
async function state(c: RawClient): Promise<string> {
  try {
    await c.closed(300)
    return 'closed'
  } catch {
    return 'open'
  }
}

type Scenario = (admin: RawClient, a: RawClient, b: RawClient) => Promise<string[]>

async function onBoth(pair: DiffPair, scenario: Scenario): Promise<void> {
  const results: string[][] = []
  for (let side = 0; side < 2; side++) {
    const conns = await Promise.all([pair.connect(), pair.connect(), pair.connect()])
    const pick = (i: number): RawClient => (side === 0 ? conns[i]!.redis : conns[i]!.redoubt)
    const out = await scenario(pick(0), pick(1), pick(2))
    results.push(out)
    for (const c of conns) {
      await c.redis.close()
      await c.redoubt.close()
    }
    await pick(0).close()
  }
  assert.deepEqual(results[1], results[0], 'redoubt (second) differs from redis-server (first)')
}

const text = async (p: Promise<Buffer>): Promise<string> => (await p).toString('latin1')

describe('ACL changes and live connections, against redis-server', () => {
  it('ACL DELUSER closes the connections of the user, its own after the reply', (t) =>
    withPair(async (pair) => {
      await onBoth(pair, async (admin, a, b) => [
        await text(admin.call('ACL', 'SETUSER', 'bob', 'on', '>pw', '~*', '+@all')),
        await text(a.call('AUTH', 'bob', 'pw')),
        await text(b.call('AUTH', 'bob', 'pw')),
        await text(admin.call('ACL', 'DELUSER', 'bob')),
        await state(a),
        await state(b),
        await text(admin.call('ACL', 'SETUSER', 'carl', 'on', '>pw', '~*', '+@all')),
        await text(admin.call('AUTH', 'carl', 'pw')),
        await text(admin.call('ACL', 'DELUSER', 'carl')),
        await state(admin),
      ])
    }, t))

  it('SETUSER off or a new password leaves connections open', (t) =>
    withPair(async (pair) => {
      await onBoth(pair, async (admin, a) => [
        await text(admin.call('ACL', 'SETUSER', 'bob', 'on', '>pw', '~*', '+@all')),
        await text(a.call('AUTH', 'bob', 'pw')),
        await text(admin.call('ACL', 'SETUSER', 'bob', 'off', 'resetpass', '>other')),
        await state(a),
        await text(a.call('PING')),
        await text(admin.call('ACL', 'SETUSER', 'bob', '-ping')),
        await text(a.call('PING')),
      ])
    }, t))

  it('SETUSER closes subscribers that lose a channel or pattern, not the others', (t) =>
    withPair(async (pair) => {
      await onBoth(pair, async (admin, a, b) => {
        const out = [
          await text(admin.call('ACL', 'SETUSER', 'bob', 'on', '>pw', '~*', '&ch*', '&news', '+@all')),
          await text(a.call('AUTH', 'bob', 'pw')),
          await text(b.call('AUTH', 'bob', 'pw')),
          await text(a.call('SUBSCRIBE', 'news')),
          await text(b.call('PSUBSCRIBE', 'ch*')),
          // Still allowed: both stay.
          await text(admin.call('ACL', 'SETUSER', 'bob', '&more')),
          await state(a),
          await state(b),
          // 'news' no longer allowed: a goes, b (pattern ch* still listed) stays.
          await text(admin.call('ACL', 'SETUSER', 'bob', 'resetchannels', '&ch*')),
          await state(a),
          await state(b),
          // The pattern must be listed literally: '&ch1' does not cover 'ch*'.
          await text(admin.call('ACL', 'SETUSER', 'bob', 'resetchannels', '&ch1')),
          await state(b),
        ]
        return out
      })
    }, t))
})

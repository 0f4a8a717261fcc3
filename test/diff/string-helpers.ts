/**
 * Helpers of the string and bitmap differential tests: skip conditions for steps that need
 * commands of other families (TTL, a list or hash to provoke WRONGTYPE) until redoubt has
 * them, and a comparison of keyspace notifications.
 */

import type { DiffSuite, Step, TestLike } from '../helpers/diff.js'

type WithPair = DiffSuite['withPair']

/** True when redoubt knows command 'name' (it answers anything but "unknown command"). */
async function redoubtKnows(withPair: WithPair, t: TestLike, name: string): Promise<boolean | undefined> {
  return withPair(async (pair) => {
    const { redis, redoubt } = await pair.connect()
    try {
      const reply = (await redoubt.call(name)).toString('latin1')
      return !reply.startsWith('-ERR unknown command')
    } finally {
      await Promise.all([redis.close(), redoubt.close()])
    }
  }, t)
}

/**
 * True when redoubt has command 'name'; otherwise skips 't' (the test needs a command of
 * another family that is not there yet) and returns false.
 */
export async function supports(withPair: WithPair, t: TestLike, name: string): Promise<boolean> {
  const known = await redoubtKnows(withPair, t, name)
  if (known === undefined) return false
  if (!known) t.skip(`redoubt has no ${name.toUpperCase()} yet`)
  return known
}

/**
 * A step creating 'key' as a non-string value with the first of RPUSH, SADD, HSET, ZADD that
 * redoubt has; null (after skipping 't') when it has none of them.
 */
export async function otherTypeKey(withPair: WithPair, t: TestLike, key: string): Promise<Step | null> {
  const candidates: Step[] = [
    ['RPUSH', key, 'x'],
    ['SADD', key, 'x'],
    ['HSET', key, 'f', 'v'],
    ['ZADD', key, '1', 'x'],
  ]
  for (const step of candidates) {
    const name = String((step as readonly string[])[0])
    const known = await redoubtKnows(withPair, t, name.toLowerCase())
    if (known === undefined) return null
    if (known) return step
  }
  t.skip('redoubt has no list, set, hash or sorted set command yet')
  return null
}

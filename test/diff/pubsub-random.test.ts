/**
 * Seeded random pub/sub sequences against redis-server: four connections (RESP2 and RESP3)
 * subscribe, unsubscribe, publish and inspect at random over small sets of channels, patterns
 * and shard channels, and every reply and delivered message is compared after each step.
 * Where Redis walks a hash table (UNSUBSCRIBE with no argument, several matching patterns,
 * PUBSUB CHANNELS) the order is not compared, everything else is byte for byte.
 * Replay a failure with REDOUBT_SEED=<seed>.
 */

import { describe, it } from 'node:test'
import { diffSuite } from '../helpers/diff.js'
import { createPrng, type Prng, testSeed } from '../helpers/prng.js'
import { MultiClients, type MultiStepOptions } from './multi-client.js'

const { withPair } = diffSuite()

const CHANNELS = ['a', 'b', 'ab', 'news.x', 'news.y', '\xff\x00bin']
const PATTERNS = ['a*', '?b', 'news.*', '*', '[ab]', 'zz*']
const SHARDS = ['s1', 's2', 'a']
const CLIENTS = 4

function some(rng: Prng, items: readonly string[], max: number): string[] {
  const n = rng.range(1, max)
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(rng.pick(items))
  return out
}

/** One random step: [client, argv, options]. */
function randomStep(rng: Prng): [number, string[], MultiStepOptions] {
  const client = rng.int(CLIENTS)
  const r = rng.int(100)
  if (r < 15) return [client, ['SUBSCRIBE', ...some(rng, CHANNELS, 3)], {}]
  if (r < 25) return [client, ['PSUBSCRIBE', ...some(rng, PATTERNS, 2)], {}]
  if (r < 31) return [client, ['SSUBSCRIBE', ...some(rng, SHARDS, 2)], {}]
  if (r < 37) return [client, ['UNSUBSCRIBE', ...some(rng, CHANNELS, 2)], {}]
  if (r < 40) return [client, ['UNSUBSCRIBE'], { namesUnordered: true }]
  if (r < 44) return [client, ['PUNSUBSCRIBE', ...some(rng, PATTERNS, 2)], {}]
  if (r < 46) return [client, ['PUNSUBSCRIBE'], { namesUnordered: true }]
  if (r < 49) return [client, ['SUNSUBSCRIBE', ...some(rng, SHARDS, 2)], {}]
  if (r < 50) return [client, ['SUNSUBSCRIBE'], { namesUnordered: true }]
  if (r < 72) return [client, ['PUBLISH', rng.pick(CHANNELS), `m${rng.int(1000)}`], { unordered: true }]
  if (r < 78) return [client, ['SPUBLISH', rng.pick(SHARDS), `s${rng.int(1000)}`], {}]
  if (r < 81) return [client, ['PUBSUB', 'NUMSUB', ...some(rng, CHANNELS, 3)], {}]
  if (r < 83) return [client, ['PUBSUB', 'SHARDNUMSUB', ...some(rng, SHARDS, 2)], {}]
  if (r < 85) return [client, ['PUBSUB', 'NUMPAT'], {}]
  if (r < 88) return [client, ['PUBSUB', 'CHANNELS', rng.pick(['*', 'a*', 'news.*'])], { unordered: true }]
  if (r < 90) return [client, ['PUBSUB', 'SHARDCHANNELS'], { unordered: true }]
  if (r < 94) return [client, ['PING', ...(rng.bool() ? [] : ['hi'])], {}]
  if (r < 97) return [client, ['GET', 'k'], {}]
  return [client, ['RESET'], {}]
}

describe('random pub/sub sequences', () => {
  for (const [n, seed] of [
    [1, 101],
    [2, 202],
    [3, 303],
  ] as const) {
    it(`random sequence ${n}: 400 steps on four clients behave as on redis-server`, (t) =>
      withPair(async (pair) => {
        const actualSeed = testSeed(seed)
        const rng = createPrng(actualSeed)
        await pair.reset()
        const m = await MultiClients.open(
          pair,
          [2, 3, 2, 3],
          `seed ${actualSeed} (REDOUBT_SEED=${actualSeed})`,
        )
        try {
          for (let i = 0; i < 400; i++) {
            const [client, argv, opts] = randomStep(rng)
            // RESET returns a RESP3 client to RESP2: switch it back so the mix stays.
            await m.step(client, argv, opts)
            if (argv[0] === 'RESET' && client % 2 === 1) {
              // The HELLO reply carries the client id, which differs: only the switch matters.
              await Promise.all([m.redis[client]!.call('HELLO', '3'), m.redoubt[client]!.call('HELLO', '3')])
            }
          }
        } finally {
          await m.close()
        }
      }, t))
  }
})

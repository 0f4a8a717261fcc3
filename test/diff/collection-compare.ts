/**
 * Comparators of the hash and set differential tests for replies Redis does not fix: random
 * samples (HRANDFIELD, SRANDMEMBER, SPOP: same shape on both servers, every element drawn from
 * the collection, distinct when they must be, values paired with their fields) and single
 * SCAN-family replies that cover a whole hash table (cursor 0 on both, elements in any order).
 */

import type { CompareMode, DiffPair } from '../helpers/diff.js'
import { decodeReply, type Reply, ReplyError, replyShape } from '../helpers/resp-decode.js'

/** How the elements of a sample are laid out. */
export type SampleLayout = 'single' | 'flat-pairs' | 'nested-pairs'

function checkSample(
  raw: Buffer,
  pool: ReadonlyMap<string, string> | ReadonlySet<string>,
  unique: boolean,
  layout: SampleLayout,
): string | undefined {
  const v = decodeReply(raw, { encoding: 'latin1' })
  if (v === null || v instanceof ReplyError) return undefined
  const items: Reply[] = Array.isArray(v) ? v : [v]
  const fields: string[] = []
  const values: (string | undefined)[] = []
  if (layout === 'flat-pairs') {
    for (let i = 0; i < items.length; i += 2) {
      fields.push(String(items[i]))
      values.push(String(items[i + 1]))
    }
  } else if (layout === 'nested-pairs') {
    for (const pair of items) {
      if (!Array.isArray(pair) || pair.length !== 2) return 'a WITHVALUES element is not a pair'
      fields.push(String(pair[0]))
      values.push(String(pair[1]))
    }
  } else {
    for (const it of items) {
      fields.push(String(it))
      values.push(undefined)
    }
  }
  const seen = new Set<string>()
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as string
    if (pool instanceof Map) {
      if (!pool.has(f)) return `'${f}' is not a field of the hash`
      if (values[i] !== undefined && pool.get(f) !== values[i]) return `'${f}' came with a wrong value`
    } else if (!(pool as ReadonlySet<string>).has(f)) {
      return `'${f}' is not a member of the set`
    }
    if (unique && seen.has(f)) return `'${f}' was returned twice`
    seen.add(f)
  }
  return undefined
}

/**
 * A random sample from 'pool' (the collection's content when the command runs): both replies
 * have the same shape, and each one's elements belong to 'pool' (with their values), without
 * repeats when 'unique'.
 */
export function sampleOf(
  pool: ReadonlyMap<string, string> | ReadonlySet<string>,
  unique: boolean,
  layout: SampleLayout = 'single',
): CompareMode {
  return (redis, redoubt) => {
    const [a, b] = [replyShape(redis), replyShape(redoubt)]
    if (a !== b) return `reply shapes differ: ${a} vs ${b}`
    const theirs = checkSample(redis, pool, unique, layout)
    if (theirs) return `redis-server's sample is wrong (the test's model is): ${theirs}`
    const ours = checkSample(redoubt, pool, unique, layout)
    return ours ? `redoubt: ${ours}` : undefined
  }
}

/** Flattens a SCAN-family reply: [cursor, elements]. */
function scanParts(raw: Buffer): [string, string[]] | null {
  const v = decodeReply(raw, { encoding: 'latin1' })
  if (!Array.isArray(v) || v.length !== 2 || !Array.isArray(v[1])) return null
  return [String(v[0]), v[1].map(String)]
}

/**
 * One HSCAN/SSCAN reply expected to cover the whole collection: cursor "0" on both servers and
 * the same elements (field/value pairs for 'pairs') in any order.
 */
export function wholeScan(pairs: boolean): CompareMode {
  return (redis, redoubt) => {
    if (redis.equals(redoubt)) return undefined
    const [a, b] = [scanParts(redis), scanParts(redoubt)]
    if (a === null || b === null) return redis.equals(redoubt) ? undefined : 'replies differ'
    if (a[0] !== '0') return `redis-server's cursor is ${a[0]}: the step does not cover the collection`
    if (b[0] !== '0') return `redoubt's cursor is ${b[0]}, expected 0`
    const group = (xs: string[]): string[] => {
      const out: string[] = []
      for (let i = 0; i < xs.length; i += pairs ? 2 : 1)
        out.push(pairs ? `${xs[i]}=${xs[i + 1]}` : (xs[i] as string))
      return out.sort()
    }
    return group(a[1]).join('\n') === group(b[1]).join('\n') ? undefined : 'elements differ (in any order)'
  }
}

/**
 * Iterates 'argv' (HSCAN/SSCAN key, with the cursor at index 2) to completion on one server
 * over 'client'; returns every element seen (pairs joined as "field=value") and the number of
 * calls. Stops with an error after 'maxCalls' calls.
 */
export async function scanToEnd(
  client: Awaited<ReturnType<DiffPair['connect']>>['redis'],
  argv: string[],
  pairs: boolean,
  maxCalls = 100_000,
): Promise<{ items: string[]; calls: number }> {
  const items: string[] = []
  let cursor = '0'
  let calls = 0
  do {
    const args = argv.slice()
    args[2] = cursor
    const parts = scanParts(await client.call(...args))
    if (parts === null) throw new Error(`${argv[0]} did not return [cursor, elements]`)
    cursor = parts[0]
    const xs = parts[1]
    for (let i = 0; i < xs.length; i += pairs ? 2 : 1)
      items.push(pairs ? `${xs[i]}=${xs[i + 1]}` : (xs[i] as string))
    if (++calls > maxCalls) throw new Error(`${argv[0]} did not finish in ${maxCalls} calls`)
  } while (cursor !== '0')
  return { items, calls }
}

/**
 * Every command redoubt has describes itself as redis-server does (CONVENTIONS.md B8):
 * - COMMAND INFO <name> is byte-for-byte redis-server's reply, in RESP2 and RESP3, for each
 *   command and subcommand (redis-server lists subcommands in a random hash order per
 *   process, so they are matched by name; a container may implement only some of them);
 * - COMMAND COUNT, COMMAND LIST, COMMAND INFO and LIST FILTERBY agree with one another and
 *   with redis-server on the commands redoubt has;
 * - COMMAND DOCS keeps Redis's fields and order for the fields a spec declares: since, group,
 *   doc flags and arguments equal redis-server's, while summaries are our own words.
 */

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { allCommandSpecs } from '../../src/server/command-families.js'
import { RawClient } from '../helpers/raw-client.js'
import { type RealRedis, redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { type RedoubtHandle, startRedoubt } from '../helpers/redoubt.js'
import { decodeReply, parseReply, type Reply, type RespNode } from '../helpers/resp-decode.js'

const skip = redisServerSkip()

interface Side {
  resp2: RawClient
  resp3: RawClient
}

async function open(port: number): Promise<Side> {
  const resp2 = await RawClient.connect(port, '127.0.0.1', { timeoutMs: 10_000 })
  const resp3 = await RawClient.connect(port, '127.0.0.1', { timeoutMs: 10_000 })
  await resp3.call('HELLO', '3')
  return { resp2, resp3 }
}

const text = (n: RespNode | undefined): string => n?.payload?.toString('latin1') ?? ''

/** A map node's entries as [key, value node] pairs. */
function entries(node: RespNode): [string, RespNode][] {
  const items = node.items ?? []
  const out: [string, RespNode][] = []
  for (let i = 0; i + 1 < items.length; i += 2) out.push([text(items[i]), items[i + 1]!])
  return out
}

/**
 * Compares one COMMAND INFO entry: the nine fields before the subcommands byte for byte,
 * then each of our subcommands with redis-server's of the same name.
 */
function compareInfoEntry(
  name: string,
  redis: RespNode,
  ours: RespNode,
  problems: string[],
  extra: string[],
): void {
  if (redis.isNull) {
    extra.push(name)
    return
  }
  if (ours.isNull) {
    problems.push(`${name}: redoubt answers null`)
    return
  }
  const r = redis.items ?? []
  const o = ours.items ?? []
  if (o.length !== 10) {
    problems.push(`${name}: redoubt's entry has ${o.length} fields`)
    return
  }
  const labels = [
    'name',
    'arity',
    'flags',
    'first key',
    'last key',
    'step',
    'ACL categories',
    'tips',
    'key specs',
  ]
  for (let i = 0; i < 9; i++) {
    if (!r[i]!.raw.equals(o[i]!.raw)) {
      problems.push(
        `${name} ${labels[i]}: redis ${JSON.stringify(text(r[i]) || r[i]!.raw.toString('latin1'))}` +
          ` redoubt ${JSON.stringify(text(o[i]) || o[i]!.raw.toString('latin1'))}`,
      )
    }
  }
  const rsubs = new Map((r[9]!.items ?? []).map((n) => [text(n.items?.[0]), n]))
  const osubs = o[9]!.items ?? []
  if (osubs.length === 0 && rsubs.size === 0 && !r[9]!.raw.equals(o[9]!.raw)) {
    problems.push(
      `${name} subcommands: redis ${r[9]!.raw.toString('latin1')} redoubt ${o[9]!.raw.toString('latin1')}`,
    )
  }
  if (osubs.length > 0 && r[9]!.type !== o[9]!.type)
    problems.push(`${name} subcommands: aggregate types differ`)
  for (const sub of osubs) {
    const subName = text(sub.items?.[0])
    const theirs = rsubs.get(subName)
    if (theirs === undefined) extra.push(subName)
    else compareInfoEntry(subName, theirs, sub, problems, extra)
  }
}

/** The Redis release redoubt answers as; later additions (DESIGN.md 1a) are not compared. */
const REDIS_VERSION = [7, 0, 15]

function isLater(version: string): boolean {
  const v = version.split('.').map(Number)
  for (let i = 0; i < 3; i++) {
    const d = (v[i] ?? 0) - REDIS_VERSION[i]!
    if (d !== 0) return d > 0
  }
  return false
}

/** A decoded DOCS value as JSON, leaving out arguments added after Redis 7.0. */
function withoutLaterArgs(value: Reply): unknown {
  if (value instanceof Map) {
    return [...value].map(([k, v]) => [k, withoutLaterArgs(v)])
  }
  if (Array.isArray(value)) {
    return value
      .filter(
        (v) => !(v instanceof Map && typeof v.get('since') === 'string' && isLater(v.get('since') as string)),
      )
      .map(withoutLaterArgs)
  }
  return value
}

/** COMMAND DOCS fields in Redis's order. */
const DOC_FIELDS = [
  'summary',
  'since',
  'group',
  'complexity',
  'module',
  'doc_flags',
  'deprecated_since',
  'replaced_by',
  'history',
  'arguments',
  'subcommands',
]

function compareDocs(name: string, redis: RespNode, ours: RespNode, problems: string[]): void {
  const r = new Map(entries(redis))
  const o = entries(ours)
  const order = o.map(([k]) => DOC_FIELDS.indexOf(k))
  if (order.some((i, j) => i < 0 || (j > 0 && i <= order[j - 1]!))) {
    problems.push(`${name}: fields ${o.map(([k]) => k)} are not in Redis's order`)
  }
  for (const [field, value] of o) {
    const theirs = r.get(field)
    if (theirs === undefined) {
      problems.push(`${name}: redis-server has no '${field}'`)
      continue
    }
    switch (field) {
      case 'summary':
        if (text(value) === '') problems.push(`${name}: empty summary`)
        if (text(value) === text(theirs)) problems.push(`${name}: summary copied from Redis; write our own`)
        break
      case 'complexity':
      case 'replaced_by': // prose: our own words, like the summary
        break
      case 'history': {
        const versions = (n: RespNode): string =>
          (n.items ?? [])
            .map((h) => text(h.items?.[0]))
            .filter((v) => !isLater(v))
            .join(',')
        if (versions(value) !== versions(theirs)) {
          problems.push(`${name}: history versions ${versions(value)}, redis ${versions(theirs)}`)
        }
        for (const h of value.items ?? []) {
          const mine = text(h.items?.[1])
          if ((theirs.items ?? []).some((t) => text(t.items?.[1]) === mine)) {
            problems.push(`${name}: history text copied from Redis; write our own`)
          }
        }
        break
      }
      case 'arguments': {
        const [mine, redis] = [decodeReply(value.raw), decodeReply(theirs.raw)].map(withoutLaterArgs)
        if (JSON.stringify(mine) !== JSON.stringify(redis)) {
          problems.push(
            `${name} arguments:\n  redis   ${JSON.stringify(redis)}\n  redoubt ${JSON.stringify(mine)}`,
          )
        }
        break
      }
      case 'subcommands': {
        const theirSubs = new Map(entries(theirs))
        for (const [subName, sub] of entries(value)) {
          const t = theirSubs.get(subName)
          if (t !== undefined) compareDocs(subName, t, sub, problems)
        }
        break
      }
      default:
        if (!value.raw.equals(theirs.raw)) {
          problems.push(
            `${name} ${field}: redis ${theirs.raw.toString('latin1')} redoubt ${value.raw.toString('latin1')}`,
          )
        }
    }
  }
  for (const required of ['summary', 'since', 'group']) {
    if (r.has(required) && !o.some(([k]) => k === required)) problems.push(`${name}: no '${required}'`)
  }
}

describe('COMMAND metadata matches redis-server', { skip }, () => {
  let redis: RealRedis
  let redoubt: RedoubtHandle
  let theirs: Side
  let ours: Side
  /** Everything redoubt's COMMAND LIST names, subcommands included. */
  let names: string[] = []

  before(async () => {
    redis = await startRealRedis()
    redoubt = await startRedoubt()
    theirs = await open(redis.port)
    ours = await open(redoubt.port)
    names = decodeReply(await ours.resp2.call('COMMAND', 'LIST')) as string[]
  })
  after(async () => {
    for (const s of [theirs, ours]) {
      await s?.resp2.close()
      await s?.resp3.close()
    }
    await redoubt?.close()
    await redis?.stop()
  })

  for (const resp of [2, 3] as const) {
    test(`COMMAND INFO of every command redoubt has equals redis-server's (RESP${resp})`, async (t) => {
      assert.ok(names.length > 0)
      const problems: string[] = []
      const extra: string[] = []
      for (const name of names) {
        const [r, o] = await Promise.all([
          theirs[`resp${resp}`].call('COMMAND', 'INFO', name),
          ours[`resp${resp}`].call('COMMAND', 'INFO', name),
        ])
        const rn = parseReply(r).items?.[0]
        const on = parseReply(o).items?.[0]
        assert.ok(
          rn !== undefined && on !== undefined,
          `${name}: COMMAND INFO must answer an array of one entry`,
        )
        compareInfoEntry(name, rn, on, problems, extra)
      }
      // Commands Redis 7.0 lacks (later additions redoubt may offer) have nothing to compare with.
      if (extra.length > 0) t.diagnostic(`not in redis-server 7.0: ${[...new Set(extra)].join(' ')}`)
      assert.deepEqual(problems, [])
    })
  }

  test('COMMAND COUNT, LIST and INFO agree with one another', async () => {
    const top = names.filter((n) => !n.includes('|'))
    assert.equal(new Set(names).size, names.length, 'COMMAND LIST names a command twice')
    assert.equal(decodeReply(await ours.resp2.call('COMMAND', 'COUNT')), top.length)
    const all = decodeReply(await ours.resp2.call('COMMAND', 'INFO')) as Reply[][]
    assert.deepEqual(all.map((e) => e[0]).sort(), [...top].sort())
    const bare = decodeReply(await ours.resp2.call('COMMAND')) as Reply[][]
    assert.deepEqual(bare.map((e) => e[0]).sort(), [...top].sort())
    const subs = all.flatMap((e) => (e[9] as Reply[][]).map((s) => s[0] as string))
    assert.deepEqual(subs.sort(), names.filter((n) => n.includes('|')).sort())
    const docs = decodeReply(await ours.resp3.call('COMMAND', 'DOCS')) as Map<Reply, Reply>
    assert.deepEqual([...docs.keys()].sort(), [...top].sort())
    // ... and with the specs the table is built from.
    const specs = allCommandSpecs()
    assert.deepEqual(specs.map((s) => s.name).sort(), [...top].sort())
    const specSubs = specs.flatMap((s) => (s.subcommands ?? []).map((sub) => `${s.name}|${sub.name}`))
    assert.deepEqual(specSubs.sort(), subs)
  })

  test('COMMAND LIST FILTERBY ACLCAT and PATTERN select what redis-server selects among our commands', async () => {
    const known = new Set(decodeReply(await theirs.resp2.call('COMMAND', 'LIST')) as string[])
    const have = new Set(names)
    const problems: string[] = []
    const cats = decodeReply(await theirs.resp2.call('ACL', 'CAT')) as string[]
    const filters: [string, string][] = [
      ...cats.map((c): [string, string] => ['ACLCAT', c]),
      ['ACLCAT', 'NoSuchCategory'],
      ['ACLCAT', 'CONNECTION'],
      ['ACLCAT', '@connection'],
      ['PATTERN', 'c*'],
      ['PATTERN', '*|*'],
      ['PATTERN', 'CONFIG|?ET'],
      ['PATTERN', '[a-f]*'],
      ['MODULE', 'none'],
    ]
    for (const [kind, arg] of filters) {
      const [r, o] = await Promise.all([
        theirs.resp2.callDecoded('COMMAND', 'LIST', 'FILTERBY', kind, arg),
        ours.resp2.callDecoded('COMMAND', 'LIST', 'FILTERBY', kind, arg),
      ])
      const want = (r as string[]).filter((n) => have.has(n)).sort()
      const got = (o as string[]).filter((n) => known.has(n)).sort()
      if (want.join(' ') !== got.join(' '))
        problems.push(`FILTERBY ${kind} ${arg}: redis [${want}] redoubt [${got}]`)
    }
    assert.deepEqual(problems, [])
  })

  test('COMMAND DOCS follows Redis for every field a command declares, in our own words', async () => {
    const problems: string[] = []
    for (const name of names.filter((n) => !n.includes('|'))) {
      const [r, o] = await Promise.all([
        theirs.resp3.call('COMMAND', 'DOCS', name),
        ours.resp3.call('COMMAND', 'DOCS', name),
      ])
      const rn = parseReply(r)
      const on = parseReply(o)
      const theirDoc = entries(rn)[0]
      const ourDoc = entries(on)[0]
      if (ourDoc === undefined || ourDoc[0] !== name) {
        problems.push(`${name}: COMMAND DOCS does not answer a map keyed by the name`)
        continue
      }
      if (theirDoc === undefined) continue // a command redis-server does not have
      compareDocs(name, theirDoc[1], ourDoc[1], problems)
    }
    assert.deepEqual(problems, [])
  })
})

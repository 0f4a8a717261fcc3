/**
 * Key-spec derivations checked against every command of redis-server, not only the ones
 * redoubt has yet: each command's key specs are read from redis-server's COMMAND INFO, and
 * - the legacy first/last/step and the movablekeys flag derived by key-extraction.ts must be
 *   what redis-server prints for that command;
 * - the keys key-extraction.ts finds in generated command lines must be the keys (and flags)
 *   COMMAND GETKEYSANDFLAGS returns, whenever redis-server decides by the key specs.
 * This is the ACL-bypass guard of CONVENTIONS.md B7 (CVE-2023-41053).
 */

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { extractKeys, keysFromKeySpecs, legacyKeyRange } from '../../src/commands/key-extraction.js'
import type { BeginSearch, CommandSpec, FindKeys, KeySpec, KeySpecFlag } from '../../src/commands/spec.js'
import { createPrng } from '../helpers/prng.js'
import { RawClient } from '../helpers/raw-client.js'
import { type RealRedis, redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { decodeReply, type Reply, ReplyError } from '../helpers/resp-decode.js'

/** Commands that have a getkeys proc in redis 7.0: it, not the specs, may decide their keys. */
const HAS_GETKEYS_PROC = new Set([
  'zunionstore',
  'zinterstore',
  'zdiffstore',
  'zunion',
  'zinter',
  'zdiff',
  'zintercard',
  'sintercard',
  'eval',
  'evalsha',
  'eval_ro',
  'evalsha_ro',
  'fcall',
  'fcall_ro',
  'lmpop',
  'blmpop',
  'zmpop',
  'bzmpop',
  'sort',
  'sort_ro',
  'migrate',
  'georadius',
  'georadiusbymember',
  'xread',
  'xreadgroup',
  'set',
  'bitfield',
])

interface RedisCommand {
  name: string
  arity: number
  flags: string[]
  first: number
  last: number
  step: number
  spec: CommandSpec
}

function asMap(r: Reply): Map<Reply, Reply> {
  assert.ok(r instanceof Map, 'expected a map')
  return r
}

function parseKeySpec(r: Reply): KeySpec {
  const m = asMap(r)
  const flags = (m.get('flags') as string[]).map((f) => f.toUpperCase() as KeySpecFlag)
  const bs = asMap(m.get('begin_search')!)
  const bspec = asMap(bs.get('spec')!)
  let begin: BeginSearch = 'unknown'
  if (bs.get('type') === 'index') begin = { index: bspec.get('index') as number }
  else if (bs.get('type') === 'keyword') {
    begin = { keyword: bspec.get('keyword') as string, startfrom: bspec.get('startfrom') as number }
  }
  const fk = asMap(m.get('find_keys')!)
  const fspec = asMap(fk.get('spec')!)
  let find: FindKeys = 'unknown'
  if (fk.get('type') === 'range') {
    find = {
      range: [fspec.get('lastkey') as number, fspec.get('keystep') as number, fspec.get('limit') as number],
    }
  } else if (fk.get('type') === 'keynum') {
    find = {
      keynum: [
        fspec.get('keynumidx') as number,
        fspec.get('firstkey') as number,
        fspec.get('keystep') as number,
      ],
    }
  }
  return { flags, begin, find }
}

/** Every command and subcommand of a decoded RESP3 COMMAND INFO reply. */
function parseInfo(entries: Reply[], out: RedisCommand[]): void {
  for (const e of entries) {
    const a = e as Reply[]
    const flags = a[2] as string[]
    const spec: CommandSpec = {
      name: a[0] as string,
      group: 'generic',
      since: '1.0.0',
      summary: '',
      arity: a[1] as number,
      flags: flags.filter((f) => f !== 'movablekeys') as CommandSpec['flags'],
      keys: (a[8] as Reply[]).map(parseKeySpec),
    }
    out.push({
      name: spec.name,
      arity: spec.arity,
      flags,
      first: a[3] as number,
      last: a[4] as number,
      step: a[5] as number,
      spec,
    })
    parseInfo(a[9] as Reply[], out)
  }
}

const skip = redisServerSkip()

describe('key specs read from redis-server', { skip }, () => {
  let redis: RealRedis
  let client: RawClient
  const commands: RedisCommand[] = []

  before(async () => {
    redis = await startRealRedis()
    client = await RawClient.connect(redis.port, '127.0.0.1', { timeoutMs: 10_000 })
    await client.call('HELLO', '3')
    parseInfo(decodeReply(await client.call('COMMAND', 'INFO')) as Reply[], commands)
  })
  after(async () => {
    await client?.close()
    await redis?.stop()
  })

  test('the legacy key range and movablekeys derived from the specs are what redis prints', () => {
    assert.ok(commands.length > 300, `only ${commands.length} commands read`)
    const problems: string[] = []
    for (const c of commands) {
      const r = legacyKeyRange(c.spec)
      const got = `${r.first} ${r.last} ${r.step} movable=${r.movable}`
      const want = `${c.first} ${c.last} ${c.step} movable=${c.flags.includes('movablekeys')}`
      if (got !== want) problems.push(`${c.name}: derived ${got}, redis ${want}`)
    }
    assert.deepEqual(problems, [])
  })

  test('keys found from the key specs match COMMAND GETKEYSANDFLAGS on redis-server', async () => {
    const rng = createPrng(20240707)
    const pool = ['k1', 'k2', 'k3', '0', '1', '2', '3', '-1', 'x', '1x', '']
    const cases: { name: string; argv: string[]; spec: CommandSpec; bySpecs: boolean }[] = []
    for (const c of commands) {
      if (c.spec.keys === undefined || c.spec.keys.length === 0) continue
      const words = [...pool]
      for (const ks of c.spec.keys) {
        if (typeof ks.begin === 'object' && 'keyword' in ks.begin)
          words.push(ks.begin.keyword, ks.begin.keyword.toLowerCase())
      }
      const base = c.name.split('|')
      const min = Math.abs(c.arity)
      for (let n = 0; n < 40; n++) {
        const len = c.arity > 0 ? c.arity : min + rng.int(6)
        const argv = [...base]
        while (argv.length < len) argv.push(rng.pick(words))
        const varFlags = c.spec.keys.some((k) => k.flags.includes('VARIABLE_FLAGS'))
        const bySpecs =
          !HAS_GETKEYS_PROC.has(base[0]!) || (!varFlags && keysFromKeySpecs(c.spec, argv) !== null)
        cases.push({ name: c.name, argv, spec: c.spec, bySpecs })
      }
    }
    for (const k of cases) client.send(['COMMAND', 'GETKEYSANDFLAGS', ...k.argv])
    const problems: string[] = []
    let compared = 0
    for (const k of cases) {
      const reply = decodeReply(await client.read())
      if (!k.bySpecs) continue
      compared++
      const ours = extractKeys(k.spec, k.argv).map((ref) => `${k.argv[ref.pos]}:${ref.flags.join(',')}`)
      let theirs: string[]
      if (reply instanceof ReplyError) {
        if (!reply.message.startsWith('ERR Invalid arguments specified')) continue
        theirs = []
      } else {
        theirs = (reply as Reply[][]).map(
          ([key, flags]) => `${key}:${(flags as string[]).join(',').toUpperCase()}`,
        )
      }
      if (ours.join(' ') !== theirs.join(' ')) {
        problems.push(`${k.argv.map((a) => JSON.stringify(a)).join(' ')}: ours [${ours}] redis [${theirs}]`)
      }
    }
    assert.ok(compared > 5_000, `only ${compared} command lines compared`)
    assert.deepEqual(problems.slice(0, 30), [])
  })
})

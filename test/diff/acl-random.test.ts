/**
 * Random differential test of ACL against redis-server 7.0: seeded random users (rule lists
 * with passwords, key patterns with R/W flags, channels, commands, subcommands, first args,
 * categories, selectors, resets and some invalid rules), then random commands. Every ACL
 * SETUSER reply and every ACL DRYRUN decision must be byte-equal; ACL GETUSER is compared
 * exactly except for command rules, compared as token sets when the user's rules name no
 * category (Redis prints single commands in hash order; with categories the greedy fit
 * depends on the whole command table, which redoubt does not have yet). Replay: REDOUBT_SEED.
 */

import { describe, it } from 'node:test'
import { type CompareMode, diffSuite, type Step } from '../helpers/diff.js'
import { createPrng, type Prng, testSeed } from '../helpers/prng.js'
import { decodeReply, type Reply } from '../helpers/resp-decode.js'

const USERS = 60
const DRYRUNS_PER_USER = 25
const ROUNDS = 5

const { diffScript } = diffSuite({ reset: [['FLUSHALL'], ['ACL', 'LOG', 'RESET']] })

const PATTERNS = ['a*', 'b', 'k?', '[ab]*', 'x:*', '*', '', 'a\\*', 'k[^1]', '*a*']
const CHANNELS = ['ch*', 'news', 'n?ws', '*', 'c[ab]', '']
const COMMANDS = [
  'get',
  'set',
  'del',
  'mget',
  'mset',
  'incr',
  'expire',
  'lpush',
  'rpop',
  'lmove',
  'sadd',
  'smove',
  'hset',
  'hget',
  'zadd',
  'zrangestore',
  'rename',
  'copy',
  'publish',
  'subscribe',
  'psubscribe',
  'ping',
  'flushall',
  'keys',
  'select',
  'exists',
  'getdel',
  'append',
  'multi',
  'exec',
  'info',
]
const SUBCOMMANDS = ['config|get', 'config|set', 'client|id', 'client|kill', 'object|encoding', 'acl|whoami']
const CATEGORIES = [
  'read',
  'write',
  'keyspace',
  'string',
  'list',
  'hash',
  'set',
  'pubsub',
  'admin',
  'dangerous',
  'fast',
  'slow',
  'connection',
  'transaction',
]
const KEYS = ['a', 'ab', 'b', 'k1', 'k2', 'x:1', 'zz', 'a*', '']
const CHANS = ['ch1', 'news', 'nows', 'ca', 'x', 'ch*', '*']

function pick<T>(rng: Prng, list: readonly T[]): T {
  return list[rng.int(list.length)]!
}

/** One random selector-level rule; 'cat' is set when it names a category. */
function selectorRule(rng: Prng, flags: { cat: boolean }): string {
  switch (rng.int(14)) {
    case 0:
      return `~${pick(rng, PATTERNS)}`
    case 1:
      return `%${pick(rng, ['R', 'W', 'RW', 'WR', 'r'])}~${pick(rng, PATTERNS)}`
    case 2:
      return `&${pick(rng, CHANNELS)}`
    case 3:
      return pick(rng, ['allkeys', 'resetkeys', 'allchannels', 'resetchannels'])
    case 4:
    case 5:
    case 6:
      return `${rng.bool() ? '+' : '-'}${pick(rng, COMMANDS)}`
    case 7:
      return `${rng.bool() ? '+' : '-'}${pick(rng, SUBCOMMANDS)}`
    case 8:
      return `+select|${rng.int(3)}`
    case 9:
      flags.cat = true
      return `${rng.bool() ? '+' : '-'}@${pick(rng, CATEGORIES)}`
    case 10:
      return pick(rng, ['allcommands', 'nocommands', '+@all', '-@all'])
    case 11:
      // Invalid on purpose: unknown names, bad flags, patterns after '*'.
      return pick(rng, ['+nosuch', '-@nosuch', '%X~a', 'bogus', '+get|', '%~a', '~a b'])
    default:
      return `~${pick(rng, PATTERNS)}`
  }
}

function userRules(rng: Prng, flags: { cat: boolean }): string[] {
  const n = 1 + rng.int(8)
  const rules: string[] = []
  // Most users get commands, so that key and channel checks are reached.
  if (rng.bool(0.6)) rules.push(rng.bool() ? '+@all' : 'allcommands')
  if (rng.bool(0.7)) rules.push(`%${pick(rng, ['R', 'W', 'RW'])}~${pick(rng, PATTERNS)}`)
  if (rng.bool(0.5)) rules.push(`&${pick(rng, CHANNELS)}`)
  for (let i = 0; i < n; i++) {
    const r = rng.int(10)
    if (r === 0) rules.push(pick(rng, ['on', 'off', 'nopass', 'resetpass', 'reset', 'clearselectors']))
    else if (r === 1) rules.push(`>${rng.string(1 + rng.int(6), 'abc123')}`)
    else if (r === 2) {
      const inner: string[] = []
      for (let j = rng.int(4); j > 0; j--) inner.push(selectorRule(rng, flags))
      rules.push(`(${inner.join(' ')})`)
    } else rules.push(selectorRule(rng, flags))
  }
  return rules
}

function dryrunArgs(rng: Prng): string[] {
  const k = (): string => pick(rng, KEYS)
  switch (rng.int(16)) {
    case 0:
      // BITFIELD, like SET, takes its keys' access from its arguments (VARIABLE_FLAGS).
      if (rng.bool(0.3))
        return ['bitfield', k(), ...(rng.bool() ? ['GET', 'u8', '0'] : ['SET', 'u8', '0', '1'])]
      return ['get', k()]
    case 1:
      return rng.bool(0.3) ? ['set', k(), 'v', pick(rng, ['GET', 'get', 'NX'])] : ['set', k(), 'v']
    case 2:
      return ['mget', k(), k(), k()]
    case 3:
      return ['mset', k(), '1', k(), '2']
    case 4:
      return ['lmove', k(), k(), 'LEFT', 'RIGHT']
    case 5:
      return ['rename', k(), k()]
    case 6:
      return ['copy', k(), k()]
    case 7:
      return ['publish', pick(rng, CHANS), 'm']
    case 8:
      return ['subscribe', pick(rng, CHANS), pick(rng, CHANS)]
    case 9:
      return ['psubscribe', pick(rng, CHANS)]
    case 10:
      return ['config', 'get', 'maxmemory']
    case 11:
      return ['client', 'id']
    case 12:
      return ['select', String(rng.int(3))]
    case 13:
      return ['object', 'encoding', k()]
    case 14:
      return ['zrangestore', k(), k(), '0', '-1']
    default:
      return [pick(rng, ['ping', 'flushall', 'info', 'multi', 'exec']), ...(rng.bool(0.2) ? [k()] : [])]
  }
}

/** GETUSER compared exactly, command rules as token sets ('sets') or not at all ('skip'). */
function getuserMode(commands: 'sets' | 'skip'): CompareMode {
  const norm = (r: Reply): Reply => {
    if (!Array.isArray(r)) return r
    const out: Reply[] = []
    for (let i = 0; i < r.length; i++) {
      const v = r[i]!
      if (r[i - 1] === 'commands' && typeof v === 'string') {
        out.push(commands === 'skip' ? '*' : v.split(' ').sort().join(' '))
      } else out.push(norm(v))
    }
    return out
  }
  return (a, b) => {
    const x = JSON.stringify(norm(decodeReply(a)))
    const y = JSON.stringify(norm(decodeReply(b)))
    return x === y ? undefined : `GETUSER differs:\nredis   ${x}\nredoubt ${y}`
  }
}

function script(seed: number): Step[] {
  const rng = createPrng(seed)
  const steps: Step[] = []
  const everCategory = new Map<string, boolean>()
  for (let u = 0; u < USERS; u++) {
    const name = `ru${rng.int(USERS / 2)}`
    const flags = { cat: everCategory.get(name) ?? false }
    const rules = userRules(rng, flags)
    everCategory.set(name, flags.cat)
    steps.push(['ACL', 'SETUSER', name, ...rules])
    steps.push({ cmd: ['ACL', 'GETUSER', name], mode: getuserMode(flags.cat ? 'skip' : 'sets') })
    for (let d = 0; d < DRYRUNS_PER_USER; d++) steps.push(['ACL', 'DRYRUN', name, ...dryrunArgs(rng)])
  }
  steps.push(['ACL', 'USERS'])
  return steps
}

describe('ACL random users against redis-server', () => {
  const base = testSeed(20261123)
  for (let round = 0; round < ROUNDS; round++) {
    const seed = base + round
    it(`seed ${seed}: ${USERS} SETUSER + GETUSER and ${USERS * DRYRUNS_PER_USER} DRYRUN agree`, (t) =>
      diffScript(
        t,
        [['ACL', 'DELUSER', ...Array.from({ length: USERS / 2 }, (_, i) => `ru${i}`)], ...script(seed)],
        {
          context: `seed ${seed}`,
        },
      ))
  }
})

/**
 * Differential tests of authentication and ACL against redis-server 7.0: the examples of
 * issue #3 verbatim (SETUSER, DRYRUN, AUTH as the new users, NOPERM texts, MULTI), rule
 * errors, GETUSER/LIST (command rules compared as sets where Redis prints in hash order),
 * ACL LOG fields, CAT, WHOAMI, DELUSER, GENPASS and HELP.
 */

import { describe, it } from 'node:test'
import { type CompareMode, diffSuite, type Step } from '../helpers/diff.js'
import { decodeReply, type Reply } from '../helpers/resp-decode.js'

const USERS = ['app_cache', 'admin', 'app_user', 'pubsub_user', 'admin_user', 'k', 'v', 'z', 'sel', 'nopw']

const { diffScript } = diffSuite({
  reset: [['FLUSHALL'], ['ACL', 'DELUSER', ...USERS], ['ACL', 'LOG', 'RESET']],
})

/**
 * Rule lines compared as sets of tokens: Redis 7.0 prints single-command rules in its
 * command hash table's order. Headers carry no spaces, so only payload lines are sorted
 * (their lengths do not change).
 */
const rulesAsSets: CompareMode = (a, b) => {
  const norm = (buf: Buffer): string =>
    buf
      .toString('latin1')
      .split('\r\n')
      .map((l) => (l.includes(' ') ? l.split(' ').sort().join(' ') : l))
      .join('\r\n')
  return norm(a) === norm(b)
    ? undefined
    : `rule sets differ:\n${a.toString('latin1')}\n${b.toString('latin1')}`
}

/** Compares Redis 7.0's seven ACL LOG fields (age and client-info only by presence). */
const logFields: CompareMode = (a, b) => {
  const pick = (buf: Buffer): string => {
    const r = decodeReply(buf)
    if (!Array.isArray(r)) return buf.toString('latin1')
    return JSON.stringify(
      r.map((e) => {
        const o: Record<string, unknown> = {}
        if (e instanceof Map) for (const [k, v] of e) o[String(k)] = v
        else {
          const m = e as Reply[]
          for (let i = 0; i < m.length; i += 2) o[String(m[i])] = m[i + 1]
        }
        return [
          o.count,
          o.reason,
          o.context,
          o.object,
          o.username,
          typeof o['age-seconds'],
          typeof o['client-info'],
        ]
      }),
    )
  }
  const x = pick(a)
  const y = pick(b)
  return x === y ? undefined : `ACL LOG differs: ${x} vs ${y}`
}

const EXAMPLES: Step[] = [
  ['ACL', 'SETUSER', 'app_cache', 'on', '>cache_password', '+@read', '+@write', '~cache:*', '~temp:*'],
  ['ACL', 'SETUSER', 'admin', 'on', '>admin_password', '+@all', '~*', '-flushall', '-flushdb'],
  [
    'ACL',
    'SETUSER',
    'app_user',
    'on',
    '>AppPass#456',
    '~cache:*',
    '~session:*',
    '+get',
    '+set',
    '+del',
    '+expire',
    '+hset',
    '+hget',
    '+hgetall',
    '+ttl',
    '+exists',
  ],
  [
    'ACL',
    'SETUSER',
    'pubsub_user',
    'on',
    '>PubSubPass',
    '~*',
    '&events:*',
    '+subscribe',
    '+publish',
    '+unsubscribe',
  ],
  ['ACL', 'SETUSER', 'admin_user', 'on', '>AdminPass#789', '~*', '&*', '+@all'],
  ['ACL', 'DRYRUN', 'app_user', 'get', 'cache:user:1001'],
  ['ACL', 'DRYRUN', 'app_user', 'get', 'other:1'],
  ['ACL', 'DRYRUN', 'app_user', 'sadd', 'cache:l', 'x'],
  ['ACL', 'DRYRUN', 'pubsub_user', 'publish', 'events:a', 'm'],
  ['ACL', 'DRYRUN', 'pubsub_user', 'publish', 'other', 'm'],
  ['ACL', 'DRYRUN', 'admin', 'flushall'],
  ['ACL', 'DRYRUN', 'admin', 'get', 'x'],
  ['ACL', 'DRYRUN', 'app_cache', 'set', 'temp:1', 'v'],
  ['ACL', 'DRYRUN', 'app_cache', 'set', 'x', 'v'],
  ['ACL', 'DRYRUN', 'nosuch', 'get', 'x'],
  ['ACL', 'DRYRUN', 'admin', 'nosuchcmd'],
  ['ACL', 'DRYRUN', 'admin', 'get'],
  { cmd: ['ACL', 'GETUSER', 'app_user'], mode: rulesAsSets },
  { cmd: ['ACL', 'GETUSER', 'admin'], mode: rulesAsSets },
  { cmd: ['ACL', 'GETUSER', 'pubsub_user'], mode: rulesAsSets },
  { cmd: ['ACL', 'GETUSER', 'app_cache'], mode: rulesAsSets },
  ['ACL', 'GETUSER', 'admin_user'],
  ['ACL', 'GETUSER', 'nosuch'],
  { cmd: ['ACL', 'LIST'], mode: rulesAsSets },
  ['ACL', 'USERS'],
]

describe('ACL against redis-server', () => {
  it('the security-guide examples of issue #3 give the same replies', (t) => diffScript(t, EXAMPLES))

  it('the example users authenticate and get the same NOPERM texts', (t) =>
    diffScript(t, [
      ...EXAMPLES.slice(0, 5),
      ['AUTH', 'app_user', 'wrong'],
      ['AUTH', 'app_user', 'AppPass#456'],
      ['ACL', 'WHOAMI'],
      ['SET', 'cache:user:1001', 'v'],
      ['GET', 'cache:user:1001'],
      ['GET', 'other'],
      ['SADD', 'cache:l', 'x'],
      ['AUTH', 'pubsub_user', 'PubSubPass'],
      ['PUBLISH', 'events:x', 'hello'],
      ['PUBLISH', 'nope', 'hello'],
      ['GET', 'x'],
      ['AUTH', 'admin', 'admin_password'],
      ['FLUSHDB'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['AUTH', 'admin_user', 'AdminPass#789'],
      ['FLUSHALL'],
      ['AUTH', 'nosuchuser', 'x'],
      { cmd: ['ACL', 'LOG'], mode: logFields },
      ['ACL', 'LOG', 'RESET'],
      ['ACL', 'LOG'],
    ]))

  it('rule errors carry the same texts and change nothing', (t) =>
    diffScript(t, [
      ['ACL', 'SETUSER', 'z', '-select|0'],
      ['ACL', 'SETUSER', 'z', '+config|get|x'],
      ['ACL', 'SETUSER', 'z', '+config|'],
      ['ACL', 'SETUSER', 'z', 'foo'],
      ['ACL', 'SETUSER', 'z', '+nosuch'],
      ['ACL', 'SETUSER', 'z', '+@nosuch'],
      ['ACL', 'SETUSER', 'z', '~*', '~a'],
      ['ACL', 'SETUSER', 'z', '&*', '&a'],
      ['ACL', 'SETUSER', 'z', '<nop'],
      ['ACL', 'SETUSER', 'z', '#abc'],
      ['ACL', 'SETUSER', 'z', '(~a', '+get'],
      ['ACL', 'SETUSER', 'z', '%X~a'],
      ['ACL', 'SETUSER', 'z', '%~a'],
      ['ACL', 'SETUSER', 'z', '(on)'],
      ['ACL', 'SETUSER', 'z', 'a)'],
      ['ACL', 'SETUSER', 'z', '~a b'],
      ['ACL', 'SETUSER', 'a b'],
      ['ACL', 'SETUSER', 'z', 'on', 'off', 'ON', '', '>'],
      ['ACL', 'GETUSER', 'z'],
      ['ACL', 'SETUSER', 'z', '!30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4'],
      ['ACL', 'SETUSER', 'z', 'reset'],
      ['ACL', 'GETUSER', 'z'],
      ['ACL', 'DELUSER', 'default'],
      ['ACL', 'DELUSER', 'z', 'z', 'nosuch'],
    ]))

  it('selectors, first-arg allowances and key flags print the same', (t) =>
    diffScript(t, [
      ['ACL', 'SETUSER', 'v', 'on', 'nopass', '+select|0', '-@all', '+select|1', '(+get ~x)', '(&ch)'],
      ['ACL', 'GETUSER', 'v'],
      [
        'ACL',
        'SETUSER',
        'k',
        'on',
        '>pw',
        '%RW~*',
        '%R~a',
        '%W~a',
        '~b',
        '%R~c',
        '&ch*',
        '+@all',
        '-flushall',
      ],
      ['ACL', 'GETUSER', 'k'],
      ['ACL', 'DRYRUN', 'k', 'set', 'c', '1'],
      ['ACL', 'DRYRUN', 'k', 'get', 'c'],
      ['ACL', 'DRYRUN', 'k', 'psubscribe', 'ch*', 'c*'],
      ['ACL', 'DRYRUN', 'k', 'subscribe', 'ch1', 'zz'],
      ['ACL', 'DRYRUN', 'v', 'select', '1'],
      ['ACL', 'DRYRUN', 'v', 'select', '0'],
      ['ACL', 'DRYRUN', 'v', 'get', 'x'],
      ['ACL', 'DRYRUN', 'v', 'get', 'y'],
      ['ACL', 'SETUSER', 'sel', 'on', 'nopass', '~a', '+get', '(~b +set)', '(%R~c +@read)'],
      ['ACL', 'GETUSER', 'sel'],
      ['ACL', 'DRYRUN', 'sel', 'set', 'a', '1'],
      ['ACL', 'DRYRUN', 'sel', 'set', 'b', '1'],
      ['ACL', 'DRYRUN', 'sel', 'get', 'c'],
      ['ACL', 'DRYRUN', 'sel', 'mset', 'a', '1', 'b', '2'],
      ['ACL', 'SETUSER', 'sel', 'clearselectors'],
      ['ACL', 'GETUSER', 'sel'],
    ]))

  it('CAT, WHOAMI, GENPASS, HELP and LOG arguments', (t) =>
    diffScript(t, [
      ['ACL', 'CAT'],
      ['ACL', 'CAT', 'nosuch'],
      ['ACL', 'WHOAMI'],
      ['ACL', 'GENPASS', '0'],
      ['ACL', 'GENPASS', '5000'],
      ['ACL', 'GENPASS', 'x'],
      ['ACL', 'LOG', 'x'],
      ['ACL', 'LOG', '-1'],
      ['ACL', 'LOAD'],
      ['ACL', 'SAVE'],
      ['ACL', 'HELP'],
      ['AUTH', 'x'],
      ['AUTH', 'default', 'x'],
    ]))

  it('requirepass is the default user password, set by CONFIG SET', (t) =>
    diffScript(t, [
      ['CONFIG', 'SET', 'requirepass', 'secret'],
      ['ACL', 'GETUSER', 'default'],
      ['AUTH', 'wrong'],
      ['AUTH', 'secret'],
      ['AUTH', 'default', 'secret'],
      ['CONFIG', 'SET', 'requirepass', ''],
      ['ACL', 'LIST'],
    ]))

  it('hostile input: a 100 KB pattern, 10,000 rules and an exponential-looking glob answer promptly and alike', (t) => {
    const huge = `~${'ab*'.repeat(34_000)}`
    const many = ['on', 'nopass', '+get']
    for (let i = 0; i < 10_000; i++) many.push(`~k${i}:*`)
    const expo = `~${'a*'.repeat(40)}b`
    return diffScript(t, [
      ['ACL', 'SETUSER', 'z', 'on', 'nopass', '+get', huge],
      ['ACL', 'DRYRUN', 'z', 'get', 'ab'.repeat(500)],
      ['ACL', 'SETUSER', 'k', ...many],
      ['ACL', 'DRYRUN', 'k', 'get', 'k9999:x'],
      ['ACL', 'DRYRUN', 'k', 'get', 'nope'],
      ['ACL', 'GETUSER', 'k'],
      ['ACL', 'SETUSER', 'v', 'on', 'nopass', '+get', expo],
      ['ACL', 'DRYRUN', 'v', 'get', 'a'.repeat(100)],
      ['ACL', 'DRYRUN', 'v', 'get', `${'a'.repeat(100)}b`],
    ])
  })

  it('acl-pubsub-default decides the channels of new users and selectors', (t) =>
    diffScript(t, [
      ['CONFIG', 'SET', 'acl-pubsub-default', 'allchannels'],
      ['ACL', 'SETUSER', 'z', 'on', 'nopass', '(+get)'],
      ['ACL', 'GETUSER', 'z'],
      ['ACL', 'SETUSER', 'z', 'reset'],
      ['ACL', 'LIST'],
      ['CONFIG', 'SET', 'acl-pubsub-default', 'resetchannels'],
      ['ACL', 'SETUSER', 'v', 'on', 'nopass', '(+get)'],
      ['ACL', 'GETUSER', 'v'],
    ]))

  it('HELLO AUTH with users: success, wrong password, unknown and disabled users', (t) =>
    diffScript(t, [
      ['ACL', 'SETUSER', 'k', 'on', '>pw', '~*', '+@all'],
      ['ACL', 'SETUSER', 'v', 'off', '>pw', '~*', '+@all'],
      { cmd: ['HELLO', '2', 'AUTH', 'k', 'pw'], mode: 'type' },
      ['ACL', 'WHOAMI'],
      ['HELLO', '2', 'AUTH', 'k', 'bad'],
      ['HELLO', '2', 'AUTH', 'nosuch', 'pw'],
      ['HELLO', '2', 'AUTH', 'v', 'pw'],
      ['AUTH', 'v', 'pw'],
      ['ACL', 'WHOAMI'],
      { cmd: ['ACL', 'LOG'], mode: logFields },
    ]))

  it('the examples in RESP3: GETUSER maps and sets, LOG maps, DRYRUN replies', (t) =>
    diffScript(
      t,
      [
        ...EXAMPLES,
        ['ACL', 'SETUSER', 'v', 'on', 'nopass', '(+get ~x)', '(&ch)'],
        ['ACL', 'GETUSER', 'v'],
        ['AUTH', 'app_user', 'wrong'],
        { cmd: ['ACL', 'LOG'], mode: logFields },
      ],
      { resp3: true },
    ))

  it('a failed login with binary user name is logged and printed as sent', (t) =>
    diffScript(t, [
      ['AUTH', 'we\r\nird\x00\xff', 'pw'],
      ['HELLO', '3', 'AUTH', '\x00', 'pw'],
      { cmd: ['ACL', 'LOG'], mode: logFields },
      ['ACL', 'SETUSER', 'we\r\nird'],
      ['ACL', 'SETUSER', 'z\x00'],
      ['ACL', 'GETUSER', 'we\r\nird'],
      ['ACL', 'DRYRUN', 'we\r\nird', 'get', 'x'],
    ]))
})

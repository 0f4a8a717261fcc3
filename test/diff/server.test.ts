/**
 * Differential tests of the server and introspection commands against redis-server: COMMAND
 * (INFO, DOCS, LIST, COUNT, GETKEYS, GETKEYSANDFLAGS, HELP and their errors), CONFIG's
 * command-level errors, TIME's shape, SHUTDOWN, and INFO's sections and fields (names and
 * order; values only where they are the same on both servers). Families are still being
 * written, so COMMAND COUNT is not compared, and GETKEYS cases run only for commands redoubt has.
 */

import assert from 'node:assert/strict'
import { describe, it, type TestContext } from 'node:test'
import { type CompareMode, diffSuite, type Step } from '../helpers/diff.js'
import { RawClient } from '../helpers/raw-client.js'
import { decodeReply, parseReply } from '../helpers/resp-decode.js'

// --- Comparators ---

/** Both replies are arrays of status lines whose first line and closing HELP lines agree. */
const helpReply: CompareMode = (redis, ours) => {
  const [r, o] = [parseReply(redis), parseReply(ours)]
  if (r.type !== o.type || !o.items || !r.items) return 'not both arrays'
  if (o.items.some((n) => n.type !== '+')) return 'redoubt help has non-status lines'
  const lines = (items: typeof r.items) => (items ?? []).map((n) => n.payload?.toString('latin1'))
  const [rl, ol] = [lines(r.items), lines(o.items)]
  if (rl[0] !== ol[0]) return `first line: redis ${rl[0]} redoubt ${ol[0]}`
  if (rl.slice(-2).join('|') !== ol.slice(-2).join('|')) return 'the closing HELP lines differ'
  return undefined
}

/** TIME: two bulk strings, seconds within 2 s of redis-server's, microseconds below 10^6. */
const timeReply: CompareMode = (redis, ours) => {
  const r = decodeReply(redis) as string[]
  const o = decodeReply(ours) as string[]
  if (!Array.isArray(o) || o.length !== 2) return 'not an array of two'
  if (!o.every((s) => typeof s === 'string' && /^(0|[1-9][0-9]*)$/.test(s))) return 'not two decimal strings'
  if (Math.abs(Number(o[0]) - Number(r[0])) > 2) return `seconds ${o[0]} far from ${r[0]}`
  if (Number(o[1]) >= 1e6) return `microseconds ${o[1]} out of range`
  return undefined
}

/** Parsed INFO: section titles in order, each with its [name, value] lines in order. */
function parseInfo(raw: Buffer): [string, [string, string][]][] {
  const text = decodeReply(raw, { encoding: 'latin1' }) as string
  const out: [string, [string, string][]][] = []
  for (const line of text.split('\r\n')) {
    if (line === '') continue
    if (line.startsWith('# ')) out.push([line.slice(2), []])
    else {
      const colon = line.indexOf(':')
      out.at(-1)?.[1].push([line.slice(0, colon), line.slice(colon + 1)])
    }
  }
  return out
}

/** Fields whose values are the same on both servers (configuration, or features both lack). */
const STABLE = new Set([
  'redis_version',
  'redis_git_sha1',
  'redis_git_dirty',
  'redis_mode',
  'arch_bits',
  'monotonic_clock',
  'multiplexing_api',
  'process_supervised',
  'hz',
  'configured_hz',
  'io_threads_active',
  'cluster_connections',
  'maxclients',
  'tracking_clients',
  'clients_in_timeout_table',
  'maxmemory',
  'maxmemory_human',
  'maxmemory_policy',
  'loading',
  'async_loading',
  'rdb_bgsave_in_progress',
  'rdb_last_bgsave_status',
  'rdb_saves',
  'aof_enabled',
  'aof_rewrite_in_progress',
  'aof_last_bgrewrite_status',
  'aof_last_write_status',
  'role',
  'connected_slaves',
  'master_failover_state',
  'master_replid2',
  'master_repl_offset',
  'second_repl_offset',
  'repl_backlog_active',
  'repl_backlog_size',
  'repl_backlog_first_byte_offset',
  'repl_backlog_histlen',
  'cluster_enabled',
])

/** Sections whose lines depend on activity: their names are compared as sets, values not. */
const ACTIVITY = new Set(['Commandstats', 'Errorstats', 'Keyspace', 'Latencystats'])

/**
 * INFO replies agree: same reply type, same sections in the same order, the same field names
 * in the same order (as sets for activity sections), and the same values for STABLE fields.
 */
const infoReply: CompareMode = (redis, ours) => {
  if (redis[0] !== ours[0])
    return `reply types differ: ${String.fromCharCode(redis[0]!)} vs ${String.fromCharCode(ours[0]!)}`
  const [r, o] = [parseInfo(redis), parseInfo(ours)]
  const titles = (x: typeof r) => x.map(([t]) => t).join(',')
  if (titles(r) !== titles(o)) return `sections: redis [${titles(r)}] redoubt [${titles(o)}]`
  for (let i = 0; i < r.length; i++) {
    const [title, rf] = r[i]!
    const of = o[i]![1]
    if (ACTIVITY.has(title)) continue
    const names = (f: typeof rf) => f.map(([k]) => k).join(',')
    if (names(rf) !== names(of)) return `# ${title} fields:\n  redis   ${names(rf)}\n  redoubt ${names(of)}`
    for (let j = 0; j < rf.length; j++) {
      const [k, v] = rf[j]!
      if (STABLE.has(k) && v !== of[j]![1]) return `${k}: redis ${v} redoubt ${of[j]![1]}`
    }
  }
  return undefined
}

/** INFO commandstats after the same commands: same cmdstat lines once the timings are dropped. */
const commandstatsReply: CompareMode = (redis, ours) => {
  const lines = (raw: Buffer) =>
    (parseInfo(raw)[0]?.[1] ?? [])
      .map(([k, v]) => `${k}:${v.replace(/usec=\d+,usec_per_call=[\d.]+,/, '')}`)
      .sort()
      .join('\n')
  const [r, o] = [lines(redis), lines(ours)]
  return r === o ? undefined : `redis:\n${r}\nredoubt:\n${o}`
}

/** INFO stats: the counters that the same commands make equal on both servers. */
const statsCounters: CompareMode = (redis, ours) => {
  const fields = [
    'total_commands_processed',
    'total_net_input_bytes',
    'rejected_connections',
    'expired_keys',
    'keyspace_hits',
    'keyspace_misses',
    'total_error_replies',
  ]
  const pick = (raw: Buffer) => {
    const stats = new Map(parseInfo(raw)[0]?.[1] ?? [])
    return fields.map((f) => `${f}=${stats.get(f)}`).join(' ')
  }
  const [r, o] = [pick(redis), pick(ours)]
  return r === o ? undefined : `redis   ${r}\nredoubt ${o}`
}

// --- COMMAND ---

const { diffScript, withPair } = diffSuite({ reset: [['CONFIG', 'RESETSTAT']] })

/** Runs GETKEYS cases whose command redoubt has (families land one by one). */
async function diffGetkeys(t: TestContext, cases: string[][]): Promise<void> {
  let names: Set<string> = new Set()
  await withPair(async (pair) => {
    const c = await RawClient.connect(pair.redoubtPort)
    try {
      names = new Set((decodeReply(await c.call('COMMAND', 'LIST')) as string[]).map((n) => n.split('|')[0]!))
    } finally {
      await c.close()
    }
  }, t)
  const steps: Step[] = []
  for (const argv of cases) {
    const name = argv[0]!.toLowerCase()
    if (!names.has(name)) continue
    steps.push(['COMMAND', 'GETKEYS', ...argv], ['COMMAND', 'GETKEYSANDFLAGS', ...argv])
  }
  if (steps.length === 0) return
  await diffScript(t, steps)
  await diffScript(t, steps, { resp3: true })
}

describe('COMMAND', () => {
  it('COMMAND INFO of unknown, plain and subcommand names, RESP2 and RESP3', async (t) => {
    const script: Step[] = [
      ['COMMAND', 'INFO', 'nosuchcommand'],
      ['COMMAND', 'INFO', 'get', 'NoSuch', 'CONFIG|GET', 'config|nosuch', 'get|x', 'config|get|x', 'time'],
      ['COMMAND', 'INFO', 'command|getkeys', 'Command|List', 'shutdown', 'info'],
      ['COMMAND', 'DOCS', 'nosuchcommand'],
      ['COMMAND', 'DOCS', 'nosuch', 'other'],
      ['COMMAND', 'COUNT', 'extra'],
      ['COMMAND', 'NOSUCH'],
      ['COMMAND', 'GETKEYS'],
      ['COMMAND', 'GETKEYS', 'get'],
      ['COMMAND', 'INFO', ''],
    ]
    await diffScript(t, script)
    await diffScript(t, script, { resp3: true })
  })

  it('COMMAND LIST options and their syntax errors', async (t) => {
    await diffScript(t, [
      ['COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'nosuchcategory'],
      ['COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'nosuchmodule'],
      ['COMMAND', 'LIST', 'FILTERBY', 'pattern', 'zzz*'],
      { cmd: ['COMMAND', 'LIST', 'FILTERBY', 'pattern', 'config|*'], mode: 'set' },
      ['COMMAND', 'LIST', 'FILTERBY', 'nosuch', 'x'],
      ['COMMAND', 'LIST', 'FILTERBY', 'aclcat'],
      ['COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'x', 'y'],
      ['COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'read', 'FILTERBY', 'aclcat', 'write'],
      ['COMMAND', 'LIST', 'foo'],
    ])
  })

  it('COMMAND HELP and CONFIG HELP are status-line help replies', async (t) => {
    await diffScript(t, [
      { cmd: ['COMMAND', 'HELP'], mode: helpReply },
      { cmd: ['CONFIG', 'HELP'], mode: helpReply },
      ['COMMAND', 'HELP', 'extra'],
      ['CONFIG', 'HELP', 'extra'],
    ])
  })

  it('COMMAND GETKEYS refuses unknown commands, commands without keys and wrong arities', async (t) => {
    await diffScript(t, [
      ['COMMAND', 'GETKEYS', 'nosuch', 'a'],
      ['COMMAND', 'GETKEYS', 'ping', 'x'],
      ['COMMAND', 'GETKEYS', 'config', 'get', 'x'],
      ['COMMAND', 'GETKEYS', 'config', 'nosuch', 'x'],
      ['COMMAND', 'GETKEYS', 'command', 'count'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'info', 'server'],
      ['COMMAND', 'GETKEYS', 'get', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'get', 'a', 'b'],
    ])
  })

  it('COMMAND GETKEYS and GETKEYSANDFLAGS find the keys redis-server finds', async (t) => {
    await diffGetkeys(t, [
      ['get', 'k'],
      ['GET', 'k'],
      ['set', 'k', 'v'],
      ['set', 'k', 'v', 'get'],
      ['set', 'k', 'v', 'EX', '10', 'GET'],
      ['mget', 'a', 'b', 'c'],
      ['mset', 'a', '1', 'b', '2'],
      ['mset', 'a', '1', 'b'],
      ['msetnx', 'a', '1', 'b', '2'],
      ['getex', 'k', 'persist'],
      ['getdel', 'k'],
      ['getset', 'k', 'v'],
      ['append', 'k', 'v'],
      ['strlen', 'k'],
      ['incrbyfloat', 'k', '1.5'],
      ['setrange', 'k', '0', 'v'],
      ['lcs', 'a', 'b', 'LEN'],
      ['setbit', 'k', '1', '1'],
      ['bitop', 'and', 'dst', 'a', 'b'],
      ['bitcount', 'k', '0', '1'],
      ['bitfield', 'k', 'get', 'u8', '0'],
      ['bitfield', 'k', 'set', 'u8', '0', '1'],
      ['bitfield_ro', 'k', 'get', 'u8', '0'],
      ['del', 'a', 'b'],
      ['exists', 'a', 'b', 'a'],
      ['rename', 'a', 'b'],
      ['copy', 'a', 'b', 'DB', '1'],
      ['expire', 'k', '10'],
      ['object', 'encoding', 'k'],
      ['sort', 'k', 'BY', 'w*', 'STORE', 'dst'],
      ['sort', 'k', 'LIMIT', '0', '1', 'store', 'dst', 'STORE', 'dst2'],
      ['sort_ro', 'k', 'BY', 'x'],
      ['migrate', 'h', '6379', 'k', '0', '1000'],
      ['migrate', 'h', '6379', '', '0', '1000', 'AUTH', 'p', 'KEYS', 'a', 'b'],
      ['migrate', 'h', '6379', 'k', '0', '1000', 'KEYS', 'a'],
      ['lmove', 'a', 'b', 'left', 'right'],
      ['blpop', 'a', 'b', '0'],
      ['lmpop', '2', 'a', 'b', 'LEFT'],
      ['lmpop', '2x', 'a', 'b', 'LEFT'],
      ['blmpop', '0', '1', 'a', 'LEFT'],
      ['smove', 'a', 'b', 'm'],
      ['sintercard', '2', 'a', 'b', 'LIMIT', '1'],
      ['sunionstore', 'd', 'a', 'b'],
      ['zunionstore', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
      ['zunionstore', 'd', '1x', 'a'],
      ['zunionstore', 'd', '0', 'a'],
      ['zunionstore', 'd', '3', 'a'],
      ['zinter', '2', 'a', 'b'],
      ['zrangestore', 'd', 'a', '0', '1'],
      ['zmpop', '1', 'a', 'MIN'],
      ['hset', 'h', 'f', 'v'],
      ['pfmerge', 'd', 'a', 'b'],
      ['pfcount', 'a', 'b'],
      ['georadius', 'k', '0', '0', '1', 'm', 'STORE', 'd'],
      ['georadius', 'k', '0', '0', '1', 'm', 'STORE'],
      ['georadiusbymember', 'k', 'm', '1', 'km', 'STOREDIST', 'd'],
      ['geosearchstore', 'd', 's', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
      ['xadd', 's', '*', 'f', 'v'],
      ['xread', 'COUNT', '1', 'STREAMS', 'a', 'b', '0', '0'],
      ['xread', 'STREAMS', 'a', 'b', 'c'],
      ['xread', 'COUNT', '1', 'a', 'b'],
      ['xreadgroup', 'GROUP', 'g', 'c', 'STREAMS', 'a', '>'],
      ['xgroup', 'create', 's', 'g', '$'],
      ['xinfo', 'stream', 's'],
      ['eval', 'return 1', '2', 'a', 'b', 'c'],
      ['eval', 'return 1', '0'],
      ['evalsha', 'abc', '1', 'a'],
      ['fcall', 'f', '1', 'a'],
      ['watch', 'a', 'b'],
      ['memory', 'usage', 'k'],
      ['touch', 'a', 'b'],
      ['unlink', 'a'],
      ['spublish', 'ch', 'msg'],
    ])
  })
})

// --- CONFIG, TIME ---

describe('CONFIG and TIME', () => {
  it('CONFIG refuses unknown subcommands and bad argument counts as redis-server does', async (t) => {
    await diffScript(t, [
      ['CONFIG'],
      ['CONFIG', 'NOSUCH'],
      ['CONFIG', 'GET'],
      ['CONFIG', 'SET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '1', 'hz'],
      ['CONFIG', 'RESETSTAT', 'x'],
      ['CONFIG', 'REWRITE', 'x'],
      ['CONFIG', 'RESETSTAT'],
    ])
  })

  it('CONFIG GET and SET answer as redis-server does', async (t) => {
    // A suite of its own: the directives this script changes must not leak into other tests.
    const config = diffSuite({ reset: [] })
    try {
      const script: Step[] = [
        ['CONFIG', 'GET', 'maxmemory'],
        ['CONFIG', 'GET', 'MAXMEMORY'],
        ['CONFIG', 'GET', 'maxmemory', 'maxmemory'],
        ['CONFIG', 'GET', 'nosuchdirective'],
        { cmd: ['CONFIG', 'GET', 'maxmem*'], mode: 'pairs' },
        { cmd: ['CONFIG', 'GET', 'maxmemory', 'hz', 'maxmemory-*'], mode: 'pairs' },
        ['CONFIG', 'SET', 'maxmemory-samples', '7'],
        ['CONFIG', 'GET', 'maxmemory-samples'],
        ['CONFIG', 'SET', 'Maxmemory-Samples', '5', 'HZ', '11'],
        { cmd: ['CONFIG', 'GET', 'maxmemory-samples', 'hz'], mode: 'pairs' },
        ['CONFIG', 'SET', 'nosuchdirective', '1'],
        ['CONFIG', 'SET', 'hz', '12', 'hz', '13'],
        ['CONFIG', 'SET', 'maxmemory', 'abc'],
        ['CONFIG', 'SET', 'hz', '20', 'maxmemory-samples', 'abc'],
        ['CONFIG', 'GET', 'hz'],
        ['CONFIG', 'SET', 'hz', '10'],
        ['CONFIG', 'REWRITE'],
      ]
      await config.diffScript(t, script)
      await config.diffScript(
        t,
        [...script.slice(0, 4), { cmd: ['CONFIG', 'GET', 'maxmem*'], mode: 'set' }],
        {
          resp3: true,
        },
      )
    } finally {
      await config.stop()
    }
  })

  it('CONFIG SET of a protected directive needs enable-protected-configs, and local clients pass with local', async (t) => {
    await diffScript(t, [['CONFIG', 'SET', 'dbfilename', 'other.rdb']])
    const local = diffSuite({ reset: [], config: { 'enable-protected-configs': 'local' } })
    try {
      await local.diffScript(t, [
        ['CONFIG', 'SET', 'dbfilename', 'other.rdb'],
        ['CONFIG', 'GET', 'dbfilename'],
        ['CONFIG', 'SET', 'dbfilename', 'dump.rdb'],
      ])
    } finally {
      await local.stop()
    }
  })

  it('TIME answers seconds and microseconds', async (t) => {
    await diffScript(t, [{ cmd: ['TIME'], mode: timeReply }, ['TIME', 'extra']])
    await diffScript(t, [{ cmd: ['TIME'], mode: timeReply }], { resp3: true })
  })
})

// --- INFO ---

describe('INFO', () => {
  it('INFO sections and their fields come in the order redis-server uses', async (t) => {
    const script: Step[] = [
      { cmd: ['INFO'], mode: infoReply },
      { cmd: ['INFO', 'default'], mode: infoReply },
      { cmd: ['INFO', 'all'], mode: infoReply },
      { cmd: ['INFO', 'EVERYTHING'], mode: infoReply },
      { cmd: ['INFO', 'server'], mode: infoReply },
      { cmd: ['INFO', 'Clients'], mode: infoReply },
      { cmd: ['INFO', 'memory'], mode: infoReply },
      { cmd: ['INFO', 'persistence'], mode: infoReply },
      { cmd: ['INFO', 'stats'], mode: infoReply },
      { cmd: ['INFO', 'replication'], mode: infoReply },
      { cmd: ['INFO', 'cpu'], mode: infoReply },
      { cmd: ['INFO', 'modules'], mode: infoReply },
      { cmd: ['INFO', 'commandstats'], mode: infoReply },
      { cmd: ['INFO', 'errorstats'], mode: infoReply },
      { cmd: ['INFO', 'latencystats'], mode: infoReply },
      { cmd: ['INFO', 'keyspace', 'cpu', 'server'], mode: infoReply },
      { cmd: ['INFO', 'everything', 'server'], mode: infoReply },
      { cmd: ['INFO', 'default', 'commandstats'], mode: infoReply },
      { cmd: ['INFO', 'server', 'nosuch', 'cpu'], mode: infoReply },
      ['INFO', 'nosuch'],
      ['INFO', 'cluster'],
      ['INFO', 'CLUSTER', 'modules'],
    ]
    await diffScript(t, script)
    await diffScript(t, script, { resp3: true })
  })

  it('INFO commandstats and errorstats count calls, rejections and failures as redis-server does', async (t) => {
    await diffScript(t, [
      ['CONFIG', 'RESETSTAT'],
      ['PING'],
      ['PING'],
      ['ECHO', 'x'],
      ['ECHO'],
      ['GET', 'nosuchkey'],
      ['GET', 'a', 'b'],
      ['SELECT', '999'],
      ['SELECT', 'x'],
      ['NOSUCHCOMMAND', 'x'],
      ['COMMAND', 'COUNT', 'x'],
      ['COMMAND', 'NOSUCH'],
      ['COMMAND', 'INFO', 'get'],
      { cmd: ['TIME'], mode: timeReply },
      { cmd: ['INFO', 'commandstats'], mode: commandstatsReply },
      ['INFO', 'errorstats'],
      { cmd: ['INFO', 'stats'], mode: statsCounters },
      ['CONFIG', 'RESETSTAT'],
      { cmd: ['INFO', 'stats'], mode: statsCounters },
      ['INFO', 'errorstats'],
      { cmd: ['INFO', 'commandstats'], mode: commandstatsReply },
    ])
  })

  it('INFO keyspace counts keys and keys with a TTL per database', async (t) => {
    await diffScript(t, [
      ['INFO', 'keyspace'],
      ['MSET', 'info:a', '1', 'info:b', '2'],
      ['INFO', 'keyspace'],
      ['GETDEL', 'info:a'],
      ['GETDEL', 'info:b'],
      ['INFO', 'keyspace'],
    ])
  })
})

// --- SHUTDOWN ---

describe('SHUTDOWN', () => {
  const shutdown = diffSuite({ reset: [] })
  it('SHUTDOWN refuses bad options and ABORT without a shutdown in progress', async (t) => {
    await shutdown.diffScript(t, [
      ['SHUTDOWN', 'nosuch'],
      ['SHUTDOWN', 'NOSAVE', 'SAVE'],
      ['SHUTDOWN', 'NOSAVE', 'ABORT'],
      ['SHUTDOWN', 'ABORT', 'FORCE'],
      ['SHUTDOWN', 'ABORT'],
      ['PING'],
    ])
  })

  it('SHUTDOWN NOSAVE closes the connection without a reply and stops the server', async (t) => {
    await shutdown.withPair(async (pair) => {
      const { redis, redoubt } = await pair.connect()
      for (const c of [redis, redoubt]) {
        c.send(['SHUTDOWN', 'NOSAVE'])
        await c.closed(5000)
        assert.equal(c.pendingReplies, 0, `${c.address} replied to SHUTDOWN`)
      }
      for (const port of [pair.redisPort, pair.redoubtPort]) {
        await assert.rejects(
          RawClient.connect(port, '127.0.0.1', { timeoutMs: 1000 }).then((c) => c.call('PING')),
        )
      }
    }, t)
  })
})

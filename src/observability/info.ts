/**
 * INFO: the sections server, clients, memory, persistence, stats, replication, cpu,
 * modules, commandstats, errorstats, latencystats, cluster and keyspace, with Redis 7.0.15's
 * field names and order, and the section selection of INFO [section ...] (default, all,
 * everything, several names in one call). Values are redoubt's own: features redoubt does
 * not have yet (persistence, replication, Lua, eviction) report what Redis reports with them
 * off or idle. See https://redis.io/commands/info/
 */

import { randomBytes } from 'node:crypto'
import { arch, machine, type as osType, release } from 'node:os'
import { resolve } from 'node:path'
import type { CommandEntry } from '../commands/context.js'
import type { Server } from '../server/server.js'
import { mainThreadCpuSeconds } from '../server/thread-cpu.js'
import { wallClockMicros } from '../util/clock.js'
import { REDIS_COMPAT_VERSION, REDOUBT_VERSION } from '../version.js'
import { memoryFields } from './memory-info.js'

/** Every section, in output order. */
const ALL_SECTIONS = [
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'modules',
  'commandstats',
  'errorstats',
  'latencystats',
  'cluster',
  'keyspace',
] as const
type Section = (typeof ALL_SECTIONS)[number]

/** What INFO and "INFO default" show. */
const DEFAULT_SECTIONS: readonly Section[] = [
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'modules',
  'errorstats',
  'cluster',
  'keyspace',
]

/** Section titles as printed after '# '. */
const TITLES: Record<Section, string> = {
  server: 'Server',
  clients: 'Clients',
  memory: 'Memory',
  persistence: 'Persistence',
  stats: 'Stats',
  replication: 'Replication',
  cpu: 'CPU',
  modules: 'Modules',
  commandstats: 'Commandstats',
  errorstats: 'Errorstats',
  latencystats: 'Latencystats',
  cluster: 'Cluster',
  keyspace: 'Keyspace',
}

/**
 * The sections asked for by INFO's (lower-cased) arguments: none means default; "all" is
 * every section, "everything" adds module sections (redoubt has none); unknown names select
 * nothing. Output order is always the fixed section order.
 */
export function selectSections(args: readonly string[]): Set<Section> {
  const out = new Set<Section>()
  if (args.length === 0) for (const s of DEFAULT_SECTIONS) out.add(s)
  for (const a of args) {
    if (a === 'default') for (const s of DEFAULT_SECTIONS) out.add(s)
    else if (a === 'all' || a === 'everything') for (const s of ALL_SECTIONS) out.add(s)
    else if (a === 'module_list') out.add('modules')
    else if ((ALL_SECTIONS as readonly string[]).includes(a)) out.add(a as Section)
  }
  return out
}

// --- Per-server identities ---

interface Identity {
  runId: string
  replId: string
}
const identities = new WeakMap<Server, Identity>()

function identity(srv: Server): Identity {
  let id = identities.get(srv)
  if (id === undefined) {
    id = { runId: randomBytes(20).toString('hex'), replId: randomBytes(20).toString('hex') }
    identities.set(srv, id)
  }
  return id
}

/** A stable identifier of this build: redoubt's version and the Node runtime. */
function buildId(): string {
  let h = 0xcbf29ce484222325n
  for (const ch of `${REDOUBT_VERSION}/${process.version}`) {
    h = ((h ^ BigInt(ch.charCodeAt(0))) * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return h.toString(16)
}
const BUILD_ID = buildId()

/** The event-notification API libuv uses on this platform. */
function multiplexingApi(): string {
  switch (process.platform) {
    case 'linux':
      return 'epoll'
    case 'darwin':
    case 'freebsd':
    case 'openbsd':
      return 'kqueue'
    case 'sunos':
      return 'evport'
    case 'win32':
      return 'iocp'
    default:
      return 'poll'
  }
}

const ARCH_BITS = ['x64', 'arm64', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el'].includes(arch())
  ? 64
  : 32

// --- Sections ---

type Field = [string, string | number]

/** The absolute path of the configuration file the server was started with, '' when none. */
function configFile(srv: Server): string {
  const config: object = srv.config
  const file = 'configFile' in config ? config.configFile : null
  return typeof file === 'string' ? resolve(file) : ''
}

function serverFields(srv: Server): Field[] {
  const now = Date.now()
  const uptime = Math.floor((now - srv.startedAt) / 1000)
  const hz = srv.config.getNumber('hz')
  const script = process.argv[1]
  return [
    ['redis_version', REDIS_COMPAT_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', BUILD_ID],
    ['redis_mode', 'standalone'],
    ['os', `${osType()} ${release()} ${machine()}`],
    ['arch_bits', ARCH_BITS],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', multiplexingApi()],
    ['atomicvar_api', 'none'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', identity(srv).runId],
    // redis 7.0: the TLS port when plain TCP is off.
    ['tcp_port', srv.port !== 0 ? srv.port : srv.listeners.tlsPort],
    ['server_time_usec', wallClockMicros()],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', hz],
    ['configured_hz', hz],
    ['lru_clock', Math.floor(now / 1000) & 0xffffff],
    ['executable', script !== undefined ? resolve(script) : process.execPath],
    ['config_file', configFile(srv)],
    ['io_threads_active', 0],
  ]
}

/** Bytes buffered by a client: unparsed query bytes plus output not yet taken by the kernel. */
function clientBuffers(srv: Server): { total: number; maxIn: number; maxOut: number } {
  let total = 0
  let maxIn = 0
  let maxOut = 0
  for (const c of srv.clients.all()) {
    const input = c.parser.bufferedBytes
    const output = c.w.pendingBytes + c.socket.writableLength
    total += input + output
    if (input > maxIn) maxIn = input
    if (output > maxOut) maxOut = output
  }
  return { total, maxIn, maxOut }
}

function clientsFields(srv: Server): Field[] {
  const b = clientBuffers(srv)
  return [
    ['connected_clients', srv.clients.count],
    ['cluster_connections', 0],
    ['maxclients', srv.config.getNumber('maxclients')],
    ['client_recent_max_input_buffer', b.maxIn],
    ['client_recent_max_output_buffer', b.maxOut],
    ['blocked_clients', srv.blocking.blockedClients],
    ['tracking_clients', 0],
    ['clients_in_timeout_table', srv.blocking.clientsWithTimeout],
  ]
}

function persistenceFields(srv: Server): Field[] {
  return [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'],
    ['current_save_keys_processed', 0],
    ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', srv.keyspace.dirty],
    ['rdb_bgsave_in_progress', 0],
    // redis: with no save yet, the last save time is the start time.
    ['rdb_last_save_time', Math.floor(srv.startedAt / 1000)],
    ['rdb_last_bgsave_status', 'ok'],
    ['rdb_last_bgsave_time_sec', -1],
    ['rdb_current_bgsave_time_sec', -1],
    ['rdb_saves', 0],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', 0],
    ['rdb_last_load_keys_loaded', 0],
    ['aof_enabled', 0],
    ['aof_rewrite_in_progress', 0],
    ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', 'ok'],
    ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ]
}

function statsFields(srv: Server): Field[] {
  const s = srv.stats
  const ks = srv.keyspace.stats
  const m = srv.metrics
  return [
    ['total_connections_received', s.connectionsReceived],
    ['total_commands_processed', s.commandsProcessed],
    ['instantaneous_ops_per_sec', m.opsPerSec()],
    ['total_net_input_bytes', s.netInputBytes],
    ['total_net_output_bytes', s.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', m.inputKbps().toFixed(2)],
    ['instantaneous_output_kbps', m.outputKbps().toFixed(2)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', s.rejectedConnections],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', ks.expiredKeys],
    ['expired_stale_perc', (ks.expiredStalePerc * 100).toFixed(2)],
    ['expired_time_cap_reached_count', ks.expiredTimeCapReachedCount],
    ['expire_cycle_cpu_milliseconds', Math.floor(s.expireCycleUsec / 1000)],
    ['evicted_keys', 0],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', 0],
    ['current_eviction_exceeded_time', 0],
    ['keyspace_hits', ks.keyspaceHits],
    ['keyspace_misses', ks.keyspaceMisses],
    ['pubsub_channels', srv.pubsub.channelCount],
    ['pubsub_patterns', srv.pubsub.patternCount],
    ['pubsubshard_channels', srv.pubsub.shardChannelCount],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', 0],
    ['tracking_total_items', 0],
    ['tracking_total_prefixes', 0],
    ['unexpected_error_replies', 0],
    ['total_error_replies', s.totalErrorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', s.readsProcessed],
    ['total_writes_processed', s.writesProcessed],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
  ]
}

function replicationFields(srv: Server): Field[] {
  return [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', identity(srv).replId],
    ['master_replid2', '0'.repeat(40)],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', srv.config.getNumber('repl-backlog-size')],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ]
}

function cpuFields(): Field[] {
  const u = process.cpuUsage()
  const out: Field[] = [
    ['used_cpu_sys', (u.system / 1e6).toFixed(6)],
    ['used_cpu_user', (u.user / 1e6).toFixed(6)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
  ]
  const main = mainThreadCpuSeconds()
  if (main !== null) {
    out.push(
      ['used_cpu_sys_main_thread', main.sys.toFixed(6)],
      ['used_cpu_user_main_thread', main.user.toFixed(6)],
    )
  }
  return out
}

/** cmdstat_<name> lines for every command or subcommand called, rejected or failed. */
function commandstatsLines(srv: Server): string[] {
  const out: string[] = []
  const visit = (e: CommandEntry): void => {
    if (e.calls !== 0 || e.rejectedCalls !== 0 || e.failedCalls !== 0) {
      // Pipelined commands get fractional shares of their batch's time (dispatch.ts): the
      // total is printed as whole microseconds, as Redis does, and the average from it.
      const usec = Math.round(e.usec)
      const perCall = e.calls === 0 ? 0 : usec / e.calls
      out.push(
        `cmdstat_${e.fullName}:calls=${e.calls},usec=${usec},usec_per_call=${perCall.toFixed(2)}` +
          `,rejected_calls=${e.rejectedCalls},failed_calls=${e.failedCalls}`,
      )
    }
    if (e.subcommands !== null) for (const s of e.subcommands.values()) visit(s)
  }
  for (const e of srv.commands.all()) visit(e)
  return out
}

/** errorstat_<CODE> lines, in byte order of the code (redis keeps them in a radix tree). */
function errorstatsLines(srv: Server): string[] {
  const codes = [...srv.stats.errorCodes.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return codes.map(([code, n]) => `errorstat_${code}:count=${n}`)
}

/** Sampled keys per database for the avg_ttl estimate (redis estimates it while expiring). */
const AVG_TTL_SAMPLE = 64

function keyspaceLines(srv: Server): string[] {
  const out: string[] = []
  const now = Date.now()
  for (const db of srv.keyspace.dbs) {
    if (db.size === 0) continue
    let sum = 0
    let n = 0
    for (const when of db.expires.values()) {
      if (n === AVG_TTL_SAMPLE) break
      if (when > now) {
        sum += when - now
        n++
      }
    }
    const avg = n === 0 ? 0 : Math.round(sum / n)
    out.push(`db${db.id}:keys=${db.size},expires=${db.expires.size},avg_ttl=${avg}`)
  }
  return out
}

function fieldLines(fields: Field[]): string[] {
  return fields.map(([k, v]) => `${k}:${v}`)
}

function sectionLines(srv: Server, s: Section): string[] {
  switch (s) {
    case 'server':
      return fieldLines(serverFields(srv))
    case 'clients':
      return fieldLines(clientsFields(srv))
    case 'memory':
      return fieldLines(
        memoryFields({
          clientBuffers: clientBuffers(srv).total,
          maxmemory: srv.config.getNumber('maxmemory'),
          maxmemoryPolicy: srv.config.getString('maxmemory-policy'),
        }),
      )
    case 'persistence':
      return fieldLines(persistenceFields(srv))
    case 'stats':
      return fieldLines(statsFields(srv))
    case 'replication':
      return fieldLines(replicationFields(srv))
    case 'cpu':
      return fieldLines(cpuFields())
    case 'commandstats':
      return commandstatsLines(srv)
    case 'errorstats':
      return errorstatsLines(srv)
    case 'cluster':
      return ['cluster_enabled:0']
    case 'keyspace':
      return keyspaceLines(srv)
    case 'modules': // no modules
    case 'latencystats': // no per-command latency histograms yet: as Redis with latency-tracking off
      return []
  }
}

/**
 * The INFO text for the (lower-cased) section arguments: each selected section as "# Title"
 * and its "name:value" lines, CRLF-terminated, sections separated by an empty line.
 */
export function infoText(srv: Server, args: string[]): string {
  const selected = selectSections(args)
  const parts: string[] = []
  for (const s of ALL_SECTIONS) {
    if (!selected.has(s)) continue
    let text = `# ${TITLES[s]}\r\n`
    for (const line of sectionLines(srv, s)) text += `${line}\r\n`
    parts.push(text)
  }
  return parts.join('\r\n')
}

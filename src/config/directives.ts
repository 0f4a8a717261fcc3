/**
 * THE directive table: every configuration directive of Redis 7.0.15 (each name CONFIG GET *
 * lists, the hidden ones, and the file-only ones), with its type, bounds, default, mutability
 * and redoubt's support level. Types, bounds, defaults and error texts were checked against
 * redis-server 7.0.15 started without a config file. See https://redis.io/docs/management/config/
 */

import {
  type Directive,
  valueDirective as d,
  type FileOnlyDirective,
  type ValueDirective,
} from './directive-schema.js'
import { isValidProcTitleTemplate, PROC_TITLE_ERROR } from './proc-title.js'
import {
  bindType,
  clientOutputBufferLimitType,
  dirType,
  latencyPercentilesType,
  notifyKeyspaceEventsType,
  oomScoreAdjValuesType,
  replicaofType,
  saveType,
} from './special-types.js'
import {
  boolType,
  type EnumEntries,
  enumType,
  type NumericSpec,
  numericType,
  stringType,
} from './value-types.js'

// --- Type shorthands (C bounds on a 64-bit build) ---

const INT_MIN = -(2n ** 31n)
const INT_MAX = 2n ** 31n - 1n
const UINT_MAX = 2n ** 32n - 1n
const LLONG_MAX = 2n ** 63n - 1n
const ULLONG_MAX = 2n ** 64n - 1n
const MB = 1024n * 1024n

const int = (min: bigint, max: bigint, more: Partial<NumericSpec> = {}) => numericType({ min, max, ...more })
const mem = (min: bigint, max: bigint, more: Partial<NumericSpec> = {}) =>
  numericType({ min, max, memory: true, ...more })
const yesno = boolType()
const str = stringType()
const nullableStr = stringType({ emptyIsNull: true })

const PROTECTED_ACTION: EnumEntries = [
  ['no', 0],
  ['yes', 1],
  ['local', 2],
]
/** shutdown-on-sigint / shutdown-on-sigterm flags (Redis SHUTDOWN_*). */
const SHUTDOWN_FLAGS: EnumEntries = [
  ['default', 0],
  ['save', 1],
  ['nosave', 2],
  ['now', 4],
  ['force', 8],
]
const SHUTDOWN_SAVE = 1
const SHUTDOWN_NOSAVE = 2

// --- Validators with Redis's texts ---

const isBaseName = (v: string): boolean => !v.includes('/') && !v.includes('\\')

const dbfilenameType = stringType({
  validate: (v) => (isBaseName(v) ? null : "dbfilename can't be a path, just a filename"),
})
const appendfilenameType = stringType({
  validate: (v) =>
    v === ''
      ? "appendfilename can't be empty"
      : isBaseName(v)
        ? null
        : "appendfilename can't be a path, just a filename",
})
const appenddirnameType = stringType({
  validate: (v) =>
    v === ''
      ? "appenddirname can't be empty"
      : isBaseName(v)
        ? null
        : "appenddirname can't be a path, just a dirname",
})
/** Redis NET_HOST_STR_LEN is 256. */
const hostnameType = stringType({
  emptyIsNull: true,
  validate: (v) => {
    if (v.length >= 256) return 'Hostnames must be less than 256 characters'
    if (!/^[A-Za-z0-9.-]*$/.test(v))
      return 'Hostnames may only contain alphanumeric characters, hyphens or dots'
    return null
  },
})
const procTitleType = stringType({ validate: (v) => (isValidProcTitleTemplate(v) ? null : PROC_TITLE_ERROR) })
const shutdownType = enumType(SHUTDOWN_FLAGS, {
  bitflags: true,
  validate: (v) =>
    v & SHUTDOWN_SAVE && v & SHUTDOWN_NOSAVE
      ? "shutdown options SAVE and NOSAVE can't be used simultaneously"
      : null,
})
/** The text Debian's redis-server 7.0.15 (built without Redis's jemalloc) gives for 'activedefrag yes'. */
const activedefragType = boolType((on) =>
  on
    ? 'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution'
    : null,
)

// --- Checks for directives accepted at some values only ---

const NO_PERSISTENCE = 'not supported by redoubt yet: persistence is not implemented'
const saveCheck = (v: string): string | null => (v === '' ? null : `${NO_PERSISTENCE} (use save "")`)
const appendonlyCheck = (v: string): string | null =>
  v === 'no' ? null : `${NO_PERSISTENCE} (use appendonly no)`
const shutdownCheck = (v: string): string | null =>
  v.split(' ').includes('save') ? `${NO_PERSISTENCE} (the 'save' flag cannot be honoured)` : null

// Notes shared by families of entries.
const REPL = 'replication is not implemented'
const CLUSTER = 'cluster mode is not implemented'
const TLS = 'TLS for replication and cluster links, which redoubt does not have'
const AOF = 'AOF tuning: stored now, honoured when persistence lands (appendonly yes is refused until then)'
const RDB = 'RDB tuning: stored now, honoured when persistence lands (a non-empty save is refused until then)'
const ENCODING = 'encoding threshold: stored and reported; no observable effect on replies'
const ENCODING_DECIDES =
  'encoding threshold: OBJECT ENCODING (and reply order of small collections) follows it as in Redis'
const DEFRAG = 'active defragmentation is a jemalloc feature; not available'
const OS = 'operating-system tuning Node does not offer'
const DEBUGGING = 'Redis test/debug knob'

/** Every value directive, in alphabetical order of canonical name. */
// biome-ignore format: one directive per line keeps the table readable
const VALUE_DIRECTIVES: readonly ValueDirective[] = [
  d('acl-pubsub-default', enumType([['allchannels', 1], ['resetchannels', 0]]), 'resetchannels', 'implemented', { note: 'channels of new users and selectors' }),
  d('aclfile', str, '', 'implemented', { immutable: true, note: 'loaded at startup and by ACL LOAD (all or nothing), written by ACL SAVE' }),
  d('acllog-max-len', int(0n, LLONG_MAX), '128', 'implemented', { note: 'ACL LOG length; lowering it trims the log' }),
  d('active-defrag-cycle-max', int(1n, 99n), '25', 'unsupported', { note: DEFRAG }),
  d('active-defrag-cycle-min', int(1n, 99n), '1', 'unsupported', { note: DEFRAG }),
  d('active-defrag-ignore-bytes', mem(1n, LLONG_MAX, { unsigned: true }), '104857600', 'unsupported', { note: DEFRAG }),
  d('active-defrag-max-scan-fields', int(1n, LLONG_MAX), '1000', 'unsupported', { note: DEFRAG }),
  d('active-defrag-threshold-lower', int(0n, 1000n), '10', 'unsupported', { note: DEFRAG }),
  d('active-defrag-threshold-upper', int(0n, 1000n), '100', 'unsupported', { note: DEFRAG }),
  d('active-expire-effort', int(1n, 10n), '1', 'accepted', { note: 'tunes the active expiry budget; no observable effect on replies' }),
  d('activedefrag', activedefragType, 'no', 'unsupported', { note: DEFRAG }),
  d('activerehashing', yesno, 'yes', 'accepted', { note: 'no incremental rehashing in redoubt; no observable effect' }),
  d('always-show-logo', yesno, 'no', 'accepted', { immutable: true, note: 'cosmetic' }),
  d('aof-disable-auto-gc', yesno, 'no', 'accepted', { note: AOF }),
  d('aof-load-truncated', yesno, 'yes', 'accepted', { note: AOF }),
  d('aof-rewrite-incremental-fsync', yesno, 'yes', 'accepted', { note: AOF }),
  d('aof-timestamp-enabled', yesno, 'no', 'accepted', { note: AOF }),
  d('aof-use-rdb-preamble', yesno, 'yes', 'accepted', { note: AOF }),
  d('aof_rewrite_cpulist', nullableStr, '', 'unsupported', { immutable: true, note: OS }),
  d('appenddirname', appenddirnameType, 'appendonlydir', 'accepted', { immutable: true, note: AOF }),
  d('appendfilename', appendfilenameType, 'appendonly.aof', 'accepted', { immutable: true, note: AOF }),
  d('appendfsync', enumType([['everysec', 1], ['always', 2], ['no', 0]]), 'everysec', 'accepted', { note: AOF }),
  d('appendonly', yesno, 'no', 'accepted', { denyLoading: true, check: appendonlyCheck, note: 'persistence comes later: only "no" is accepted' }),
  d('auto-aof-rewrite-min-size', mem(0n, LLONG_MAX), '67108864', 'accepted', { note: AOF }),
  d('auto-aof-rewrite-percentage', int(0n, INT_MAX), '100', 'accepted', { note: AOF }),
  d('bgsave_cpulist', nullableStr, '', 'unsupported', { immutable: true, note: OS }),
  // Deliberate deviation (README): the default binds loopback only, as Redis's shipped redis.conf does,
  // not the compiled default '* -::*'.
  d('bind', bindType, '127.0.0.1 -::1', 'implemented', { note: 'CONFIG SET rebinds TCP and TLS, new sockets first' }),
  d('bind-source-addr', nullableStr, '', 'unsupported', { note: REPL }),
  d('bio_cpulist', nullableStr, '', 'unsupported', { immutable: true, note: OS }),
  d('busy-reply-threshold', int(0n, LLONG_MAX), '5000', 'accepted', { aliases: ['lua-time-limit'], note: 'read by scripting when it lands' }),
  d('client-output-buffer-limit', clientOutputBufferLimitType, 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', 'implemented', { note: 'normal and pubsub classes; the replica class applies to no client (redoubt has no replicas)' }),
  d('client-query-buffer-limit', mem(MB, LLONG_MAX, { unsigned: true }), '1073741824', 'implemented'),
  d('cluster-allow-pubsubshard-when-down', yesno, 'yes', 'unsupported', { note: CLUSTER }),
  d('cluster-allow-reads-when-down', yesno, 'no', 'unsupported', { note: CLUSTER }),
  d('cluster-allow-replica-migration', yesno, 'yes', 'unsupported', { note: CLUSTER }),
  d('cluster-announce-bus-port', int(0n, 65535n), '0', 'unsupported', { note: CLUSTER }),
  d('cluster-announce-hostname', hostnameType, '', 'unsupported', { note: CLUSTER }),
  d('cluster-announce-ip', nullableStr, '', 'unsupported', { note: CLUSTER }),
  d('cluster-announce-port', int(0n, 65535n), '0', 'unsupported', { note: CLUSTER }),
  d('cluster-announce-tls-port', int(0n, 65535n), '0', 'unsupported', { note: CLUSTER }),
  d('cluster-config-file', str, 'nodes.conf', 'unsupported', { immutable: true, note: CLUSTER }),
  d('cluster-enabled', yesno, 'no', 'unsupported', { immutable: true, note: CLUSTER }),
  d('cluster-link-sendbuf-limit', mem(0n, ULLONG_MAX, { unsigned: true }), '0', 'unsupported', { note: CLUSTER }),
  d('cluster-migration-barrier', int(0n, INT_MAX), '1', 'unsupported', { note: CLUSTER }),
  d('cluster-node-timeout', int(0n, LLONG_MAX), '15000', 'unsupported', { note: CLUSTER }),
  d('cluster-port', int(0n, 65535n), '0', 'unsupported', { immutable: true, note: CLUSTER }),
  d('cluster-preferred-endpoint-type', enumType([['ip', 0], ['hostname', 1], ['unknown-endpoint', 2]]), 'ip', 'unsupported', { note: CLUSTER }),
  d('cluster-replica-no-failover', yesno, 'no', 'unsupported', { aliases: ['cluster-slave-no-failover'], note: CLUSTER }),
  d('cluster-replica-validity-factor', int(0n, INT_MAX), '10', 'unsupported', { aliases: ['cluster-slave-validity-factor'], note: CLUSTER }),
  d('cluster-require-full-coverage', yesno, 'yes', 'unsupported', { note: CLUSTER }),
  d('crash-log-enabled', yesno, 'yes', 'unsupported', { note: 'Node prints its own crash reports' }),
  d('crash-memcheck-enabled', yesno, 'yes', 'unsupported', { note: 'Node prints its own crash reports' }),
  d('daemonize', yesno, 'no', 'implemented', { immutable: true, check: (v) => (v === 'no' ? null : 'not supported by redoubt: run it in the foreground under a service manager (daemonize no)'), note: 'Node cannot fork: only "no"' }),
  d('databases', int(1n, INT_MAX), '16', 'implemented', { immutable: true }),
  d('dbfilename', dbfilenameType, 'dump.rdb', 'accepted', { protected: true, note: RDB }),
  d('dir', dirType, '', 'implemented', { protected: true, denyLoading: true, note: 'default: the working directory at start-up' }),
  d('disable-thp', yesno, 'yes', 'unsupported', { immutable: true, note: OS }),
  d('dynamic-hz', yesno, 'yes', 'accepted', { note: 'tunes the cron; no observable effect on replies' }),
  d('enable-debug-command', enumType(PROTECTED_ACTION), 'no', 'accepted', { immutable: true, note: 'enforced by dispatch for DEBUG' }),
  d('enable-module-command', enumType(PROTECTED_ACTION), 'no', 'unsupported', { immutable: true, note: 'modules are not supported' }),
  d('enable-protected-configs', enumType(PROTECTED_ACTION), 'no', 'implemented', { immutable: true, note: 'guards CONFIG SET dir/dbfilename' }),
  d('hash-max-listpack-entries', int(0n, LLONG_MAX, { unsigned: true }), '512', 'implemented', { aliases: ['hash-max-ziplist-entries'], note: ENCODING_DECIDES }),
  d('hash-max-listpack-value', mem(0n, LLONG_MAX, { unsigned: true }), '64', 'implemented', { aliases: ['hash-max-ziplist-value'], note: ENCODING_DECIDES }),
  d('hll-sparse-max-bytes', mem(0n, LLONG_MAX, { unsigned: true }), '3000', 'accepted', { note: 'read by the HyperLogLog encoder' }),
  d('hz', int(0n, INT_MAX, { normalize: (v) => (v < 1n ? 1n : v > 500n ? 500n : v) }), '10', 'implemented', { note: 'clamped to 1..500 as Redis does' }),
  d('ignore-warnings', str, '', 'accepted', { note: 'start-up warnings are redoubt\'s own' }),
  d('io-threads', int(1n, 128n), '1', 'unsupported', { immutable: true, note: 'single-threaded by design' }),
  d('io-threads-do-reads', yesno, 'no', 'unsupported', { immutable: true, note: 'single-threaded by design' }),
  d('jemalloc-bg-thread', yesno, 'yes', 'unsupported', { note: 'no jemalloc in Node' }),
  d('key-load-delay', int(INT_MIN, INT_MAX), '0', 'unsupported', { hidden: true, note: DEBUGGING }),
  d('latency-monitor-threshold', int(0n, LLONG_MAX), '0', 'accepted', { onlyDefault: true, note: 'LATENCY monitoring arrives later' }),
  d('latency-tracking', yesno, 'yes', 'accepted', { note: 'read by INFO latencystats' }),
  d('latency-tracking-info-percentiles', latencyPercentilesType, '50 99 99.9', 'accepted', { note: 'read by INFO latencystats' }),
  d('lazyfree-lazy-eviction', yesno, 'no', 'accepted', { note: 'lazy freeing has no observable effect in redoubt' }),
  d('lazyfree-lazy-expire', yesno, 'no', 'accepted', { note: 'lazy freeing has no observable effect in redoubt' }),
  d('lazyfree-lazy-server-del', yesno, 'no', 'accepted', { note: 'lazy freeing has no observable effect in redoubt' }),
  d('lazyfree-lazy-user-del', yesno, 'no', 'accepted', { note: 'lazy freeing has no observable effect in redoubt' }),
  d('lazyfree-lazy-user-flush', yesno, 'no', 'accepted', { note: 'lazy freeing has no observable effect in redoubt' }),
  d('lfu-decay-time', int(0n, INT_MAX), '1', 'accepted', { note: 'read by LFU eviction and OBJECT FREQ' }),
  d('lfu-log-factor', int(0n, INT_MAX), '10', 'accepted', { note: 'read by LFU eviction and OBJECT FREQ' }),
  d('list-compress-depth', int(0n, INT_MAX), '0', 'accepted', { note: ENCODING }),
  d('list-max-listpack-size', int(INT_MIN, INT_MAX), '-2', 'accepted', { aliases: ['list-max-ziplist-size'], note: ENCODING }),
  d('loading-process-events-interval-bytes', int(1024n, INT_MAX), '2097152', 'unsupported', { hidden: true, note: DEBUGGING }),
  d('logfile', str, '', 'implemented', { immutable: true }),
  d('loglevel', enumType([['debug', 0], ['verbose', 1], ['notice', 2], ['warning', 3]]), 'notice', 'implemented'),
  d('lua-enable-deprecated-api', yesno, 'no', 'accepted', { immutable: true, hidden: true, onlyDefault: true, note: 'scripting arrives later' }),
  d('masterauth', nullableStr, '', 'unsupported', { sensitive: true, secret: true, note: REPL }),
  d('masteruser', nullableStr, '', 'unsupported', { sensitive: true, note: REPL }),
  d('maxclients', int(1n, UINT_MAX, { unsigned: true }), '10000', 'implemented'),
  d('maxmemory', mem(0n, ULLONG_MAX, { unsigned: true }), '0', 'accepted', { check: (v) => (v === '0' ? null : 'not supported by redoubt yet: memory limits arrive with eviction (only maxmemory 0 is accepted)'), note: 'eviction comes later: only 0 (no limit)' }),
  d('maxmemory-clients', mem(-100n, LLONG_MAX, { percent: true }), '0', 'accepted', { onlyDefault: true, note: 'client eviction arrives later' }),
  d('maxmemory-eviction-tenacity', int(0n, 100n), '10', 'accepted', { note: 'inert while maxmemory is 0' }),
  d('maxmemory-policy', enumType([['volatile-lru', 1], ['volatile-lfu', 2], ['volatile-random', 3], ['volatile-ttl', 4], ['allkeys-lru', 5], ['allkeys-lfu', 6], ['allkeys-random', 7], ['noeviction', 0]]), 'noeviction', 'accepted', { note: 'inert while maxmemory is 0' }),
  d('maxmemory-samples', int(1n, INT_MAX), '5', 'accepted', { note: 'inert while maxmemory is 0' }),
  d('min-replicas-max-lag', int(0n, INT_MAX), '10', 'unsupported', { aliases: ['min-slaves-max-lag'], note: REPL }),
  d('min-replicas-to-write', int(0n, INT_MAX), '0', 'unsupported', { aliases: ['min-slaves-to-write'], note: REPL }),
  d('no-appendfsync-on-rewrite', yesno, 'no', 'accepted', { note: AOF }),
  d('notify-keyspace-events', notifyKeyspaceEventsType, '', 'implemented'),
  d('oom-score-adj', enumType([['no', 0], ['yes', 1], ['relative', 1], ['absolute', 2]]), 'no', 'unsupported', { note: OS }),
  d('oom-score-adj-values', oomScoreAdjValuesType, '0 200 800', 'unsupported', { note: OS }),
  d('pidfile', nullableStr, '', 'implemented', { immutable: true }),
  d('port', int(0n, 65535n), '6379', 'implemented', { note: 'CONFIG SET rebinds, new sockets first; 0 closes plain TCP' }),
  d('proc-title-template', procTitleType, '{title} {listen-addr} {server-mode}', 'accepted', { note: 'cosmetic (process title)' }),
  d('propagation-error-behavior', enumType([['ignore', 0], ['panic', 1], ['panic-on-replicas', 2]]), 'ignore', 'unsupported', { note: REPL }),
  d('protected-mode', yesno, 'yes', 'implemented'),
  d('proto-max-bulk-len', mem(MB, LLONG_MAX), '536870912', 'implemented'),
  d('rdb-del-sync-files', yesno, 'no', 'unsupported', { note: REPL }),
  d('rdb-key-save-delay', int(INT_MIN, INT_MAX), '0', 'unsupported', { hidden: true, note: DEBUGGING }),
  d('rdb-save-incremental-fsync', yesno, 'yes', 'accepted', { note: RDB }),
  d('rdbchecksum', yesno, 'yes', 'accepted', { immutable: true, note: RDB }),
  d('rdbcompression', yesno, 'yes', 'accepted', { note: RDB }),
  d('repl-backlog-size', mem(1n, LLONG_MAX), '1048576', 'unsupported', { note: REPL }),
  d('repl-backlog-ttl', int(0n, LLONG_MAX), '3600', 'unsupported', { note: REPL }),
  d('repl-disable-tcp-nodelay', yesno, 'no', 'unsupported', { note: REPL }),
  d('repl-diskless-load', enumType([['disabled', 0], ['on-empty-db', 1], ['swapdb', 2]]), 'disabled', 'unsupported', { denyLoading: true, note: REPL }),
  d('repl-diskless-sync', yesno, 'yes', 'unsupported', { note: REPL }),
  d('repl-diskless-sync-delay', int(0n, INT_MAX), '5', 'unsupported', { note: REPL }),
  d('repl-diskless-sync-max-replicas', int(0n, INT_MAX), '0', 'unsupported', { note: REPL }),
  d('repl-ping-replica-period', int(1n, INT_MAX), '10', 'unsupported', { aliases: ['repl-ping-slave-period'], note: REPL }),
  d('repl-timeout', int(1n, INT_MAX), '60', 'unsupported', { note: REPL }),
  d('replica-announce-ip', nullableStr, '', 'unsupported', { aliases: ['slave-announce-ip'], note: REPL }),
  d('replica-announce-port', int(0n, 65535n), '0', 'unsupported', { aliases: ['slave-announce-port'], note: REPL }),
  d('replica-announced', yesno, 'yes', 'unsupported', { note: REPL }),
  d('replica-ignore-disk-write-errors', yesno, 'no', 'unsupported', { note: REPL }),
  d('replica-ignore-maxmemory', yesno, 'yes', 'unsupported', { aliases: ['slave-ignore-maxmemory'], note: REPL }),
  d('replica-lazy-flush', yesno, 'no', 'unsupported', { aliases: ['slave-lazy-flush'], note: REPL }),
  d('replica-priority', int(0n, INT_MAX), '100', 'unsupported', { aliases: ['slave-priority'], note: REPL }),
  d('replica-read-only', yesno, 'yes', 'unsupported', { aliases: ['slave-read-only'], note: REPL }),
  d('replica-serve-stale-data', yesno, 'yes', 'unsupported', { aliases: ['slave-serve-stale-data'], note: REPL }),
  d('replicaof', replicaofType, '', 'unsupported', { aliases: ['slaveof'], immutable: true, note: REPL }),
  d('requirepass', nullableStr, '', 'implemented', { sensitive: true, secret: true, note: 'the password of the default user' }),
  d('sanitize-dump-payload', enumType([['no', 0], ['yes', 1], ['clients', 2]]), 'no', 'accepted', { onlyDefault: true, note: 'RESTORE payload checks arrive with DUMP/RESTORE' }),
  // Redis starts with "3600 1 300 100 60 10000"; redoubt cannot snapshot yet, so it starts
  // with "" rather than report a schedule it does not keep.
  d('save', saveType, '3600 1 300 100 60 10000', 'accepted', { initial: '', check: saveCheck, note: 'persistence comes later: only save "" is accepted; redoubt starts with save ""' }),
  d('server_cpulist', nullableStr, '', 'unsupported', { immutable: true, note: OS }),
  d('set-max-intset-entries', int(0n, LLONG_MAX, { unsigned: true }), '512', 'implemented', { note: ENCODING_DECIDES }),
  d('set-proc-title', yesno, 'yes', 'accepted', { immutable: true, note: 'cosmetic (process title)' }),
  d('shutdown-on-sigint', shutdownType, 'default', 'accepted', { check: shutdownCheck, note: 'the save flag needs persistence' }),
  d('shutdown-on-sigterm', shutdownType, 'default', 'accepted', { check: shutdownCheck, note: 'the save flag needs persistence' }),
  d('shutdown-timeout', int(0n, INT_MAX), '10', 'accepted', { note: 'waits for replicas: inert without replication' }),
  d('slowlog-log-slower-than', int(-1n, LLONG_MAX), '10000', 'accepted', { note: 'read by SLOWLOG' }),
  d('slowlog-max-len', int(0n, LLONG_MAX), '128', 'accepted', { note: 'read by SLOWLOG' }),
  d('socket-mark-id', int(0n, UINT_MAX, { unsigned: true }), '0', 'unsupported', { immutable: true, note: OS }),
  d('stop-writes-on-bgsave-error', yesno, 'yes', 'accepted', { note: RDB }),
  d('stream-node-max-bytes', mem(0n, LLONG_MAX, { unsigned: true }), '4096', 'accepted', { note: ENCODING }),
  d('stream-node-max-entries', int(0n, LLONG_MAX), '100', 'accepted', { note: ENCODING }),
  d('supervised', enumType([['upstart', 1], ['systemd', 2], ['auto', 3], ['no', 0]]), 'no', 'unsupported', { immutable: true, note: 'no service-manager notification' }),
  d('syslog-enabled', yesno, 'no', 'unsupported', { immutable: true, note: 'no syslog output' }),
  d('syslog-facility', enumType([['user', 8], ['local0', 128], ['local1', 136], ['local2', 144], ['local3', 152], ['local4', 160], ['local5', 168], ['local6', 176], ['local7', 184]]), 'local0', 'unsupported', { immutable: true, note: 'no syslog output' }),
  d('syslog-ident', str, 'redis', 'unsupported', { immutable: true, note: 'no syslog output' }),
  d('tcp-backlog', int(0n, INT_MAX), '511', 'implemented', { immutable: true }),
  d('tcp-keepalive', int(0n, INT_MAX), '300', 'implemented'),
  d('timeout', int(0n, INT_MAX), '0', 'implemented'),
  d('tls-auth-clients', enumType([['no', 0], ['yes', 1], ['optional', 2]]), 'yes', 'implemented'),
  d('tls-ca-cert-dir', nullableStr, '', 'implemented'),
  d('tls-ca-cert-file', nullableStr, '', 'implemented'),
  d('tls-cert-file', nullableStr, '', 'implemented'),
  d('tls-ciphers', nullableStr, '', 'implemented'),
  d('tls-ciphersuites', nullableStr, '', 'implemented'),
  d('tls-client-cert-file', nullableStr, '', 'implemented', { note: 'loaded and checked; for outgoing TLS connections, which redoubt does not make yet' }),
  d('tls-client-key-file', nullableStr, '', 'implemented', { note: 'loaded and checked; for outgoing TLS connections, which redoubt does not make yet' }),
  d('tls-client-key-file-pass', nullableStr, '', 'implemented', { sensitive: true, secret: true, note: 'loaded and checked; for outgoing TLS connections, which redoubt does not make yet' }),
  d('tls-cluster', yesno, 'no', 'accepted', { onlyDefault: true, note: TLS }),
  d('tls-dh-params-file', nullableStr, '', 'implemented'),
  d('tls-key-file', nullableStr, '', 'implemented'),
  d('tls-key-file-pass', nullableStr, '', 'implemented', { sensitive: true, secret: true }),
  d('tls-port', int(0n, 65535n), '0', 'implemented', { note: 'a TLS listener on the bind addresses; CONFIG SET rebinds, new sockets first' }),
  d('tls-prefer-server-ciphers', yesno, 'no', 'implemented'),
  d('tls-protocols', nullableStr, '', 'implemented'),
  d('tls-replication', yesno, 'no', 'accepted', { onlyDefault: true, note: TLS }),
  d('tls-session-cache-size', int(0n, INT_MAX), '20480', 'implemented', { note: '0 (unlimited in OpenSSL) is bounded at 1048576 sessions' }),
  d('tls-session-cache-timeout', int(0n, INT_MAX), '300', 'implemented'),
  d('tls-session-caching', yesno, 'yes', 'implemented'),
  d('tracking-table-max-keys', int(0n, LLONG_MAX, { unsigned: true }), '1000000', 'accepted', { note: 'read by client-side caching (CLIENT TRACKING)' }),
  d('unixsocket', nullableStr, '', 'implemented', { immutable: true }),
  d('unixsocketperm', int(0n, 0o777n, { octal: true, unsigned: true }), '0', 'implemented', { immutable: true }),
  d('use-exit-on-panic', yesno, 'no', 'unsupported', { hidden: true, note: DEBUGGING }),
  d('watchdog-period', int(0n, INT_MAX), '0', 'unsupported', { hidden: true, note: DEBUGGING }),
  d('zset-max-listpack-entries', int(0n, LLONG_MAX, { unsigned: true }), '128', 'implemented', { aliases: ['zset-max-ziplist-entries'], note: ENCODING_DECIDES }),
  d('zset-max-listpack-value', mem(0n, LLONG_MAX, { unsigned: true }), '64', 'implemented', { aliases: ['zset-max-ziplist-value'], note: ENCODING_DECIDES }),
]

/** Directives only a config file (or command line) knows; parse-file.ts handles them. */
// biome-ignore format: one directive per line keeps the table readable
const FILE_ONLY_DIRECTIVES: readonly FileOnlyDirective[] = [
  { kind: 'file-only', name: 'include', usage: '<path or glob>', support: 'implemented', note: 'relative to the working directory, as Redis' },
  { kind: 'file-only', name: 'rename-command', usage: '<command> <new-name or "">', support: 'implemented', note: 'collected here, applied by the command table' },
  { kind: 'file-only', name: 'user', usage: '<name> [rule ...]', support: 'implemented', note: 'ACL users, applied at startup (not with an aclfile, as Redis)' },
  { kind: 'file-only', name: 'loadmodule', usage: '<path> [arg ...]', support: 'unsupported', note: 'modules cannot be loaded' },
  { kind: 'file-only', name: '<module>.<name>', usage: '<value>', support: 'unsupported', note: 'module configuration needs modules' },
  { kind: 'file-only', name: 'sentinel', usage: '...', support: 'unsupported', note: 'Sentinel mode is not implemented' },
  { kind: 'file-only', name: 'list-max-ziplist-entries', usage: '<value>', support: 'accepted', note: 'deprecated; ignored with a warning, as Redis ignores it' },
  { kind: 'file-only', name: 'list-max-ziplist-value', usage: '<value>', support: 'accepted', note: 'deprecated; ignored with a warning, as Redis ignores it' },
  { kind: 'file-only', name: 'lua-replicate-commands', usage: '<value>', support: 'accepted', note: 'deprecated; ignored with a warning, as Redis ignores it' },
]

/** The whole table: value directives, then file-only ones. */
export const DIRECTIVES: readonly Directive[] = [...VALUE_DIRECTIVES, ...FILE_ONLY_DIRECTIVES]

/** Directives Redis 7.0 still accepts (with exactly one argument) and ignores. */
export const DEPRECATED_DIRECTIVES: ReadonlySet<string> = new Set([
  'list-max-ziplist-entries',
  'list-max-ziplist-value',
  'lua-replicate-commands',
])

/** A name CONFIG GET/SET knows: the directive and the name it was found under (lower case). */
export interface DirectiveEntry {
  readonly directive: ValueDirective
  /** The canonical name or the alias, lower case: what Redis reports in errors. */
  readonly name: string
  readonly isAlias: boolean
}

const BY_NAME = new Map<string, DirectiveEntry>()
for (const directive of VALUE_DIRECTIVES) {
  BY_NAME.set(directive.name, { directive, name: directive.name, isAlias: false })
  for (const alias of directive.aliases) BY_NAME.set(alias, { directive, name: alias, isAlias: true })
}

/** Looks a directive up by canonical name or alias, case-insensitively. */
export function lookupDirective(name: string): DirectiveEntry | undefined {
  return BY_NAME.get(name.toLowerCase())
}

/** Every name CONFIG GET knows (canonical names and aliases, hidden ones included), in table order. */
export function allDirectiveEntries(): IterableIterator<DirectiveEntry> {
  return BY_NAME.values()
}

/** Every value directive, in table order. */
export function valueDirectives(): readonly ValueDirective[] {
  return VALUE_DIRECTIVES
}

/** True when CONFIG SET's value for 'name' must be redacted from MONITOR, SLOWLOG and logs. */
export function isSensitiveDirective(name: string): boolean {
  return lookupDirective(name)?.directive.sensitive === true
}

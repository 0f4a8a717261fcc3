/**
 * CONFIG SET replies of redis-server 7.0.15 (a default instance), captured with redis-cli:
 * [name, value, error reply]. A redoubt store must give the same text for each.
 */
export const REDIS_7_0_15_SET_ERRORS: ReadonlyArray<readonly [string, string, string]> = [
  [
    'port',
    'abc',
    "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer",
  ],
  [
    'port',
    '+5',
    "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer",
  ],
  [
    'port',
    '05',
    "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer",
  ],
  [
    'port',
    '-0',
    "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer",
  ],
  [
    'port',
    '65536',
    "ERR CONFIG SET failed (possibly related to argument 'port') - argument must be between 0 and 65535 inclusive",
  ],
  [
    'port',
    '-1',
    "ERR CONFIG SET failed (possibly related to argument 'port') - argument must be between 0 and 65535 inclusive",
  ],
  [
    'port',
    '99999999999999999999',
    "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer",
  ],
  [
    'timeout',
    '-1',
    "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive",
  ],
  [
    'maxclients',
    '0',
    "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive",
  ],
  [
    'maxclients',
    '-1',
    "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive",
  ],
  [
    'databases',
    '4',
    "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config",
  ],
  [
    'maxmemory',
    '1xb',
    "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value",
  ],
  [
    'maxmemory',
    '-1',
    "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value",
  ],
  [
    'maxmemory',
    '1.5gb',
    "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value",
  ],
  [
    'maxmemory-clients',
    '101%',
    "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100",
  ],
  [
    'maxmemory-clients',
    '-5%',
    "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument must be a memory or percent value",
  ],
  [
    'maxmemory-clients',
    'abc',
    "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument must be a memory or percent value",
  ],
  [
    'proto-max-bulk-len',
    '1000',
    "ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive",
  ],
  [
    'proto-max-bulk-len',
    '18446744073709551615',
    "ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive",
  ],
  [
    'client-query-buffer-limit',
    '1kb',
    "ERR CONFIG SET failed (possibly related to argument 'client-query-buffer-limit') - argument must be between 1048576 and 9223372036854775807 inclusive",
  ],
  [
    'hash-max-listpack-entries',
    '-1',
    "ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument must be between 0 and 9223372036854775807 inclusive",
  ],
  [
    'hash-max-listpack-value',
    '-1',
    "ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-value') - argument must be a memory value",
  ],
  [
    'list-max-listpack-size',
    '-2147483649',
    "ERR CONFIG SET failed (possibly related to argument 'list-max-listpack-size') - argument must be between -2147483648 and 2147483647 inclusive",
  ],
  [
    'slowlog-log-slower-than',
    '-2',
    "ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - argument must be between -1 and 9223372036854775807 inclusive",
  ],
  [
    'active-expire-effort',
    '11',
    "ERR CONFIG SET failed (possibly related to argument 'active-expire-effort') - argument must be between 1 and 10 inclusive",
  ],
  [
    'loglevel',
    'foo',
    "ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning",
  ],
  [
    'loglevel',
    '',
    "ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning",
  ],
  [
    'appendfsync',
    'sometimes',
    "ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: everysec, always, no",
  ],
  [
    'maxmemory-policy',
    'lru',
    "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction",
  ],
  [
    'acl-pubsub-default',
    'x',
    "ERR CONFIG SET failed (possibly related to argument 'acl-pubsub-default') - argument(s) must be one of the following: allchannels, resetchannels",
  ],
  [
    'appendonly',
    'maybe',
    "ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'",
  ],
  [
    'protected-mode',
    '',
    "ERR CONFIG SET failed (possibly related to argument 'protected-mode') - argument must be 'yes' or 'no'",
  ],
  [
    'notify-keyspace-events',
    'Q',
    "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
  ],
  ['save', '1 2 3', "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"],
  ['save', '0 1', "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"],
  ['save', '1 -1', "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"],
  ['save', 'x 1', "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"],
  [
    'oom-score-adj-values',
    '1 2',
    "ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - wrong number of arguments",
  ],
  [
    'oom-score-adj-values',
    '1 2 2001',
    "ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - Invalid oom-score-adj-values, elements must be between -2000 and 2000.",
  ],
  [
    'client-output-buffer-limit',
    'normal 1 2',
    "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Wrong number of arguments in buffer limit configuration.",
  ],
  [
    'client-output-buffer-limit',
    'master 1 2 3',
    "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.",
  ],
  [
    'client-output-buffer-limit',
    'normal 1x 2 3',
    "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration.",
  ],
  [
    'client-output-buffer-limit',
    'normal 1 2 -3',
    "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration.",
  ],
  [
    'latency-tracking-info-percentiles',
    '101',
    "ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - latency-tracking-info-percentiles parameters should sit between [0.0,100.0]",
  ],
  [
    'latency-tracking-info-percentiles',
    'x',
    "ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - Invalid latency-tracking-info-percentiles parameters",
  ],
  [
    'latency-tracking-info-percentiles',
    'nan',
    "ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - Invalid latency-tracking-info-percentiles parameters",
  ],
  [
    'bind',
    '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17',
    "ERR CONFIG SET failed (possibly related to argument 'bind') - Too many bind addresses specified.",
  ],
  [
    'proc-title-template',
    '{title}',
    "ERR CONFIG SET failed (possibly related to argument 'proc-title-template') - template format is invalid or contains unknown variables",
  ],
  [
    'proc-title-template',
    '{nope}',
    "ERR CONFIG SET failed (possibly related to argument 'proc-title-template') - template format is invalid or contains unknown variables",
  ],
  [
    'cluster-announce-hostname',
    'a_b',
    "ERR CONFIG SET failed (possibly related to argument 'cluster-announce-hostname') - Hostnames may only contain alphanumeric characters, hyphens or dots",
  ],
  [
    'shutdown-on-sigint',
    'save nosave',
    "ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - shutdown options SAVE and NOSAVE can't be used simultaneously",
  ],
  [
    'shutdown-on-sigint',
    'sometimes',
    "ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - argument(s) must be one of the following: default, save, nosave, now, force",
  ],
  [
    'dbfilename',
    'a/b',
    "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config",
  ],
  ['dir', '/tmp', "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config"],
  [
    'daemonize',
    'yes',
    "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
  ],
  [
    'unixsocketperm',
    '700',
    "ERR CONFIG SET failed (possibly related to argument 'unixsocketperm') - can't set immutable config",
  ],
  [
    'slaveof',
    'no one',
    "ERR CONFIG SET failed (possibly related to argument 'slaveof') - can't set immutable config",
  ],
  [
    'replicaof',
    'no one',
    "ERR CONFIG SET failed (possibly related to argument 'replicaof') - can't set immutable config",
  ],
  [
    'enable-protected-configs',
    'yes',
    "ERR CONFIG SET failed (possibly related to argument 'enable-protected-configs') - can't set immutable config",
  ],
]

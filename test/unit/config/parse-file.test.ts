import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { ConfigFileError, formatConfigError } from '../../../src/config/config-error.js'
import { ConfigStore } from '../../../src/config/config-store.js'
import { loadConfig } from '../../../src/config/load-config.js'
import { emptyExtras, loadConfigTexts, MAX_INCLUDE_DEPTH } from '../../../src/config/parse-file.js'

const root = realpathSync(mkdtempSync(join(tmpdir(), 'redoubt-config-')))
after(() => rmSync(root, { recursive: true, force: true }))
let seq = 0

/** Writes 'text' to a fresh file under the temp directory and returns its path. */
function file(text: string, name = `t${++seq}.conf`): string {
  const p = join(root, name)
  writeFileSync(p, text, 'latin1')
  return p
}

/** The ConfigFileError loading 'text' as a config file throws. */
function errorOf(text: string, options = ''): ConfigFileError {
  try {
    loadConfig({ configFile: file(text), options, cwd: root })
  } catch (err) {
    if (err instanceof ConfigFileError) return err
    throw err
  }
  throw new Error('loaded without error')
}

/** Loads a config file's lines into a store without the support checks (file semantics only). */
function rawLoad(text: string): ConfigStore {
  const store = new ConfigStore({ cwd: root })
  loadConfigTexts([{ origin: 'file', file: 'x.conf', text }], store, emptyExtras())
  return store
}

test('a bad line stops start-up with the block redis-server prints, naming the file', () => {
  const path = file('# c\nport "abc"\n')
  try {
    loadConfig({ configFile: path, cwd: root })
    assert.fail('loaded')
  } catch (err) {
    assert.ok(err instanceof ConfigFileError)
    assert.equal(err.code, 'RDT_ERR_CONFIG_INVALID')
    assert.equal(
      formatConfigError(err, '0.1.0'),
      `\n*** FATAL CONFIG FILE ERROR (redoubt 0.1.0) ***\nReading the configuration file '${path}', at line 2\n>>> 'port "abc"'\nargument couldn't be parsed into an integer\n`,
    )
  }
})

test('line errors carry Redis 7.0.15 reasons', () => {
  const cases: Array<[string, number, string, string]> = [
    ['port 1 2\n', 1, 'port 1 2', 'wrong number of arguments'],
    ['foo bar\n', 1, 'foo bar', 'Bad directive or wrong number of arguments'],
    ['port "abc\n', 1, 'port "abc', 'Unbalanced quotes in configuration line'],
    [
      'loglevel x\n',
      1,
      'loglevel x',
      'argument(s) must be one of the following: debug, verbose, notice, warning',
    ],
    ['daemonize maybe\n', 1, 'daemonize maybe', "argument must be 'yes' or 'no'"],
    ['save 1\n', 1, 'save 1', 'Invalid save parameters'],
    ['user\n', 1, 'user', 'Bad directive or wrong number of arguments'],
    ['include a b\n', 1, 'include a b', 'Bad directive or wrong number of arguments'],
    [
      'list-max-ziplist-entries 5 6\n',
      1,
      'list-max-ziplist-entries 5 6',
      'Bad directive or wrong number of arguments',
    ],
    ['maxmemory 1xb\n', 1, 'maxmemory 1xb', 'argument must be a memory value'],
    ['slaveof a\n', 1, 'slaveof a', 'wrong number of arguments'],
    ['replicaof a 99999\n', 1, 'replicaof a 99999', 'Invalid master port'],
    ['dir /nonexistent-redoubt\n', 1, 'dir /nonexistent-redoubt', 'No such file or directory'],
    ['dir /etc/passwd\n', 1, 'dir /etc/passwd', 'Not a directory'],
    ['PORT "abc"\n', 1, 'PORT "abc"', "argument couldn't be parsed into an integer"],
    ['  port   abc  \n', 1, 'port   abc', "argument couldn't be parsed into an integer"],
    ['port abc\r\n', 1, 'port abc', "argument couldn't be parsed into an integer"],
    ['\tport abc # x\n', 1, 'port abc # x', 'wrong number of arguments'],
    ['save ""\nsave 5 a\n', 2, 'save 5 a', 'Invalid save parameters'],
    ['notify-keyspace-events a b\n', 1, 'notify-keyspace-events a b', 'wrong number of arguments'],
    ['slaveof no one\nport x\n', 2, 'port x', "argument couldn't be parsed into an integer"],
    ['sentinel x\n', 1, 'sentinel x', 'sentinel directive while not in sentinel mode'],
    [
      'foo.bar x\nfoo.baz\n',
      1,
      'foo.bar x',
      'not supported by redoubt: module configuration needs a loaded module',
    ],
    ['foo.baz\n', 1, 'foo.baz', 'Module config specified without value'],
    ['loadmodule /x.so\n', 1, 'loadmodule /x.so', 'not supported by redoubt: modules cannot be loaded'],
  ]
  for (const [text, line, shown, reason] of cases) {
    const err = errorOf(text)
    assert.equal(err.reason, reason, text)
    assert.equal(err.location?.line, line, text)
    assert.equal(err.location?.text, shown, text)
  }
})

test('a log file that cannot be opened is reported without a line, as Redis does', () => {
  const err = errorOf('logfile /nonexistent-redoubt/x.log\n')
  assert.equal(err.location, null)
  assert.equal(
    formatConfigError(err, '0.1.0'),
    "\n*** FATAL CONFIG FILE ERROR (redoubt 0.1.0) ***\nCan't open the log file: No such file or directory\n",
  )
})

test('a missing config file gives Redis\'s "can\'t open" message with its absolute path', () => {
  try {
    loadConfig({ configFile: 'missing.conf', cwd: root })
    assert.fail('loaded')
  } catch (err) {
    assert.ok(err instanceof ConfigFileError)
    assert.equal(err.code, 'RDT_ERR_CONFIG_OPEN')
    assert.equal(
      formatConfigError(err, '0.1.0'),
      `Fatal error, can't open config file '${join(root, 'missing.conf')}': No such file or directory\n`,
    )
  }
})

test('comments, blank lines and quoting follow sdssplitargs', () => {
  const { store } = loadConfig({
    configFile: file(
      '# comment\n\n   # indented comment\nrequirepass "a b\\x41\\n"\nproc-title-template \'{port} x\'\n',
    ),
    cwd: root,
  })
  assert.equal(store.getString('requirepass'), 'a bA\n')
  assert.equal(store.getString('proc-title-template'), '{port} x')
})

test('later lines override earlier ones; command-line options override the file', () => {
  const { store } = loadConfig({
    configFile: file('port 7000\ntimeout 5\nport 7001\n'),
    options: 'timeout "9"',
    cwd: root,
  })
  assert.equal(store.getNumber('port'), 7001)
  assert.equal(store.getNumber('timeout'), 9)
})

test('options are numbered after the file, as Redis reads file and options as one text', () => {
  const err = errorOf('port 7000\n# x\n\n', 'databases "4"\nport "abc"')
  assert.equal(err.location?.origin, 'options')
  assert.equal(err.location?.line, 6)
  assert.match(
    formatConfigError(err, '0.1.0'),
    /\nReading the command line options, at line 6\n>>> 'port "abc"'\n/,
  )
  try {
    loadConfig({ options: 'databases "4"\nport "abc"', cwd: root })
    assert.fail('loaded')
  } catch (e) {
    assert.equal((e as ConfigFileError).location?.line, 3)
  }
})

test('stdin is read between the file and the options', () => {
  const { store } = loadConfig({
    configFile: file('port 7000\n'),
    stdin: 'port 7001\ntimeout 3\n',
    options: 'timeout "4"',
    cwd: root,
  })
  assert.equal(store.getNumber('port'), 7001)
  assert.equal(store.getNumber('timeout'), 4)
  try {
    loadConfig({ stdin: 'port x\n', cwd: root })
    assert.fail('loaded')
  } catch (e) {
    const err = e as ConfigFileError
    assert.equal(err.location?.origin, 'stdin')
    assert.match(formatConfigError(err, '0.1.0'), /Reading the configuration from standard input, at line 1/)
  }
})

test('unsupported values are refused at start-up, at the last line that set them', () => {
  const err = errorOf('cluster-enabled yes\n')
  assert.equal(err.reason, "not supported by redoubt (only the default value 'no' is accepted)")
  assert.equal(
    errorOf('daemonize yes\n').reason,
    'not supported by redoubt: run it in the foreground under a service manager (daemonize no)',
  )
  const save = errorOf('save 900 1\nsave 300 10\n')
  assert.equal(save.location?.line, 2)
  assert.equal(save.reason, 'not supported by redoubt yet: persistence is not implemented (use save "")')
  assert.equal(
    errorOf('appendonly yes\n').reason,
    'not supported by redoubt yet: persistence is not implemented (use appendonly no)',
  )
  // An override that switches it off is fine: the effective value is what counts.
  assert.equal(
    loadConfig({
      configFile: file('save 900 1\nappendonly yes\n'),
      options: 'save ""\nappendonly "no"',
      cwd: root,
    }).store.getString('save'),
    '',
  )
})

test('save lines add up in a file, and save "" clears (redis 7.0.15)', () => {
  assert.equal(rawLoad('save 60 1\nsave 70 2\n').getString('save'), '60 1 70 2')
  assert.equal(rawLoad('save 60 1\nsave ""\nsave 70 2\n').getString('save'), '70 2')
  assert.equal(rawLoad('save 70 2\nsave ""\n').getString('save'), '')
  assert.equal(rawLoad('port 1\n').getString('save'), '')
})

test('a multi-argument directive given one argument splits it again', () => {
  assert.equal(rawLoad('save "1 \\"2\\""\n').getString('save'), '1 2')
  assert.equal(rawLoad('bind "127.0.0.1 ::1"\n').getString('bind'), '127.0.0.1 ::1')
  // Unbalanced quotes inside the value give no arguments at all, as in Redis.
  assert.equal(rawLoad("save '\"1 2'\n").getString('save'), '')
  assert.equal(rawLoad('bind ""\n').getString('bind'), '')
})

test('deprecated directives Redis ignores are accepted with a warning', () => {
  const loaded = loadConfig({
    configFile: file('list-max-ziplist-entries 5\nlua-replicate-commands yes\n'),
    cwd: root,
  })
  assert.equal(loaded.warnings.length, 2)
  assert.match(loaded.warnings[0]!, /^'list-max-ziplist-entries' is deprecated and has no effect/)
})

test('rename-command and user lines are collected with their location for later layers', () => {
  const path = file('rename-command DEBUG ""\nuser bob on >pw ~* +@all\nrename-command CONFIG cfg\n')
  const loaded = loadConfig({ configFile: path, cwd: root })
  assert.deepEqual(
    loaded.renames.map((r) => [r.command, r.newName, r.location.line]),
    [
      ['DEBUG', '', 1],
      ['CONFIG', 'cfg', 3],
    ],
  )
  assert.deepEqual(loaded.users[0]?.name, 'bob')
  assert.deepEqual(loaded.users[0]?.rules, ['on', '>pw', '~*', '+@all'])
  assert.equal(loaded.users[0]?.location.text, 'user bob on >pw ~* +@all')
  assert.equal(loaded.users[0]?.location.file, path)
  // The ACL layer reports its own errors in the same shape.
  const err = new ConfigFileError("Error in user declaration 'bob': Syntax error", loaded.users[0]!.location)
  assert.match(
    formatConfigError(err, '0.1.0'),
    /at line 2\n>>> 'user bob on >pw ~\* \+@all'\nError in user declaration/,
  )
})

test('include reads a file in place, relative to the working directory', () => {
  mkdirSync(join(root, 'inc'), { recursive: true })
  writeFileSync(join(root, 'inc', 'a.conf'), 'timeout 7\nport 7002\n')
  const { store, files } = loadConfig({
    configFile: file('port 7000\ninclude inc/a.conf\ntimeout 8\n'),
    cwd: root,
  })
  assert.equal(store.getNumber('port'), 7002)
  assert.equal(store.getNumber('timeout'), 8)
  assert.deepEqual(files.slice(1), ['inc/a.conf'])
})

test('an error inside an included file names that file and its own line number', () => {
  writeFileSync(join(root, 'inc', 'bad.conf'), '# one\ndatabases "x"\n')
  const err = errorOf('port 7000\ninclude inc/bad.conf\n')
  assert.equal(err.location?.file, 'inc/bad.conf')
  assert.equal(err.location?.line, 2)
  assert.equal(err.reason, "argument couldn't be parsed into an integer")
})

test('include resolves against the directory a dir line moved to, as Redis chdir()s', () => {
  mkdirSync(join(root, 'moved'), { recursive: true })
  writeFileSync(join(root, 'moved', 'b.conf'), 'timeout 11\n')
  const { store } = loadConfig({ configFile: file('dir moved\ninclude b.conf\n'), cwd: root })
  assert.equal(store.getNumber('timeout'), 11)
  assert.equal(store.getString('dir'), join(root, 'moved'))
})

test('a missing include is fatal; a wildcard include matching nothing is not', () => {
  const err = errorOf('include /nonexistent-redoubt.conf\n')
  assert.equal(err.code, 'RDT_ERR_CONFIG_OPEN')
  assert.equal(
    err.reason,
    "Fatal error, can't open config file '/nonexistent-redoubt.conf': No such file or directory",
  )
  const { store } = loadConfig({ configFile: file('include nomatch/*.conf\nport 0\n'), cwd: root })
  assert.equal(store.getNumber('port'), 0)
})

test('a wildcard include reads the matching files in sorted order', () => {
  mkdirSync(join(root, 'conf.d'), { recursive: true })
  writeFileSync(join(root, 'conf.d', '20-b.conf'), 'timeout 20\n')
  writeFileSync(join(root, 'conf.d', '10-a.conf'), 'timeout 10\nport 7010\n')
  writeFileSync(join(root, 'conf.d', '.hidden.conf'), 'port 1\n')
  writeFileSync(join(root, 'conf.d', 'x.txt'), 'port 2\n')
  const { store, files } = loadConfig({ configFile: file('include conf.d/*.conf\n'), cwd: root })
  assert.equal(store.getNumber('timeout'), 20)
  assert.equal(store.getNumber('port'), 7010)
  assert.deepEqual(files.slice(1), ['conf.d/10-a.conf', 'conf.d/20-b.conf'])
  writeFileSync(join(root, 'conf.d', '30-c.conf'), 'port 7030\n\nport x\n')
  const err = errorOf('include conf.d/[0-9]?-*.conf\n')
  assert.equal(err.location?.file, 'conf.d/30-c.conf')
  assert.equal(err.location?.line, 3)
  rmSync(join(root, 'conf.d', '30-c.conf'))
})

test('an include loop or too deep a chain of includes is refused', () => {
  const a = join(root, 'loop-a.conf')
  const b = join(root, 'loop-b.conf')
  writeFileSync(a, `include ${b}\n`)
  writeFileSync(b, 'port 1\ninclude loop-a.conf\n')
  try {
    loadConfig({ configFile: a, cwd: root })
    assert.fail('loaded')
  } catch (e) {
    const err = e as ConfigFileError
    assert.equal(err.reason, "include loop: 'loop-a.conf' is already being read")
    assert.equal(err.location?.file, b)
    assert.equal(err.location?.line, 2)
  }
  for (let i = 0; i <= MAX_INCLUDE_DEPTH; i++)
    writeFileSync(join(root, `deep${i}.conf`), `include deep${i + 1}.conf\n`)
  writeFileSync(join(root, `deep${MAX_INCLUDE_DEPTH + 1}.conf`), 'port 1\n')
  assert.throws(
    () => loadConfig({ configFile: join(root, 'deep0.conf'), cwd: root }),
    (e: unknown) =>
      e instanceof ConfigFileError && e.reason === `include nesting deeper than ${MAX_INCLUDE_DEPTH} files`,
  )
  // Including the same file twice in a row is no loop.
  writeFileSync(join(root, 'twice.conf'), 'timeout 1\n')
  assert.equal(
    loadConfig({ configFile: file('include twice.conf\ninclude twice.conf\n'), cwd: root }).store.getNumber(
      'timeout',
    ),
    1,
  )
})

test('the stock Debian redis.conf loads once daemonize, pidfile and logfile are overridden', () => {
  const stock = [
    'bind 127.0.0.1 -::1',
    'protected-mode yes',
    'port 6379',
    'tcp-backlog 511',
    'timeout 0',
    'tcp-keepalive 300',
    'daemonize yes',
    'pidfile /run/redis/redis-server.pid',
    'loglevel notice',
    'logfile /var/log/redis/redis-server.log',
    'databases 16',
    'always-show-logo no',
    'set-proc-title yes',
    'proc-title-template "{title} {listen-addr} {server-mode}"',
    'stop-writes-on-bgsave-error yes',
    'rdbcompression yes',
    'rdbchecksum yes',
    'dbfilename dump.rdb',
    'rdb-del-sync-files no',
    // 'dir /var/lib/redis' left out: like Redis, redoubt fails at that line when it does not exist.
    'replica-serve-stale-data yes',
    'replica-read-only yes',
    'repl-diskless-sync yes',
    'repl-diskless-sync-delay 5',
    'repl-diskless-sync-max-replicas 0',
    'repl-diskless-load disabled',
    'repl-disable-tcp-nodelay no',
    'replica-priority 100',
    'acllog-max-len 128',
    'lazyfree-lazy-eviction no',
    'lazyfree-lazy-expire no',
    'lazyfree-lazy-server-del no',
    'replica-lazy-flush no',
    'lazyfree-lazy-user-del no',
    'lazyfree-lazy-user-flush no',
    'oom-score-adj no',
    'oom-score-adj-values 0 200 800',
    'disable-thp yes',
    'appendonly no',
    'appendfilename "appendonly.aof"',
    'appenddirname "appendonlydir"',
    'appendfsync everysec',
    'no-appendfsync-on-rewrite no',
    'auto-aof-rewrite-percentage 100',
    'auto-aof-rewrite-min-size 64mb',
    'aof-load-truncated yes',
    'aof-use-rdb-preamble yes',
    'aof-timestamp-enabled no',
    ' ',
    'slowlog-log-slower-than 10000',
    'slowlog-max-len 128',
    'latency-monitor-threshold 0',
    'notify-keyspace-events ""',
    'hash-max-listpack-entries 512',
    'hash-max-listpack-value 64',
    'list-max-listpack-size -2',
    'list-compress-depth 0',
    'set-max-intset-entries 512',
    'zset-max-listpack-entries 128',
    'zset-max-listpack-value 64',
    'hll-sparse-max-bytes 3000',
    'stream-node-max-bytes 4096',
    'stream-node-max-entries 100',
    'activerehashing yes',
    'client-output-buffer-limit normal 0 0 0',
    'client-output-buffer-limit replica 256mb 64mb 60',
    'client-output-buffer-limit pubsub 32mb 8mb 60',
    'hz 10',
    'dynamic-hz yes',
    'aof-rewrite-incremental-fsync yes',
    'rdb-save-incremental-fsync yes',
    'jemalloc-bg-thread yes',
    '',
  ].join('\n')
  const options = 'daemonize "no"\npidfile ""\nlogfile ""'
  const { store } = loadConfig({ configFile: file(stock), options, cwd: root })
  assert.equal(store.getString('bind'), '127.0.0.1 -::1')
  assert.equal(
    store.getString('client-output-buffer-limit'),
    'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
  )
})

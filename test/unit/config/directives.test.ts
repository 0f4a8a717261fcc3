import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ConfigView } from '../../../src/commands/context.js'
import { ConfigStore } from '../../../src/config/config-store.js'
import {
  DIRECTIVES,
  isSensitiveDirective,
  lookupDirective,
  valueDirectives,
} from '../../../src/config/directives.js'
import { REDIS_7_0_15_DEFAULTS, REDIS_7_0_15_HIDDEN } from './redis-defaults.js'

test('the table holds exactly the names CONFIG GET * lists on redis-server 7.0.15', () => {
  const store = new ConfigStore({ cwd: '/tmp' })
  const ours = store
    .get(['*'])
    .map(([k]) => k)
    .filter((k) => k !== 'dir')
    .sort()
  assert.deepEqual(
    ours,
    REDIS_7_0_15_DEFAULTS.map(([k]) => k),
  )
})

test('every directive starts at the value redis-server 7.0.15 reports without a config file, save and bind apart', () => {
  const store = new ConfigStore({ cwd: '/tmp' })
  const got = new Map(store.get(['*']))
  for (const [name, value] of REDIS_7_0_15_DEFAULTS) {
    // redoubt starts with save "" until persistence lands (the table keeps Redis's default).
    if (name === 'save') {
      assert.equal(got.get(name), '')
      assert.equal(lookupDirective('save')?.directive.default, value)
      continue
    }
    // Deliberate deviation (README): loopback-only bind by default, as the shipped redis.conf.
    if (name === 'bind') {
      assert.equal(got.get(name), '127.0.0.1 -::1')
      continue
    }
    assert.equal(got.get(name), value, name)
  }
  assert.equal(got.get('dir'), '/tmp')
})

test('hidden directives answer only by exact name', () => {
  const store = new ConfigStore()
  for (const [name, value] of REDIS_7_0_15_HIDDEN) {
    assert.deepEqual(store.get([name]), [[name, value]])
    assert.equal(lookupDirective(name)?.directive.hidden, true)
  }
  // redis-server 7.0.15 answers these two, not key-load-delay nor rdb-key-save-delay.
  assert.deepEqual(
    store
      .get(['*delay*'])
      .map(([k]) => k)
      .sort(),
    ['repl-disable-tcp-nodelay', 'repl-diskless-sync-delay'],
  )
})

test('aliases resolve to their directive and are reported under their own name', () => {
  const e = lookupDirective('SLAVEOF')
  assert.equal(e?.directive.name, 'replicaof')
  assert.equal(e?.name, 'slaveof')
  assert.equal(e?.isAlias, true)
  assert.equal(lookupDirective('lua-time-limit')?.directive.name, 'busy-reply-threshold')
  assert.equal(lookupDirective('hash-max-ziplist-entries')?.directive.name, 'hash-max-listpack-entries')
})

test('every directive accepts the value it starts with, so a default configuration loads', () => {
  for (const d of valueDirectives()) assert.equal(d.check(d.initial), null, d.name)
})

test('unsupported directives accept their default and refuse anything else', () => {
  const store = new ConfigStore()
  for (const d of valueDirectives()) {
    if (d.support !== 'unsupported') continue
    assert.equal(d.check(d.default), null, d.name)
  }
  assert.equal(
    lookupDirective('cluster-enabled')?.directive.check('yes'),
    "not supported by redoubt (only the default value 'no' is accepted)",
  )
  assert.equal(store.set([['replica-priority', '100']]), null)
  assert.equal(
    store.set([['replica-priority', '5']]),
    "ERR CONFIG SET failed (possibly related to argument 'replica-priority') - not supported by redoubt (only the default value '100' is accepted)",
  )
})

test('persistence switches are accepted only off', () => {
  const save = lookupDirective('save')!.directive
  assert.equal(save.check(''), null)
  assert.match(save.check('60 1') ?? '', /^not supported by redoubt yet: persistence is not implemented/)
  const aof = lookupDirective('appendonly')!.directive
  assert.equal(aof.check('no'), null)
  assert.notEqual(aof.check('yes'), null)
  assert.notEqual(lookupDirective('daemonize')!.directive.check('yes'), null)
  assert.notEqual(lookupDirective('maxmemory')!.directive.check('1048576'), null)
  assert.equal(lookupDirective('shutdown-on-sigterm')!.directive.check('nosave now'), null)
  assert.notEqual(lookupDirective('shutdown-on-sigterm')!.directive.check('save'), null)
})

test('mutability, protection and sensitivity match redis-server 7.0.15', () => {
  const immutable = valueDirectives()
    .filter((d) => !d.mutable)
    .map((d) => d.name)
    .sort()
  assert.deepEqual(immutable, [
    'aclfile',
    'always-show-logo',
    'aof_rewrite_cpulist',
    'appenddirname',
    'appendfilename',
    'bgsave_cpulist',
    'bio_cpulist',
    'cluster-config-file',
    'cluster-enabled',
    'cluster-port',
    'daemonize',
    'databases',
    'disable-thp',
    'enable-debug-command',
    'enable-module-command',
    'enable-protected-configs',
    'io-threads',
    'io-threads-do-reads',
    'logfile',
    'lua-enable-deprecated-api',
    'pidfile',
    'rdbchecksum',
    'replicaof',
    'server_cpulist',
    'set-proc-title',
    'socket-mark-id',
    'supervised',
    'syslog-enabled',
    'syslog-facility',
    'syslog-ident',
    'tcp-backlog',
    'unixsocket',
    'unixsocketperm',
  ])
  assert.deepEqual(
    valueDirectives()
      .filter((d) => d.protected)
      .map((d) => d.name),
    ['dbfilename', 'dir'],
  )
  for (const n of ['requirepass', 'masterauth', 'masteruser', 'REQUIREPASS'])
    assert.equal(isSensitiveDirective(n), true)
  assert.equal(isSensitiveDirective('port'), false)
  assert.equal(isSensitiveDirective('nope'), false)
})

test('file-only directives are listed in the table', () => {
  const names = DIRECTIVES.filter((d) => d.kind === 'file-only').map((d) => d.name)
  for (const n of ['include', 'rename-command', 'user', 'loadmodule', 'sentinel'])
    assert.ok(names.includes(n), n)
})

test('ConfigStore satisfies the ConfigView handlers see', () => {
  const view: ConfigView = new ConfigStore()
  assert.equal(view.getNumber('port'), 6379)
  assert.equal(view.getNumber('proto-max-bulk-len'), 512 * 1024 * 1024)
  assert.equal(view.getString('bind'), '127.0.0.1 -::1')
  assert.equal(view.getBool('protected-mode'), true)
})

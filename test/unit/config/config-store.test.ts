import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigStore } from '../../../src/config/config-store.js'
import { lookupDirective } from '../../../src/config/directives.js'
import { REDIS_7_0_15_SET_ERRORS } from './redis-set-errors.js'

/** The canonical value a directive's parser gives for 'args' in CONFIG SET mode. */
function parsed(name: string, args: string[], current?: string): string {
  const d = lookupDirective(name)!.directive
  const r = d.type.parse(args, { current: current ?? d.default, mode: 'set', seenInLoad: false })
  if (r.error !== undefined) throw new Error(r.error)
  return d.type.display(r.value)
}

// --- CONFIG GET ---

test('CONFIG GET with several patterns lists each directive once', () => {
  const s = new ConfigStore()
  const got = s.get(['maxmemory*', 'maxmemory']).map(([k]) => k)
  assert.deepEqual(got.sort(), [
    'maxmemory',
    'maxmemory-clients',
    'maxmemory-eviction-tenacity',
    'maxmemory-policy',
    'maxmemory-samples',
  ])
})

test('CONFIG GET patterns match aliases too, case-insensitively', () => {
  const s = new ConfigStore()
  assert.deepEqual(
    s
      .get(['*MAX-*-ENTRIES'])
      .map(([k]) => k)
      .sort(),
    [
      'hash-max-listpack-entries',
      'hash-max-ziplist-entries',
      'set-max-intset-entries',
      'zset-max-listpack-entries',
      'zset-max-ziplist-entries',
    ],
  )
})

test('CONFIG GET answers an exact name under the spelling asked for, once', () => {
  const s = new ConfigStore()
  assert.deepEqual(s.get(['PORT', 'port']), [['PORT', '6379']])
  assert.deepEqual(s.get(['PORT', 'p*rt']), [['PORT', '6379']])
  assert.deepEqual(s.get(['p*rt', 'PORT']), [['port', '6379']])
  assert.deepEqual(s.get(['Slave-Priority']), [['Slave-Priority', '100']])
  assert.deepEqual(s.get(['nonexistent', 'nope*']), [])
})

test('CONFIG GET prints memory as bytes, bools as yes/no and save as pairs', () => {
  const s = new ConfigStore()
  assert.equal(s.set([['hash-max-listpack-value', '1kb']]), null)
  assert.equal(s.set([['proto-max-bulk-len', '1GB']]), null)
  assert.equal(s.set([['client-query-buffer-limit', '2g']]), null)
  assert.deepEqual(s.get(['hash-max-listpack-value', 'proto-max-bulk-len', 'client-query-buffer-limit']), [
    ['hash-max-listpack-value', '1024'],
    ['proto-max-bulk-len', '1073741824'],
    ['client-query-buffer-limit', '2000000000'],
  ])
  assert.equal(s.set([['protected-mode', 'NO']]), null)
  assert.deepEqual(s.get(['protected-mode']), [['protected-mode', 'no']])
  assert.equal(parsed('save', ['3600', '1', '300', '100', '60', '10000']), '3600 1 300 100 60 10000')
  assert.equal(s.getNumber('hash-max-listpack-value'), 1024)
  assert.equal(s.getNumber('hash-max-ziplist-value'), 1024)
})

test('CONFIG GET can leave set secrets out; the caller decides', () => {
  const s = new ConfigStore()
  assert.deepEqual(s.get(['requirepass'], { hideSecrets: true }), [['requirepass', '']])
  assert.equal(s.set([['requirepass', 's3cret']]), null)
  assert.deepEqual(s.get(['requirepass']), [['requirepass', 's3cret']])
  assert.deepEqual(s.get(['requirepass', 'port'], { hideSecrets: true }), [['port', '6379']])
  assert.equal(
    s.get(['*'], { hideSecrets: true }).some(([k]) => k === 'requirepass'),
    false,
  )
})

// --- CONFIG SET errors ---

test('CONFIG SET errors match redis-server 7.0.15 byte for byte', () => {
  for (const [name, value, reply] of REDIS_7_0_15_SET_ERRORS) {
    const s = new ConfigStore()
    assert.equal(s.set([[name, value]]), reply, `${name} ${JSON.stringify(value)}`)
  }
})

test('CONFIG SET of an unknown directive names it as given', () => {
  const s = new ConfigStore()
  assert.equal(s.set([['foo', 'bar']]), "ERR Unknown option or number of arguments for CONFIG SET - 'foo'")
  assert.equal(
    s.set([
      ['port', '1'],
      ['Foo', 'bar'],
    ]),
    "ERR Unknown option or number of arguments for CONFIG SET - 'Foo'",
  )
})

test('CONFIG SET reports a bad value under the lower-case name it was found by', () => {
  const s = new ConfigStore()
  assert.equal(
    s.set([['PORT', 'abc']]),
    "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer",
  )
  assert.equal(
    s.set([['Slave-Priority', 'abc']]),
    "ERR CONFIG SET failed (possibly related to argument 'slave-priority') - argument couldn't be parsed into an integer",
  )
})

test('CONFIG SET refuses a name given twice, but an alias and its directive are distinct', () => {
  const s = new ConfigStore()
  assert.equal(
    s.set([
      ['port', '7000'],
      ['PORT', '7001'],
    ]),
    "ERR CONFIG SET failed (possibly related to argument 'PORT') - duplicate parameter",
  )
  assert.equal(s.getNumber('port'), 6379)
  // redis 7.0.15 accepts this; the later pair wins.
  assert.equal(
    s.set([
      ['hash-max-ziplist-entries', '10'],
      ['hash-max-listpack-entries', '20'],
    ]),
    null,
  )
  assert.equal(s.getNumber('hash-max-listpack-entries'), 20)
})

test('CONFIG SET of the first problem wins: immutable before a later unknown name', () => {
  const s = new ConfigStore()
  assert.equal(
    s.set([
      ['daemonize', 'no'],
      ['foo', 'bar'],
    ]),
    "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
  )
})

test('protected directives need enable-protected-configs', () => {
  const s = new ConfigStore({ cwd: '/tmp', checkDir: () => null })
  assert.equal(
    s.set([['dir', '/var']]),
    "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
  )
  const yes = new ConfigStore({ cwd: '/tmp', checkDir: () => null })
  assert.equal(yes.applyDirective(lookupDirective('enable-protected-configs')!, ['local'], loc()), null)
  assert.equal(
    yes.set([['dir', 'sub']], { isLocalClient: false }),
    "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
  )
  assert.equal(yes.set([['dir', 'sub']], { isLocalClient: true }), null)
  assert.equal(yes.getString('dir'), '/tmp/sub')
  assert.equal(
    yes.set([['dbfilename', 'a/b']], { isLocalClient: true }),
    "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename",
  )
})

test('CONFIG SET dir reports the chdir error the directory check gives', () => {
  const s = new ConfigStore({
    cwd: '/tmp',
    checkDir: (p) => (p === '/nope' ? 'No such file or directory' : null),
  })
  s.applyDirective(lookupDirective('enable-protected-configs')!, ['yes'], loc())
  assert.equal(
    s.set([['dir', '/nope']]),
    "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory",
  )
})

test('CONFIG SET is refused while loading for directives Redis marks so', () => {
  const s = new ConfigStore()
  assert.equal(
    s.set([['appendonly', 'no']], { loading: true }),
    'LOADING Redis is loading the dataset in memory',
  )
  assert.equal(s.set([['port', '6379']], { loading: true }), null)
})

// --- CONFIG SET atomicity and hooks ---

test('CONFIG SET changes nothing when one value of several is bad', () => {
  const s = new ConfigStore()
  assert.equal(
    s.set([
      ['timeout', '30'],
      ['port', 'abc'],
    ]),
    "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer",
  )
  assert.equal(s.getNumber('timeout'), 0)
})

test('CONFIG SET runs apply hooks once, and rolls every value back when one fails', () => {
  const s = new ConfigStore()
  const calls: string[] = []
  s.onChange('port', () => {
    calls.push(`port=${s.getNumber('port')}`)
    return s.getNumber('port') === 7001 ? 'Unable to listen on this port. Check server logs.' : null
  })
  const both = (): string | null => {
    calls.push('both')
    return null
  }
  s.onChange(['timeout', 'tcp-keepalive'], both)
  assert.equal(
    s.set([
      ['timeout', '5'],
      ['tcp-keepalive', '10'],
    ]),
    null,
  )
  assert.deepEqual(calls, ['both'])
  calls.length = 0
  assert.equal(
    s.set([
      ['timeout', '30'],
      ['port', '7001'],
    ]),
    "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.",
  )
  assert.equal(s.getNumber('timeout'), 5)
  assert.equal(s.getNumber('port'), 6379)
  // Applied in order, then re-applied with the old values after the failure.
  assert.deepEqual(calls, ['both', 'port=7001', 'both', 'port=6379'])
})

/** A promise with its resolve function, for deferred hooks the test settles by hand. */
function deferred(): { promise: Promise<string | null>; settle: (v: string | null) => void } {
  let settle!: (v: string | null) => void
  const promise = new Promise<string | null>((r) => {
    settle = r
  })
  return { promise, settle }
}

test('a deferred hook makes CONFIG SET answer once it settles; CONFIG GET shows the old value until then', async () => {
  const s = new ConfigStore()
  const bind = deferred()
  const calls: string[] = []
  s.onChange('port', () => bind.promise, { deferred: true })
  s.onChange('timeout', () => {
    calls.push(`timeout after port=${s.getNumber('port')}`)
    return null
  })
  const committed: string[] = []
  s.onCommit((changes) => committed.push(...changes.map((c) => c.name)))
  const r = s.set([
    ['port', '7000'],
    ['timeout', '9'],
  ])
  assert.ok(r instanceof Promise)
  assert.deepEqual(s.get(['port', 'timeout']), [
    ['port', '6379'],
    ['timeout', '0'],
  ])
  assert.deepEqual(calls, [])
  // Another CONFIG SET waits its turn, so it sees the first one's outcome.
  const later = s.set([['port', '7001']])
  assert.ok(later instanceof Promise)
  assert.equal(
    s.set([['maxclients', '5']], { canWait: false }),
    "ERR CONFIG SET failed (possibly related to argument 'maxclients') - another CONFIG SET is still being applied, try again",
  )
  bind.settle(null)
  assert.equal(await r, null)
  assert.deepEqual(calls, ['timeout after port=7000'])
  assert.deepEqual(committed, ['port', 'timeout'])
  assert.deepEqual(s.get(['port']), [['port', '7000']])
})

test('a deferred hook that fails restores the old values and re-runs the hooks', async () => {
  const warnings: string[] = []
  const s = new ConfigStore({ warn: (m) => warnings.push(m) })
  const calls: string[] = []
  s.onChange(
    'port',
    () => {
      calls.push(`port=${s.getNumber('port')}`)
      return s.getNumber('port') === 7001
        ? Promise.resolve('Unable to listen on this port. Check server logs.')
        : null
    },
    { deferred: true },
  )
  s.onChange('timeout', () => {
    calls.push(`timeout=${s.getNumber('timeout')}`)
    return null
  })
  const r = s.set([
    ['timeout', '30'],
    ['port', '7001'],
  ])
  assert.ok(r instanceof Promise)
  assert.equal(
    await r,
    "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.",
  )
  assert.deepEqual(calls, ['timeout=30', 'port=7001', 'timeout=0', 'port=6379'])
  assert.equal(s.getNumber('port'), 6379)
  assert.equal(s.getNumber('timeout'), 0)
  assert.match(warnings[0]!, /Possibly related to new port setting/)
  // Nothing is in flight any more: the next CONFIG SET is synchronous again.
  assert.equal(s.set([['timeout', '1']], { canWait: false }), null)
})

test('a directive with a deferred hook is refused where the reply cannot wait (EXEC)', () => {
  const s = new ConfigStore()
  s.onChange('bind', () => Promise.resolve(null), { deferred: true })
  assert.equal(
    s.set(
      [
        ['timeout', '1'],
        ['bind', '127.0.0.1'],
      ],
      { canWait: false },
    ),
    "ERR CONFIG SET failed (possibly related to argument 'bind') - not supported by redoubt inside MULTI/EXEC (the new sockets bind asynchronously)",
  )
  assert.equal(s.getNumber('timeout'), 0)
})

test('CONFIG SET skips hooks of directives whose value did not change', () => {
  const s = new ConfigStore()
  let n = 0
  s.onChange('port', () => {
    n++
    return null
  })
  assert.equal(s.set([['port', '6379']]), null)
  assert.equal(n, 0)
  const off = s.onChange('port', () => 'fails')
  off()
  assert.equal(s.set([['port', '7000']]), null)
  assert.equal(n, 1)
})

test('commit listeners see what changed, with secrets flagged', () => {
  const s = new ConfigStore()
  const seen: unknown[] = []
  s.onCommit((changes) => seen.push(...changes))
  assert.equal(
    s.set([
      ['requirepass', 'pw'],
      ['timeout', '0'],
    ]),
    null,
  )
  assert.deepEqual(seen, [{ name: 'requirepass', previous: '', value: 'pw', secret: true }])
})

// --- Values as Redis stores them ---

test('hz is clamped to 1..500 as Redis does', () => {
  const s = new ConfigStore()
  assert.equal(s.set([['hz', '1000']]), null)
  assert.deepEqual(s.get(['hz']), [['hz', '500']])
  assert.equal(s.set([['hz', '0']]), null)
  assert.equal(s.getNumber('hz'), 1)
})

test('memory values: units k=1000 kb=1024, "" and a bare unit are 0, overflow wraps', () => {
  assert.equal(parsed('hash-max-listpack-value', ['1k']), '1000')
  assert.equal(parsed('hash-max-listpack-value', ['1K']), '1000')
  assert.equal(parsed('hash-max-listpack-value', ['1b']), '1')
  assert.equal(parsed('hash-max-listpack-value', ['']), '0')
  assert.equal(parsed('hash-max-listpack-value', ['gb']), '0')
  assert.equal(parsed('maxmemory', ['1gB']), '1073741824')
  assert.equal(parsed('maxmemory', ['99999999999999999999']), '18446744073709551615')
  assert.equal(parsed('maxmemory', ['20000000000gb']), '3028092406290448384')
  assert.throws(() => parsed('maxmemory', ['0x10']), /argument must be a memory value/)
  assert.throws(() => parsed('maxmemory', ['+1']), /argument must be a memory value/)
  assert.throws(() => parsed('maxmemory', [' 1']), /argument must be a memory value/)
})

test('maxmemory-clients: N% is stored as -N and a huge value reads back as 1%, as in Redis', () => {
  assert.equal(parsed('maxmemory-clients', ['10%']), '10%')
  assert.equal(parsed('maxmemory-clients', ['0%']), '0')
  assert.equal(parsed('maxmemory-clients', ['18446744073709551615']), '1%')
  assert.equal(parsed('maxmemory-clients', ['5']), '5')
})

test('notify-keyspace-events is printed in Redis order, A for the full set, n only without A', () => {
  const cases: Array<[string, string]> = [
    ['KEA', 'AKE'],
    ['Kg$lshzxet', 'g$lshzxetK'],
    ['Ed', 'dE'],
    ['nmKA', 'AKm'],
    ['', ''],
    ['KEAm', 'AKEm'],
    ['xK', 'xK'],
    ['AAAg', 'A'],
    ['g$lshzxetd', 'A'],
    ['Kn', 'nK'],
    ['mn', 'nm'],
    ['nd', 'dn'],
    ['An', 'A'],
  ]
  for (const [input, shown] of cases) assert.equal(parsed('notify-keyspace-events', [input]), shown, input)
  const s = new ConfigStore()
  assert.equal(s.set([['notify-keyspace-events', 'KAn']]), null)
  assert.deepEqual(s.get(['notify-keyspace-events']), [['notify-keyspace-events', 'AK']])
  // The new-key bit is kept although A hides it.
  assert.equal(s.getNumber('notify-keyspace-events') & (1 << 14), 1 << 14)
})

test('client-output-buffer-limit changes only the classes given', () => {
  const def = lookupDirective('client-output-buffer-limit')!.directive.default
  assert.equal(
    parsed('client-output-buffer-limit', ['NORMAL', '1', '2', '3'], def),
    'normal 1 2 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
  )
  assert.equal(
    parsed('client-output-buffer-limit', 'replica 1kb 2 +3 pubsub 1 1 '.split(' '), def),
    'normal 0 0 0 slave 1024 2 3 pubsub 1 1 0',
  )
})

test('strtoll-read values accept signs and leading zeros, as Redis', () => {
  assert.equal(parsed('oom-score-adj-values', ['+1', '02', '-0']), '1 2 0')
  assert.equal(parsed('save', ['+5', '1']), '5 1')
  assert.equal(parsed('save', ['05', '1']), '5 1')
  assert.equal(parsed('save', ['5', '-0']), '5 0')
  assert.equal(parsed('save', ['']), '')
})

test('latency percentiles print as %f with trailing zeros trimmed', () => {
  assert.equal(
    parsed('latency-tracking-info-percentiles', ['1.5', '0', '100', '33.3333333', '1e1']),
    '1.5 0 100 33.333333 10',
  )
  assert.equal(parsed('latency-tracking-info-percentiles', ['']), '')
  assert.equal(parsed('latency-tracking-info-percentiles', ['-0']), '-0')
})

test('flag enums list their flags in table order; an enum prints its first name for a value', () => {
  assert.equal(parsed('shutdown-on-sigint', ['now', 'nosave']), 'nosave now')
  assert.equal(parsed('shutdown-on-sigint', ['default', 'now']), 'now')
  assert.equal(parsed('shutdown-on-sigint', ['NOW']), 'now')
  assert.throws(() => parsed('shutdown-on-sigint', []), /argument\(s\) must be one of the following/)
  assert.equal(parsed('oom-score-adj', ['relative']), 'yes')
  assert.throws(() => parsed('loglevel', ['notice', 'warning']), /argument\(s\) must be one of/)
})

test('CONFIG SET splits multi-argument values on single spaces', () => {
  const s = new ConfigStore()
  assert.equal(s.set([['bind', '127.0.0.1 ::1']]), null)
  assert.equal(s.getString('bind'), '127.0.0.1 ::1')
  assert.equal(s.set([['bind', '']]), null)
  assert.equal(s.getString('bind'), '')
  assert.equal(
    s.set([['save', '100 1  ']]),
    "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters",
  )
})

test('unixsocketperm reads and prints octal', () => {
  assert.equal(parsed('unixsocketperm', ['700']), '700')
  assert.equal(parsed('unixsocketperm', ['0777']), '777')
  assert.equal(parsed('unixsocketperm', ['']), '0')
  assert.throws(() => parsed('unixsocketperm', ['800']), /argument couldn't be parsed as an octal number/)
  assert.throws(() => parsed('unixsocketperm', ['1000']), /argument must be between 0 and 777 inclusive/)
})

test('proc-title-template must expand to something, with known variables only', () => {
  for (const ok of [
    'abc',
    '}',
    '{port} {tls-port} {unixsocket} {config-file} {server-mode} {listen-addr}',
    '{{title}}',
    'a}b',
  ])
    assert.equal(parsed('proc-title-template', [ok]), ok)
  for (const bad of ['{', '{title}', '{title', 'x{}', '{TITLE}', ' '])
    assert.throws(() => parsed('proc-title-template', [bad]), /template format is invalid/, bad)
})

test('typed reads refuse a wrong type or an unknown name', () => {
  const s = new ConfigStore()
  assert.throws(() => s.getNumber('bind'), TypeError)
  assert.throws(() => s.getBool('port'), TypeError)
  assert.throws(() => s.getString('nope'), /unknown configuration directive/)
  assert.equal(s.getNumber('loglevel'), 2)
  assert.equal(s.getString('slaveof'), '')
})

function loc() {
  return { origin: 'options' as const, file: null, line: 1, text: 'x' }
}

test('getNumber by any spelling follows every CONFIG SET (its per-name cache is dropped)', () => {
  const s = new ConfigStore()
  assert.equal(s.getNumber('hash-max-ziplist-entries'), 512)
  assert.equal(s.getNumber('HASH-MAX-LISTPACK-ENTRIES'), 512)
  assert.equal(s.set([['hash-max-listpack-entries', '7']]), null)
  assert.equal(s.getNumber('hash-max-ziplist-entries'), 7)
  assert.equal(s.getNumber('HASH-MAX-LISTPACK-ENTRIES'), 7)
})

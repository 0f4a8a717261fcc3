import assert from 'node:assert/strict'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { ConfigFileError } from '../../../src/config/config-error.js'
import { loadConfig, optionLines } from '../../../src/config/load-config.js'
import { parseServerArgs, usageText, versionText } from '../../../src/config/parse-args.js'

const root = realpathSync(mkdtempSync(join(tmpdir(), 'redoubt-args-')))
after(() => rmSync(root, { recursive: true, force: true }))

/** The option lines the arguments give (as redis-server builds them, trailing blanks aside). */
function options(...argv: string[]): string[] {
  const r = parseServerArgs(argv)
  assert.equal(r.action, 'run')
  return r.action === 'run' ? r.options.split('\n').map((l) => l.trimEnd()) : []
}

/** Loads a configuration from command-line arguments, as redoubt-server would. */
function load(...argv: string[]) {
  const r = parseServerArgs(argv)
  if (r.action !== 'run') throw new Error(r.action)
  return loadConfig({ configFile: r.configFile, options: r.options, cwd: root })
}

test('--name value pairs become quoted directive lines', () => {
  assert.deepEqual(options('--port', '7000', '--databases', '4'), ['port "7000"', 'databases "4"'])
  const { store } = load('--port', '7000', '--databases', '4')
  assert.equal(store.getNumber('port'), 7000)
  assert.equal(store.getNumber('databases'), 4)
})

test('--save "" and a bare --save both mean save ""', () => {
  assert.deepEqual(options('--save', ''), ['save ""'])
  assert.deepEqual(options('--save'), ['save ""'])
  assert.deepEqual(options('--port', '0', '--SAVE', '--loglevel', 'x'), [
    'port "0"',
    'SAVE ""',
    'loglevel "x"',
  ])
  assert.equal(load('--save', '').store.getString('save'), '')
  assert.equal(load('--save', '--port', '7001').store.getNumber('port'), 7001)
})

test('--bind "127.0.0.1 ::1" is one value that bind splits again; several values work too', () => {
  assert.deepEqual(options('--bind', '127.0.0.1 ::1'), ['bind "127.0.0.1 ::1"'])
  assert.equal(load('--bind', '127.0.0.1 ::1').store.getString('bind'), '127.0.0.1 ::1')
  assert.deepEqual(options('--bind', '127.0.0.1', '::1', '--port', '0'), [
    'bind "127.0.0.1" "::1"',
    'port "0"',
  ])
  assert.equal(load('--bind', '127.0.0.1', '::1').store.getString('bind'), '127.0.0.1 ::1')
})

test('values are quoted as Redis quotes them', () => {
  assert.deepEqual(options('--requirepass', 'a"b', 'x'), ['requirepass "a\\"b" "x"'])
  assert.deepEqual(options('--requirepass', '\xc3\xa9\tz', 'x'), ['requirepass "\\xc3\\xa9\\tz" "x"'])
  assert.equal(load('--requirepass', 'a"b c').store.getString('requirepass'), 'a"b c')
})

test('a value after a bare --name is taken even when it starts with --', () => {
  assert.deepEqual(options('--requirepass', '--port', '7799'), ['requirepass "--port" "7799"'])
  assert.throws(
    () => load('--requirepass', '--port', '7799'),
    (e: unknown) => e instanceof ConfigFileError && e.reason === 'wrong number of arguments',
  )
})

test('"--port 6380" in one argument carries name and value', () => {
  assert.deepEqual(options('--port 0', '--timeout 5', 'x'), ['port 0', 'timeout 5 "x"'])
  assert.equal(load('--port 7005').store.getNumber('port'), 7005)
})

test('a trailing --name has no value, and extra values make the line wrong', () => {
  assert.deepEqual(options('--port'), ['port'])
  assert.deepEqual(options('--port', '0', 'foo'), ['port "0" "foo"'])
  assert.throws(
    () => load('--port'),
    (e: unknown) => e instanceof ConfigFileError && e.location?.text === 'port' && e.location.line === 2,
  )
})

test('the first argument is the config file unless it starts with -; options override it', () => {
  const conf = join(root, 'a.conf')
  writeFileSync(conf, 'port 7000\ntimeout 10\n')
  const r = parseServerArgs([conf, '--port', '7001'])
  assert.deepEqual(r, { action: 'run', configFile: conf, readStdin: false, options: 'port "7001" ' })
  const { store } = load(conf, '--port', '7001')
  assert.equal(store.getNumber('port'), 7001)
  assert.equal(store.getNumber('timeout'), 10)
  assert.equal(store.configFile, conf)
})

test('- reads stdin when first or last, and is a plain value elsewhere', () => {
  assert.deepEqual(parseServerArgs(['-']), { action: 'run', configFile: null, readStdin: true, options: '' })
  const last = parseServerArgs(['a.conf', '--loglevel', 'verbose', '-'])
  assert.equal(last.action === 'run' && last.readStdin, true)
  assert.equal(last.action === 'run' && last.options, 'loglevel "verbose" ')
  assert.deepEqual(options('--port', '0', '-', '--loglevel', 'x'), ['port "0" "-"', 'loglevel "x"'])
})

test('-v, --version, -h and --help count only as the first argument', () => {
  assert.deepEqual(parseServerArgs(['-v']), { action: 'version' })
  assert.deepEqual(parseServerArgs(['--version']), { action: 'version' })
  assert.deepEqual(parseServerArgs(['-h']), { action: 'help' })
  assert.deepEqual(parseServerArgs(['--help']), { action: 'help' })
  assert.deepEqual(options('--port', '0', '-v'), ['port "0" "-v"'])
  assert.equal(parseServerArgs(['--test-memory', '10']).action, 'unsupported')
  assert.match(versionText('0.1.0', '7.0.15'), /^redoubt server v=0\.1\.0 redis=7\.0\.15 /)
  assert.match(usageText(), /^Usage: redoubt-server \[\/path\/to\/redis\.conf\] \[options\] \[-\]\n/)
})

test('no arguments: the default configuration', () => {
  assert.deepEqual(parseServerArgs([]), { action: 'run', configFile: null, readStdin: false, options: '' })
  assert.equal(load().store.getNumber('port'), 6379)
})

test('embedding options become option lines', () => {
  const text = optionLines({
    port: 0,
    requirepass: 's3 cret',
    'protected-mode': false,
    bind: '127.0.0.1 ::1',
  })
  assert.equal(text, 'port "0"\nrequirepass "s3 cret"\nprotected-mode "no"\nbind "127.0.0.1 ::1"')
  const { store } = loadConfig({ options: text, cwd: root })
  assert.equal(store.getNumber('port'), 0)
  assert.equal(store.getString('requirepass'), 's3 cret')
  assert.equal(store.getBool('protected-mode'), false)
  assert.equal(store.getString('bind'), '127.0.0.1 ::1')
})

/**
 * Differential tests of the connection commands against redis-server: PING, ECHO, SELECT,
 * QUIT, AUTH, HELLO, RESET and CLIENT (ID, SETNAME, GETNAME, LIST, INFO, KILL, REPLY,
 * NO-EVICT, HELP), in RESP2 and RESP3, with and without requirepass. CLIENT LIST lines are
 * compared field by field: names and order always, values where both servers must agree.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type CompareMode, diffSuite, raw, type Step } from '../helpers/diff.js'
import type { RawClient } from '../helpers/raw-client.js'
import { decodeReply, parseReply } from '../helpers/resp-decode.js'

function lat(s: string): Buffer {
  return Buffer.from(s, 'latin1')
}

// --- Comparators ---

/**
 * CLIENT LIST fields both servers must give the same value for a connection in the same
 * state (ids, addresses, fds, times and buffer sizes differ by nature).
 */
const STABLE_FIELDS = new Set([
  'name',
  'flags',
  'db',
  'sub',
  'psub',
  'ssub',
  'multi',
  'qbuf',
  'argv-mem',
  'multi-mem',
  'obl',
  'oll',
  'omem',
  'events',
  'cmd',
  'user',
  'redir',
  'resp',
])

function fieldsOf(line: string): [string, string][] {
  return line.split(' ').map((kv) => {
    const eq = kv.indexOf('=')
    return [kv.slice(0, eq), kv.slice(eq + 1)]
  })
}

/** Compares CLIENT LIST/INFO text: same line structure, same field names, stable values equal. */
function compareClientLines(r: string, o: string, onlyCaller: boolean): string | undefined {
  if (!r.endsWith('\n') || !o.endsWith('\n')) return 'text does not end with a newline'
  let rl = r.slice(0, -1).split('\n')
  let ol = o.slice(0, -1).split('\n')
  for (const l of ol) {
    const names = fieldsOf(l).map(([k]) => k)
    const expected = fieldsOf(rl[0]!).map(([k]) => k)
    if (names.join(' ') !== expected.join(' '))
      return `fields differ:\n  ${expected.join(' ')}\n  ${names.join(' ')}`
  }
  if (onlyCaller) {
    // Other connections (the harness's own) may still be closing on either server.
    const mine = (ls: string[]): string[] => ls.filter((l) => / cmd=client\|list /.test(l))
    rl = mine(rl)
    ol = mine(ol)
  }
  if (rl.length !== ol.length) return `${rl.length} lines from redis-server, ${ol.length} from redoubt`
  for (let i = 0; i < rl.length; i++) {
    const rf = new Map(fieldsOf(rl[i]!))
    for (const [k, v] of fieldsOf(ol[i]!)) {
      if (STABLE_FIELDS.has(k) && rf.get(k) !== v)
        return `line ${i + 1}: ${k}=${v}, redis-server has ${k}=${rf.get(k)}`
    }
  }
  return undefined
}

function clientText(reply: Buffer): { type: string; text: string } | null {
  const node = parseReply(reply)
  if (node.type !== '$' && node.type !== '=') return null
  const text = node.payload!.toString('latin1')
  return { type: node.type, text: node.type === '=' ? text.slice(4) : text }
}

function clientLines(onlyCaller: boolean): CompareMode {
  return (redis, ours) => {
    if (redis.equals(ours)) return undefined
    const [r, o] = [clientText(redis), clientText(ours)]
    if (r === null || o === null) return redis[0] === ours[0] ? 'replies differ' : 'reply types differ'
    if (r.type !== o.type) return `reply types differ: ${r.type} vs ${o.type}`
    return compareClientLines(r.text, o.text, onlyCaller)
  }
}

/** CLIENT INFO of the caller. */
function clientInfo(): Step {
  return { cmd: ['CLIENT', 'INFO'], mode: clientLines(false) }
}

/** CLIENT LIST (and its filters) compared on the caller's line. */
function clientList(...args: (string | Buffer)[]): Step {
  return { cmd: ['CLIENT', 'LIST', ...args], mode: clientLines(true) }
}

/** HELLO replies compared exactly except the client id. */
const helloReply: CompareMode = (redis, ours) => {
  const strip = (b: Buffer): string =>
    b.toString('latin1').replace(/\$2\r\nid\r\n:\d+\r\n/, '$2\r\nid\r\n:?\r\n')
  return strip(redis) === strip(ours) ? undefined : 'HELLO replies differ beyond the client id'
}

function hello(...args: (string | Buffer)[]): Step {
  return { cmd: ['HELLO', ...args], mode: helloReply }
}

/** An integer reply whose value differs by nature (client ids). */
function anyInteger(...argv: string[]): Step {
  return { cmd: argv, mode: 'type' }
}

/** CLIENT HELP: status lines, same header and closing HELP lines (the body is our own text). */
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

// --- Without a password ---

describe('connection commands, no password', () => {
  const { diffScript, withPair } = diffSuite({ reset: [] })

  it('PING and ECHO', (t) =>
    diffScript(t, [
      ['PING'],
      ['PING', 'hello'],
      ['PING', ''],
      ['ECHO', 'x'],
      ['ECHO', ''],
      ['ECHO', lat('\x00\xff\r\n')],
    ]))

  it('PING and ECHO in RESP3', (t) =>
    diffScript(t, [['PING'], ['PING', 'm'], ['ECHO', 'e']], { resp3: true }))

  it('SELECT accepts 0..15 and refuses the rest with Redis errors', (t) =>
    diffScript(t, [
      ['SELECT', '0'],
      ['SELECT', '15'],
      ['SELECT', '16'],
      ['SELECT', '-1'],
      ['SELECT', 'x'],
      ['SELECT', '1.0'],
      ['SELECT', '01'],
      ['SELECT', '+1'],
      ['SELECT', ' 1'],
      ['SELECT', ''],
      ['SELECT', '2147483647'],
      ['SELECT', '2147483648'],
      ['SELECT', '-2147483649'],
      ['SELECT', '9223372036854775807'],
      ['SELECT', '9223372036854775808'],
      ['SELECT', '99999999999999999999'],
      ['SELECT', lat('1\x00')],
      ['SELECT', '3'],
      clientInfo(),
    ]))

  it('QUIT replies OK and closes, ignoring what follows', (t) =>
    diffScript(t, [
      { cmd: ['QUIT'], closes: true },
      { cmd: ['QUIT', 'a', 'b'], closes: true },
      raw('PING\r\nQUIT\r\nPING\r\n', { closes: true }),
    ]))

  it('AUTH without a configured password', (t) =>
    diffScript(t, [
      ['AUTH', 'x'],
      ['AUTH', 'a', 'b', 'c'],
      ['AUTH', 'default', 'anything'],
      ['AUTH', 'nosuchuser', 'x'],
      ['AUTH', 'DEFAULT', 'x'],
    ]))

  it('HELLO negotiates the protocol and reports the connection', (t) =>
    diffScript(t, [
      hello(),
      hello('2'),
      hello('3'),
      ['CLIENT', 'GETNAME'],
      clientInfo(),
      hello(),
      hello('2'),
      ['CLIENT', 'GETNAME'],
    ]))

  it('HELLO errors', (t) =>
    diffScript(t, [
      hello('4'),
      hello('1'),
      hello('0'),
      hello('-1'),
      hello('x'),
      hello('3.0'),
      hello('99999999999999999999'),
      hello('9223372036854775807'),
      hello('3', 'foo'),
      hello('3', 'AUTH', 'a'),
      hello('3', 'SETNAME'),
      hello('3', 'SETNAME', 'a b'),
      hello('3', 'AUTH', 'foo', 'x'),
      hello('3', lat('a\x00b')),
      hello('3', 'auth', 'default', 'x', 'SETNAME', 'a\nb'),
      ['PING'],
    ]))

  it('HELLO with AUTH and SETNAME', (t) =>
    diffScript(t, [
      hello('3', 'AUTH', 'default', 'x'),
      hello('2', 'setname', 'n1'),
      ['CLIENT', 'GETNAME'],
      hello('3', 'SETNAME', 'a', 'SETNAME', 'b', 'AUTH', 'default', 'y'),
      ['CLIENT', 'GETNAME'],
      clientInfo(),
    ]))

  it('RESET returns to a new connection state; NO-EVICT stays', (t) =>
    diffScript(t, [
      hello('3'),
      ['SELECT', '2'],
      ['CLIENT', 'SETNAME', 'before'],
      ['CLIENT', 'NO-EVICT', 'on'],
      ['RESET'],
      clientInfo(),
      ['CLIENT', 'GETNAME'],
      raw('CLIENT REPLY OFF\r\nRESET\r\nPING\r\n', { replies: 2 }),
      raw('CLIENT REPLY SKIP\r\nRESET\r\nPING\r\n', { replies: 1 }),
      ['RESET'],
    ]))

  it('CLIENT ID, SETNAME and GETNAME', (t) =>
    diffScript(t, [
      anyInteger('CLIENT', 'ID'),
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'conn-1'],
      ['CLIENT', 'GETNAME'],
      ['client', 'setname', ''],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'a b'],
      ['CLIENT', 'SETNAME', lat('a\x7fb')],
      ['CLIENT', 'SETNAME', lat('\xff')],
      ['CLIENT', 'SETNAME', 'a\nb'],
      ['CLIENT', 'SETNAME', lat('a\x00b')],
      ['CLIENT', 'SETNAME', '~!#$%&()*+,-./:;<=>?@[]^_`{|}'],
      ['CLIENT', 'GETNAME'],
      clientInfo(),
    ]))

  it('CLIENT GETNAME and INFO in RESP3', (t) =>
    diffScript(t, [['CLIENT', 'GETNAME'], clientInfo(), ['CLIENT', 'SETNAME', 'x'], ['CLIENT', 'GETNAME']], {
      resp3: true,
    }))

  it('CLIENT INFO and LIST describe the connection with the same fields', (t) =>
    diffScript(t, [
      clientInfo(),
      clientList(),
      clientList('TYPE', 'normal'),
      clientList('type', 'NORMAL'),
      clientList('TYPE', lat('normal\x00a')),
      clientList('TYPE', 'master'),
      clientList('TYPE', 'replica'),
      clientList('TYPE', 'slave'),
      clientList('TYPE', 'pubsub'),
      raw('PING\r\nCLIENT INFO\r\n', { replies: 2, mode: clientLines(false) }),
      clientInfo(),
    ]))

  it('CLIENT LIST argument errors', (t) =>
    diffScript(t, [
      ['CLIENT', 'LIST', 'TYPE'],
      ['CLIENT', 'LIST', 'TYPE', 'foo'],
      ['CLIENT', 'LIST', 'TYPE', lat('x\x00abc')],
      ['CLIENT', 'LIST', 'TYPE', 'normal', 'x'],
      ['CLIENT', 'LIST', 'ID'],
      ['CLIENT', 'LIST', 'ID', 'x'],
      ['CLIENT', 'LIST', 'ID', '0'],
      ['CLIENT', 'LIST', 'ID', '-1'],
      ['CLIENT', 'LIST', 'ID', '1', 'x'],
      ['CLIENT', 'LIST', 'ID', '99999', '88888'],
      ['CLIENT', 'LIST', 'ID', '99999999999999999999'],
      ['CLIENT', 'LIST', 'foo'],
      ['CLIENT', 'LIST', 'foo', 'bar'],
      ['CLIENT', 'LIST', 'TYPE', 'normal', 'ID', '1'],
      ['CLIENT', 'LIST', 'ID', '1', 'TYPE', 'normal'],
      ['CLIENT', 'LIST', lat('ID\x00x'), '1'],
    ]))

  it('CLIENT KILL argument errors and no-match results', (t) =>
    diffScript(t, [
      ['CLIENT', 'KILL', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'foo'],
      ['CLIENT', 'KILL', 'ID'],
      ['CLIENT', 'KILL', 'ID', 'x'],
      ['CLIENT', 'KILL', 'ID', '0'],
      ['CLIENT', 'KILL', 'ID', '-5'],
      ['CLIENT', 'KILL', 'ID', '1.5'],
      ['CLIENT', 'KILL', 'ID', '18446744073709551615'],
      ['CLIENT', 'KILL', 'ID', '9223372036854775807'],
      ['CLIENT', 'KILL', 'ID', '99999'],
      ['CLIENT', 'KILL', 'TYPE', 'foo'],
      ['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'maybe'],
      ['CLIENT', 'KILL', 'TYPE', 'master'],
      ['CLIENT', 'KILL', 'TYPE', 'pubsub'],
      ['CLIENT', 'KILL', 'SKIPME', 'yes'],
      ['CLIENT', 'KILL', 'USER', 'nosuch'],
      ['CLIENT', 'KILL', 'USER', lat('a\x00b')],
      ['CLIENT', 'KILL', 'ADDR', '1.1.1.1:1'],
      ['CLIENT', 'KILL', 'LADDR', '1.1.1.1:1'],
      ['CLIENT', 'KILL', 'foo', 'bar'],
      ['CLIENT', 'KILL', 'ID', '1', 'ID'],
      ['CLIENT', 'KILL', 'ID', '1', 'TYPE'],
      ['CLIENT', 'KILL', 'ID', '1', 'a', 'b', 'c'],
      ['CLIENT', 'KILL', 'ID', 'x', 'foo', 'bar'],
      ['CLIENT', 'KILL', 'foo', 'bar', 'ID', 'x'],
      ['CLIENT', 'KILL', 'ID', '99999', 'SKIPME', 'NO'],
    ]))

  it('CLIENT KILL SKIPME no kills the caller after its reply', (t) =>
    diffScript(t, [{ cmd: ['CLIENT', 'KILL', 'SKIPME', 'no'], closes: true }, ['PING']]))

  it('CLIENT KILL TYPE normal SKIPME no with a pipeline: nothing after it runs', (t) =>
    diffScript(t, [raw('CLIENT KILL TYPE normal SKIPME no\r\nPING\r\n', { closes: true })]))

  it('CLIENT REPLY OFF, ON and SKIP, including empty requests after SKIP', (t) =>
    diffScript(t, [
      { cmd: ['CLIENT', 'REPLY', 'OFF'], replies: 0 },
      { cmd: ['PING'], replies: 0 },
      { cmd: ['FOO'], replies: 0 },
      ['CLIENT', 'REPLY', 'ON'],
      ['PING'],
      raw('CLIENT REPLY SKIP\r\nPING\r\nPING\r\n', { replies: 1 }),
      raw('CLIENT REPLY SKIP\r\n\r\nPING\r\nPING\r\n', { replies: 2 }),
      raw('CLIENT REPLY SKIP\r\n*0\r\nPING\r\n', { replies: 1 }),
      raw('CLIENT REPLY SKIP\r\nFOO\r\nPING\r\n', { replies: 1 }),
      raw('CLIENT REPLY SKIP\r\nPING a b\r\nPING\r\n', { replies: 1 }),
      raw('CLIENT REPLY SKIP\r\nCLIENT REPLY SKIP\r\nPING\r\nPING\r\n', { replies: 1 }),
      raw('CLIENT REPLY SKIP\r\nCLIENT REPLY ON\r\nPING\r\n', { replies: 2 }),
      raw('CLIENT REPLY OFF\r\nCLIENT REPLY SKIP\r\nPING\r\nCLIENT REPLY ON\r\n', { replies: 1 }),
      raw('CLIENT REPLY SKIP\r\nCLIENT REPLY OFF\r\nPING\r\nCLIENT REPLY ON\r\n', { replies: 1 }),
      ['CLIENT', 'REPLY', 'maybe'],
      ['CLIENT', 'REPLY', lat('ON\x00x')],
      ['PING'],
    ]))

  it('CLIENT REPLY in RESP3', (t) =>
    diffScript(t, [raw('CLIENT REPLY SKIP\r\nCLIENT GETNAME\r\nCLIENT GETNAME\r\n', { replies: 1 })], {
      resp3: true,
    }))

  it('CLIENT NO-EVICT', (t) =>
    diffScript(t, [
      ['CLIENT', 'NO-EVICT', 'on'],
      clientInfo(),
      ['CLIENT', 'NO-EVICT', 'OFF'],
      clientInfo(),
      ['CLIENT', 'NO-EVICT', 'maybe'],
      ['CLIENT', 'NO-EVICT', ''],
    ]))

  it('CLIENT HELP has the shape of Redis help', (t) =>
    diffScript(t, [
      { cmd: ['CLIENT', 'HELP'], mode: helpReply },
      { cmd: ['client', 'help'], mode: helpReply },
    ]))

  it('CLIENT KILL by address (old form) and by ID, from another connection', async (t) => {
    await withPair(async (pair) => {
      const both = [await pair.connect(), await pair.connect()]
      try {
        for (const side of ['redis', 'redoubt'] as const) {
          const [a, b] = [both[0]![side], both[1]![side]]
          const info = decodeReply(await a.call('CLIENT', 'INFO')) as string
          const addr = /addr=(\S+)/.exec(info)![1]!
          const id = /id=(\d+)/.exec(info)![1]!
          // From b: the new form counts, and a is gone.
          assert.equal((await b.call('CLIENT', 'KILL', 'ID', id)).toString(), ':1\r\n', side)
          await a.closed(2000)
          assert.equal((await b.call('CLIENT', 'KILL', 'ID', id)).toString(), ':0\r\n', side)
          assert.equal((await b.call('CLIENT', 'KILL', addr)).toString(), '-ERR No such client\r\n', side)
          assert.equal((await b.call('CLIENT', 'LIST', 'ID', id)).toString(), '$0\r\n\r\n', side)
          // The old form may kill the caller itself: OK, then the close.
          const bInfo = decodeReply(await b.call('CLIENT', 'INFO')) as string
          const bAddr = /addr=(\S+)/.exec(bInfo)![1]!
          const laddr = /laddr=(\S+)/.exec(bInfo)![1]!
          assert.equal((await b.call('CLIENT', 'KILL', `${bAddr}\x00junk`)).toString(), '+OK\r\n', side)
          await b.closed(2000)
          // LADDR matches every connection to the server.
          const c = await RawClientPair(pair, side)
          const d = await RawClientPair(pair, side)
          assert.equal((await c.call('CLIENT', 'KILL', 'LADDR', laddr)).toString(), ':1\r\n', side)
          await d.closed(2000)
          await c.close()
        }
      } finally {
        for (const p of both) await Promise.all([p.redis.close(), p.redoubt.close()])
      }
    }, t)
  })
})

describe('deliberate deviation: a closing connection with replies switched off', () => {
  const { withPair } = diffSuite({ reset: [] })

  // redis-server 7.0 closes a connection only after writing a reply to it, so QUIT or a
  // protocol error under CLIENT REPLY OFF leaves it open (and ignored) until the peer goes.
  // redoubt closes it: the client asked for the close, and an ignored socket is a leak.
  for (const input of ['CLIENT REPLY OFF\r\nQUIT\r\n', 'CLIENT REPLY OFF\r\n*abc\r\n']) {
    it(`${JSON.stringify(input)} closes on redoubt, stays open on redis-server`, async (t) => {
      await withPair(async (pair) => {
        const { redis, redoubt } = await pair.connect()
        redis.send(input)
        redoubt.send(input)
        await redoubt.closed(2000)
        await assert.rejects(redis.closed(300), /did not close/)
        assert.equal(redoubt.pendingReplies, 0)
        assert.equal(redis.pendingReplies, 0)
        await redis.close()
      }, t)
    })
  }
})

/** One fresh connection to one side of the pair. */
async function RawClientPair(
  pair: { connect(): Promise<{ redis: RawClient; redoubt: RawClient }> },
  side: 'redis' | 'redoubt',
): Promise<RawClient> {
  const both = await pair.connect()
  const other = side === 'redis' ? both.redoubt : both.redis
  await other.close()
  return both[side]
}

// --- With requirepass ---

describe('connection commands with requirepass', () => {
  const { diffScript } = diffSuite({ config: { requirepass: 'pw' }, reset: [] })

  it('commands other than AUTH, HELLO, QUIT and RESET need authentication', (t) =>
    diffScript(t, [
      ['PING'],
      ['ECHO', 'x'],
      ['SELECT', '1'],
      ['CLIENT', 'ID'],
      ['CLIENT', 'NOSUCH'],
      ['NOSUCH'],
      ['PING', 'a', 'b'],
      hello('3'),
      hello(),
      hello('3', 'SETNAME', 'x'),
      hello('3', 'AUTH', 'default', 'wrong'),
      ['AUTH', 'wrong'],
      ['AUTH', 'default', 'wrong'],
      ['AUTH', 'other', 'pw'],
      ['AUTH', 'a', 'b', 'c'],
      ['RESET'],
      ['PING'],
      ['AUTH', 'pw'],
      ['PING'],
      ['AUTH', 'wrong'],
      ['PING'],
      ['RESET'],
      ['PING'],
      ['AUTH', 'default', 'pw'],
      ['PING'],
      { cmd: ['QUIT'], closes: true },
    ]))

  it('HELLO AUTH authenticates and switches protocol at once', (t) =>
    diffScript(t, [
      hello('3', 'AUTH', 'default', 'pw', 'SETNAME', 'n'),
      ['CLIENT', 'GETNAME'],
      ['PING'],
      clientInfo(),
    ]))

  it('before authentication, more than 10 arguments closes the connection', (t) =>
    diffScript(t, [
      { cmd: ['PING', ...Array.from({ length: 10 }, () => 'x')], closes: true },
      ['AUTH', 'pw'],
      ['PING', ...Array.from({ length: 10 }, () => 'x')],
    ]))

  it('before authentication, a bulk over 16 KiB closes the connection', (t) =>
    diffScript(t, [
      ['ECHO', 'y'.repeat(16_384)],
      { cmd: ['ECHO', 'y'.repeat(16_385)], closes: true },
      raw(`*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n*2\r\n$4\r\nECHO\r\n$16385\r\n${'z'.repeat(16_385)}\r\n`, {
        replies: 2,
      }),
    ]))
})

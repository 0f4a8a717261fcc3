/**
 * Test support (not a test file): a differential harness for several clients at once, for
 * pub/sub and keyspace notifications. Each step sends one command on one client of each
 * server; then every client of each server is synchronised with a PING carrying a unique
 * marker (allowed in RESP2 subscribed mode), and everything each client received before its
 * marker (the command's replies, messages pushed to it) is compared byte for byte.
 */

import { AssertionError } from 'node:assert'
import type { DiffPair } from '../helpers/diff.js'
import type { RawClient } from '../helpers/raw-client.js'
import { parseReply } from '../helpers/resp-decode.js'
import { escapeBytes } from '../helpers/resp-reader.js'

/** (Un)subscribe confirmations as [sorted names, then counts in order] (see namesUnordered). */
function confirmations(bs: Buffer[]): string[] {
  const names: string[] = []
  const counts: string[] = []
  for (const b of bs) {
    const items = parseReply(b).items
    if (items === null || items.length !== 3) return bs.map((x) => escapeBytes(x, 400))
    names.push(escapeBytes(items[0]!.raw) + escapeBytes(items[1]!.raw))
    counts.push(escapeBytes(items[2]!.raw))
  }
  return [...names.sort(), ...counts]
}

/** A reply as text with the elements of a top-level aggregate sorted (for 'unordered'). */
function canonical(b: Buffer): string {
  const node = parseReply(b)
  if (node.items === null) return escapeBytes(b, 400)
  const head = b.subarray(0, b.indexOf('\r\n') + 2)
  return (
    escapeBytes(head) +
    node.items
      .map((n) => escapeBytes(n.raw, 400))
      .sort()
      .join('')
  )
}

/** Options of one step. */
export interface MultiStepOptions {
  /** Each client's replies may come in any order (Redis walks some sets in hash order). */
  unordered?: boolean
  /**
   * The replies are (un)subscribe confirmations whose names may come in any order (UNSUBSCRIBE
   * with no argument walks a hash table in Redis): names compare as a multiset, the counts they
   * carry in sequence.
   */
  namesUnordered?: boolean
  /** The command closes the connection (QUIT): that client is not synchronised afterwards. */
  closes?: boolean
}

let markerSeq = 0

/** True when 'reply' is the answer to PING 'marker' (a bulk, or RESP2 subscribed ["pong", marker]). */
function isMarker(reply: Buffer, marker: string): boolean {
  const s = reply.toString('latin1')
  if (s === `$${marker.length}\r\n${marker}\r\n`) return true
  return s === `*2\r\n$4\r\npong\r\n$${marker.length}\r\n${marker}\r\n`
}

/** Reads replies of 'c' until the reply to PING 'marker'; returns those before it. */
async function readUntilMarker(c: RawClient, marker: string): Promise<Buffer[]> {
  const out: Buffer[] = []
  for (;;) {
    const r = await c.read()
    if (isMarker(r, marker)) return out
    out.push(r)
  }
}

/** Sends 'cmd' (or nothing) then a marker PING on 'c'; resolves with what came before the marker. */
async function exchange(c: RawClient, cmd: readonly string[] | null, closes: boolean): Promise<Buffer[]> {
  if (cmd !== null) c.send(cmd.map((a) => Buffer.from(a, 'latin1')))
  if (closes) {
    await c.closed()
    const out: Buffer[] = []
    while (c.pendingReplies > 0) out.push(await c.read())
    return out
  }
  const marker = `sync-${++markerSeq}`
  c.send(['PING', marker])
  return readUntilMarker(c, marker)
}

/**
 * Sends 'cmds' on 'c' without waiting, then a marker PING; resolves with every reply before
 * the marker's (for sequences the per-step sync cannot follow, such as MULTI ... EXEC, where
 * a PING would be queued). The marker must not be sent inside MULTI.
 */
export async function runAndSync(c: RawClient, cmds: readonly (readonly string[])[]): Promise<Buffer[]> {
  for (const cmd of cmds) c.send(cmd.map((a) => Buffer.from(a, 'latin1')))
  return exchange(c, null, false)
}

/** The same set of clients on redis-server and on redoubt. */
export class MultiClients {
  private readonly history: string[] = []
  private readonly gone = new Set<number>()

  private constructor(
    readonly redis: RawClient[],
    readonly redoubt: RawClient[],
    private readonly label: string,
  ) {}

  /** Opens 'resp'.length clients per server; resp[i] 3 sends HELLO 3 on client i. */
  static async open(pair: DiffPair, resp: readonly (2 | 3)[], label: string): Promise<MultiClients> {
    const redis: RawClient[] = []
    const redoubt: RawClient[] = []
    for (const r of resp) {
      const both = await pair.connect()
      if (r === 3) {
        await both.redis.call('HELLO', '3')
        await both.redoubt.call('HELLO', '3')
      }
      redis.push(both.redis)
      redoubt.push(both.redoubt)
    }
    return new MultiClients(redis, redoubt, label)
  }

  /**
   * Runs 'cmd' on client 'i' of both servers, then synchronises every client and compares
   * what each received.
   */
  async step(i: number, cmd: readonly string[], opts: MultiStepOptions = {}): Promise<void> {
    const closes = opts.closes === true
    const [theirs, ours] = await Promise.all([
      exchange(this.redis[i]!, cmd, closes),
      exchange(this.redoubt[i]!, cmd, closes),
    ])
    const what = `client ${i}: ${cmd.map((a) => escapeBytes(Buffer.from(a, 'latin1'), 40)).join(' ')}`
    this.compare(i, what, theirs, ours, opts)
    if (closes) this.gone.add(i)
    for (let j = 0; j < this.redis.length; j++) {
      if (j === i || this.gone.has(j)) continue
      const [t, o] = await Promise.all([
        exchange(this.redis[j]!, null, false),
        exchange(this.redoubt[j]!, null, false),
      ])
      this.compare(j, `${what} (seen by client ${j})`, t, o, opts)
    }
    this.history.push(what)
  }

  /** Runs several steps in order. */
  async script(steps: readonly (readonly [number, readonly string[], MultiStepOptions?])[]): Promise<void> {
    for (const [i, cmd, opts] of steps) await this.step(i, cmd, opts)
  }

  private compare(j: number, what: string, theirs: Buffer[], ours: Buffer[], opts: MultiStepOptions): void {
    const show = (bs: Buffer[]): string[] => {
      if (opts.namesUnordered === true) return confirmations(bs)
      if (opts.unordered === true) return bs.map(canonical).sort()
      return bs.map((b) => escapeBytes(b, 400))
    }
    const a = show(theirs)
    const b = show(ours)
    if (a.length === b.length && a.every((x, k) => x === b[k])) return
    throw new AssertionError({
      message:
        `${this.label}: ${what}: client ${j} received differently\n` +
        `  redis-server: ${JSON.stringify(a)}\n  redoubt:      ${JSON.stringify(b)}\n` +
        `  after: ${this.history.slice(-8).join(' | ')}`,
    })
  }

  /** Closes every client. */
  async close(): Promise<void> {
    await Promise.all([...this.redis, ...this.redoubt].map((c) => c.close()))
  }
}

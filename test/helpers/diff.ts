/**
 * Test helper: the differential harness. A script of commands runs against a real redis-server
 * (Redis 7.0, the oracle) and against redoubt over raw connections, and every reply must match
 * byte for byte (or by a looser mode for replies Redis itself does not fix: hash order, clocks).
 *
 *   const { diffScript, diffRandom, withPair } = diffSuite({ config: { databases: 4 } })
 *   it('GET after SET returns the value', (t) => diffScript(t, [['SET', 'k', 'v'], ['GET', 'k']]))
 *
 * diffSuite() must be called while tests are being defined (top level or inside describe): it
 * registers an after() hook that stops both servers. They start lazily, on first use.
 */

import { AssertionError } from 'node:assert'
import { after } from 'node:test'
import { createPrng, type Prng, testSeed } from './prng.js'
import { describeCommand, RawClient, type Sendable } from './raw-client.js'
import { type RealRedis, redisServerSkip, startRealRedis } from './real-redis.js'
import { type RedoubtHandle, type RedoubtOptions, startRedoubt } from './redoubt.js'
import { parseReply, type RespNode, replyShape } from './resp-decode.js'
import { escapeBytes } from './resp-reader.js'

// --- Script steps ---

/**
 * How two replies are compared.
 * - 'exact': byte equality (the default).
 * - 'set': the elements of the top-level aggregate may come in any order (SMEMBERS, HKEYS,
 *   HGETALL in RESP3); a map's key/value pairs are kept together. Scalars compare exactly.
 * - 'pairs': like 'set' for a flat RESP2 array of key, value, key, value (HGETALL, CONFIG GET
 *   with a pattern): pairs may come in any order but stay paired.
 * - 'deep-set': like 'set' at every nesting level.
 * - 'type': only the shape (type bytes, nulls, aggregate sizes, error codes; see replyShape).
 * - 'ignore-value': only the reply's first type byte (TIME, RANDOMKEY, INFO).
 * - a function: returns undefined when the replies agree, else a sentence saying why not.
 */
export type CompareMode =
  | 'exact'
  | 'set'
  | 'pairs'
  | 'deep-set'
  | 'type'
  | 'ignore-value'
  | ((redis: Buffer, redoubt: Buffer) => string | undefined)

/** A step with options. */
export interface StepOptions {
  /** Argv (sent as a RESP multibulk) or a string/Buffer sent exactly as given. */
  cmd: Sendable
  /** How replies are compared (default 'exact'; 'type' for HELLO). */
  mode?: CompareMode
  /**
   * How many replies the step produces (default 1; for SUBSCRIBE-like commands with channel
   * arguments, one per channel). 0 for a step that answers nothing (CLIENT REPLY OFF).
   */
  replies?: number
  /**
   * The server must close the connection (protocol error, QUIT, CLIENT KILL): every reply
   * sent before the close is compared, and the next step runs on fresh connections.
   */
  closes?: boolean
}

/** One step of a script: argv, or a step with options. */
export type Step = readonly (string | Buffer)[] | StepOptions

/** A step sending exact bytes (inline commands, pipelines, malformed input). */
export function raw(bytes: string | Buffer, options: Omit<StepOptions, 'cmd'> = {}): StepOptions {
  return { ...options, cmd: bytes }
}

/** A step whose reply elements may come in any order ('set' mode). */
export function unordered(...argv: string[]): StepOptions {
  return { cmd: argv, mode: 'set' }
}

/** A step whose reply is compared by shape only ('type' mode). */
export function sameShape(...argv: string[]): StepOptions {
  return { cmd: argv, mode: 'type' }
}

/** A step whose reply value is not compared, only its type byte ('ignore-value' mode). */
export function anyValue(...argv: string[]): StepOptions {
  return { cmd: argv, mode: 'ignore-value' }
}

// --- Suite ---

/** Options of diffSuite. */
export interface DiffSuiteOptions {
  /** Directives given to both servers: '--name value' for redis-server, options for redoubt. */
  config?: RedoubtOptions
  /** Extra redis-server arguments ('--maxmemory', '1mb'). */
  redisArgs?: string[]
  /** Extra redoubt embedding options. */
  redoubtOptions?: RedoubtOptions
  /**
   * Starts the server compared with redis-server (default: startRedoubt in process). Tests of
   * this harness pass a second redis-server here.
   */
  startTarget?: () => Promise<RedoubtHandle>
  /** Commands run on both servers before each script, on a separate connection (default FLUSHALL). */
  reset?: readonly (readonly string[])[]
  /** How long to wait for each reply, in ms (default 2000). */
  timeoutMs?: number
}

/** Options of one diffScript run. */
export interface DiffScriptOptions {
  /** Send HELLO 3 on both connections first (compared by shape). */
  resp3?: boolean
  /** Skip the reset (FLUSHALL) before this script. */
  noReset?: boolean
  /** Extra text for the failure message (diffRandom puts the seed here). */
  context?: string
}

/** Both servers, for tests that need more than a script. */
export interface DiffPair {
  /** Port of the real redis-server. */
  readonly redisPort: number
  /** Port of the server under test (redoubt). */
  readonly redoubtPort: number
  /** Opens one fresh connection to each server. Close them when done (or call closeAll). */
  connect(): Promise<{ redis: RawClient; redoubt: RawClient }>
  /** Runs the suite's reset commands on both servers. */
  reset(): Promise<void>
}

/** The minimum of node:test's TestContext the harness uses. */
export interface TestLike {
  readonly name: string
  skip(message?: string): void
  diagnostic(message: string): void
}

/** Generates step 'i' of a random script. */
export type StepGenerator = (rng: Prng, i: number) => Step

/** What diffSuite returns; every function may be destructured. */
export interface DiffSuite {
  /** Runs 'script' on both servers and fails on the first reply that differs. */
  diffScript(t: TestLike, script: readonly Step[], options?: DiffScriptOptions): Promise<void>
  /**
   * Runs 'n' steps made by 'generate' from a PRNG seeded with 'seed' (or $REDOUBT_SEED when
   * set, to replay a failure); the failure message gives the seed.
   */
  diffRandom(
    t: TestLike,
    seed: number,
    n: number,
    generate: StepGenerator,
    options?: DiffScriptOptions,
  ): Promise<void>
  /**
   * Runs 'fn' with both servers started (skips 't' when redis-server is missing; without 't'
   * it throws instead).
   */
  withPair<T>(fn: (pair: DiffPair) => Promise<T>, t?: TestLike): Promise<T | undefined>
  /** Stops both servers (also done by the after() hook diffSuite registers). */
  stop(): Promise<void>
}

const SUBSCRIBE_LIKE = /^(?:p|s)?(?:un)?subscribe$/i

interface Running {
  redis: RealRedis
  target: RedoubtHandle
}

/** Creates a pair of servers for the tests of one file and registers their teardown. */
export function diffSuite(options: DiffSuiteOptions = {}): DiffSuite {
  const timeoutMs = options.timeoutMs ?? 2000
  const resetCommands = options.reset ?? [['FLUSHALL']]
  let running: Promise<Running> | null = null
  const opened = new Set<RawClient>()

  const start = async (): Promise<Running> => {
    const config = options.config ?? {}
    const redisArgs: string[] = []
    for (const [name, value] of Object.entries(config)) {
      redisArgs.push(`--${name}`, typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value))
    }
    const redis = await startRealRedis([...redisArgs, ...(options.redisArgs ?? [])])
    try {
      const target = options.startTarget
        ? await options.startTarget()
        : await startRedoubt({ ...config, ...options.redoubtOptions })
      return { redis, target }
    } catch (err) {
      await redis.stop()
      throw err
    }
  }
  const ensure = (): Promise<Running> => {
    running ??= start()
    return running
  }

  const open = async (port: number): Promise<RawClient> => {
    const client = await RawClient.connect(port, '127.0.0.1', { timeoutMs })
    opened.add(client)
    return client
  }
  const openBoth = async (r: Running): Promise<{ redis: RawClient; redoubt: RawClient }> => {
    const [redis, redoubt] = await Promise.all([open(r.redis.port), open(r.target.port)])
    return { redis, redoubt }
  }
  const closeClient = async (c: RawClient): Promise<void> => {
    opened.delete(c)
    await c.close()
  }

  const reset = async (r: Running): Promise<void> => {
    const both = await openBoth(r)
    try {
      for (const cmd of resetCommands) {
        for (const [side, client] of [
          ['redis-server', both.redis],
          ['redoubt', both.redoubt],
        ] as const) {
          const reply = await client.call(...cmd)
          if (reply[0] === 0x2d) {
            throw new Error(`reset command ${describeCommand(cmd)} failed on ${side}: ${escapeBytes(reply)}`)
          }
        }
      }
    } finally {
      await Promise.all([closeClient(both.redis), closeClient(both.redoubt)])
    }
  }

  const stop = async (): Promise<void> => {
    const r = running
    running = null
    await Promise.all([...opened].map((c) => closeClient(c)))
    if (!r) return
    const settled = await r.then(
      (value) => value,
      () => null,
    )
    if (settled) await Promise.all([settled.target.close(), settled.redis.stop()])
  }
  after(stop)

  const skipReason = (): string | false => redisServerSkip()

  const diffScript = async (
    t: TestLike,
    script: readonly Step[],
    opts: DiffScriptOptions = {},
  ): Promise<void> => {
    const reason = skipReason()
    if (reason) {
      t.skip(reason)
      return
    }
    const r = await ensure()
    if (!opts.noReset) await reset(r)
    const steps: Step[] = opts.resp3 ? [{ cmd: ['HELLO', '3'], mode: 'type' }, ...script] : [...script]
    const history: string[] = []
    let conns = await openBoth(r)
    try {
      for (let i = 0; i < steps.length; i++) {
        const step = normalize(steps[i]!)
        conns.redis.send(step.cmd)
        conns.redoubt.send(step.cmd)
        const [expected, actual] = await Promise.all([
          collect(conns.redis, step, timeoutMs),
          collect(conns.redoubt, step, timeoutMs),
        ])
        const problem = compareOutcomes(expected, actual, step.mode)
        if (problem) {
          throw failure(t, i, steps.length, step, expected, actual, problem, history, opts.context)
        }
        history.push(`${i + 1}. ${describeCommand(step.cmd)}  ->  ${summarize(expected.replies)}`)
        if (step.closes) {
          await Promise.all([closeClient(conns.redis), closeClient(conns.redoubt)])
          conns = await openBoth(r)
        }
      }
      const extra = [conns.redis.pendingReplies, conns.redoubt.pendingReplies]
      if (extra[0] !== extra[1]) {
        throw new AssertionError({
          message: `${t.name}: after the script redis-server has ${extra[0]} unread replies and redoubt ${extra[1]}`,
        })
      }
    } finally {
      await Promise.all([closeClient(conns.redis), closeClient(conns.redoubt)])
    }
  }

  const diffRandom = async (
    t: TestLike,
    seed: number,
    n: number,
    generate: StepGenerator,
    opts: DiffScriptOptions = {},
  ): Promise<void> => {
    const actualSeed = testSeed(seed)
    const rng = createPrng(actualSeed)
    const script: Step[] = []
    for (let i = 0; i < n; i++) script.push(generate(rng, i))
    const context = `random script of ${n} steps from seed ${actualSeed} (replay: REDOUBT_SEED=${actualSeed})`
    await diffScript(t, script, { ...opts, context: opts.context ? `${opts.context}; ${context}` : context })
  }

  const withPair = async <T>(fn: (pair: DiffPair) => Promise<T>, t?: TestLike): Promise<T | undefined> => {
    const reason = skipReason()
    if (reason) {
      if (!t) throw new Error(reason)
      t.skip(reason)
      return undefined
    }
    const r = await ensure()
    return fn({
      redisPort: r.redis.port,
      redoubtPort: r.target.port,
      connect: () => openBoth(r),
      reset: () => reset(r),
    })
  }

  return { diffScript, diffRandom, withPair, stop }
}

// --- Running one step ---

interface NormalStep {
  cmd: Sendable
  mode: CompareMode
  replies: number
  closes: boolean
}

function normalize(step: Step): NormalStep {
  const options: StepOptions = isArgv(step) ? { cmd: step } : step
  const argv = isArgv(options.cmd) ? options.cmd : null
  const name = argv?.[0]?.toString().toLowerCase()
  let replies = options.replies ?? 1
  if (options.replies === undefined && argv && name && SUBSCRIBE_LIKE.test(name) && argv.length > 1) {
    replies = argv.length - 1
  }
  // HELLO replies carry the server name, version and client id: compare their shape.
  const mode = options.mode ?? (name === 'hello' ? 'type' : 'exact')
  return { cmd: options.cmd, mode, replies, closes: options.closes ?? false }
}

function isArgv(x: Step | Sendable): x is readonly (string | Buffer)[] {
  return Array.isArray(x)
}

/** What one server did in one step: its replies, then maybe an error (timeout, close, bad RESP). */
interface Outcome {
  replies: Buffer[]
  error: string | null
  closed: boolean
}

async function collect(client: RawClient, step: NormalStep, timeoutMs: number): Promise<Outcome> {
  const replies: Buffer[] = []
  try {
    if (step.closes) {
      for (;;) {
        try {
          replies.push(await client.read(timeoutMs))
        } catch (err) {
          if (client.isClosed) return { replies, error: null, closed: true }
          throw new Error(`expected the connection to close: ${(err as Error).message}`)
        }
      }
    }
    for (let i = 0; i < step.replies; i++) replies.push(await client.read(timeoutMs))
    return { replies, error: null, closed: false }
  } catch (err) {
    return { replies, error: (err as Error).message, closed: client.isClosed }
  }
}

function compareOutcomes(expected: Outcome, actual: Outcome, mode: CompareMode): string | undefined {
  if (expected.error) return `redis-server itself failed: ${expected.error}`
  if (actual.error) return `redoubt failed: ${actual.error}`
  if (expected.replies.length !== actual.replies.length) {
    return `redis-server sent ${expected.replies.length} replies before closing, redoubt ${actual.replies.length}`
  }
  for (let i = 0; i < expected.replies.length; i++) {
    const why = compareReplies(expected.replies[i]!, actual.replies[i]!, mode)
    if (why) return expected.replies.length > 1 ? `reply ${i + 1}: ${why}` : why
  }
  return undefined
}

/** Compares two replies by 'mode'; undefined when they agree, else why not. */
export function compareReplies(redis: Buffer, redoubt: Buffer, mode: CompareMode): string | undefined {
  if (typeof mode === 'function') return mode(redis, redoubt)
  if (redis.equals(redoubt)) return undefined
  switch (mode) {
    case 'exact':
      return 'replies differ'
    case 'ignore-value':
      return redis[0] === redoubt[0] ? undefined : 'reply types differ'
    case 'type': {
      const [a, b] = [replyShape(redis), replyShape(redoubt)]
      return a === b ? undefined : `reply shapes differ: ${a} vs ${b}`
    }
    case 'set':
    case 'pairs':
    case 'deep-set': {
      const [a, b] = [canonical(parseReply(redis), mode), canonical(parseReply(redoubt), mode)]
      return a === b ? undefined : `replies differ even ignoring element order ('${mode}' mode)`
    }
  }
}

/** A string equal for two replies that differ only in the element order 'mode' ignores. */
function canonical(node: RespNode, mode: 'set' | 'pairs' | 'deep-set', depth = 0): string {
  const attributes = node.attributes ? node.attributes.map((a) => escapeBytes(a.raw, Infinity)).join('') : ''
  if (!node.items || (depth > 0 && mode !== 'deep-set')) return attributes + escapeBytes(node.raw, Infinity)
  const child = (n: RespNode): string => canonical(n, mode, depth + 1)
  const grouped = node.type === '%' || (mode === 'pairs' && depth === 0 && node.items.length % 2 === 0)
  const parts: string[] = []
  for (let i = 0; i < node.items.length; i += grouped ? 2 : 1) {
    parts.push(grouped ? `${child(node.items[i]!)}=>${child(node.items[i + 1]!)}` : child(node.items[i]!))
  }
  parts.sort()
  return `${attributes}${node.type}${node.items.length}[${parts.join(',')}]`
}

// --- Failure messages ---

function summarize(replies: readonly Buffer[]): string {
  if (replies.length === 0) return '(no reply)'
  return replies.map((r) => `"${escapeBytes(r, 80)}"`).join(' ')
}

function showOutcome(o: Outcome): string {
  const parts = o.replies.map((r) => `"${escapeBytes(r, 2000)}"`)
  if (o.error) parts.push(`<${o.error}>`)
  else if (o.closed) parts.push('<connection closed>')
  return parts.length > 0 ? parts.join('\n      ') : '(no reply)'
}

function failure(
  t: TestLike,
  index: number,
  total: number,
  step: NormalStep,
  expected: Outcome,
  actual: Outcome,
  problem: string,
  history: readonly string[],
  context: string | undefined,
): AssertionError {
  const modeName = typeof step.mode === 'function' ? 'custom' : step.mode
  const shown = history.slice(-15)
  const lines = [
    `redis-server and redoubt differ at step ${index + 1} of ${total} (mode ${modeName}): ${describeCommand(step.cmd)}`,
    `  ${problem}`,
    `  redis-server: ${showOutcome(expected)}`,
    `  redoubt:      ${showOutcome(actual)}`,
  ]
  if (shown.length > 0) {
    lines.push(
      history.length > shown.length
        ? `steps before it (last ${shown.length} of ${history.length}):`
        : 'steps before it:',
      ...shown.map((h) => `  ${h}`),
    )
  }
  if (context) lines.push(context)
  if (context) t.diagnostic(context)
  return new AssertionError({
    message: lines.join('\n'),
    expected: expected.replies.map((r) => escapeBytes(r, 2000)),
    actual: actual.replies.map((r) => escapeBytes(r, 2000)),
    operator: 'diffScript',
  })
}

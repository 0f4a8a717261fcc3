/**
 * Pub/Sub commands: SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE SSUBSCRIBE SUNSUBSCRIBE
 * PUBLISH SPUBLISH and PUBSUB CHANNELS|NUMSUB|NUMPAT|SHARDCHANNELS|SHARDNUMSUB|HELP, with
 * Redis 7.0's replies (RESP2 arrays, RESP3 push frames) and the RESP2 subscribed-mode rule
 * that dispatch applies. See https://redis.io/docs/manual/pubsub/
 */

import { errPubsubContext, errSubcommandSyntax } from '../protocol/reply-errors.js'
import { encodeSubscribeReply, type PushTarget, Subscriber } from '../pubsub/subscriptions.js'
import { compileGlob } from '../util/glob.js'
import type { ClientAttachment, ClientListFields, CommandClient, CommandEntry } from './context.js'
import type { CommandSpec, KeySpec } from './spec.js'

/** Attachment key of a client's subscriptions. */
const PUBSUB_STATE = 'pubsub'

/** A client's subscriptions, attached to it while it has any (CLIENT LIST, RESET, close). */
class PubSubState implements ClientAttachment, PushTarget {
  readonly sub: Subscriber

  constructor(private readonly c: CommandClient) {
    this.sub = new Subscriber(c.id, this)
  }

  get resp(): 2 | 3 {
    return this.c.w.resp
  }

  push(bytes: string): void {
    writePush(this.c, bytes)
    this.c.scheduleFlush()
  }

  reset(): void {
    this.c.srv.pubsub.dropAll(this.sub)
    this.c.pubsubMode = false
    this.c.detach(PUBSUB_STATE)
  }

  close(): void {
    this.c.srv.pubsub.dropAll(this.sub)
    this.c.pubsubMode = false
  }

  describe(f: ClientListFields): void {
    f.sub = this.sub.channels.size
    f.psub = this.sub.patterns.size
    f.ssub = this.sub.shardChannels.size
    if (this.c.pubsubMode) {
      f.flags = 'P'
      f.type = 'pubsub'
    }
  }
}

/**
 * Writes a pub/sub push (message or (un)subscribe confirmation) to 'c'. redis 7.0.15 sends
 * these even under CLIENT REPLY OFF or SKIP (its CLIENT_PUSHING flag), in RESP2 as in RESP3.
 */
function writePush(c: CommandClient, bytes: string): void {
  const w = c.w
  const enabled = w.enabled
  w.enabled = true
  w.raw(bytes)
  w.enabled = enabled
}

/** The subscriptions of 'c', attached on first use. */
function stateOf(c: CommandClient): PubSubState {
  const found = c.attached(PUBSUB_STATE)
  if (found instanceof PubSubState) return found
  const st = new PubSubState(c)
  c.attach(PUBSUB_STATE, st)
  return st
}

/** After a subscribe: pub/sub mode on (redis sets CLIENT_PUBSUB). */
function enterMode(c: CommandClient): void {
  c.pubsubMode = true
}

/** After an unsubscribe: pub/sub mode ends once nothing of any kind is left. */
function leaveModeIfEmpty(c: CommandClient, st: PubSubState): void {
  if (st.sub.total > 0) return
  c.pubsubMode = false
  c.detach(PUBSUB_STATE)
}

// --- RESP2 subscribed mode ---

/** Commands a RESP2 client may still run while subscribed (redis processCommand). */
const ALLOWED_IN_PUBSUB = new Set([
  'ping',
  'subscribe',
  'ssubscribe',
  'unsubscribe',
  'sunsubscribe',
  'psubscribe',
  'punsubscribe',
  'quit',
  'reset',
])

/**
 * Dispatch guard: the error for 'c', a RESP2 client in pub/sub mode, asking for a command
 * other than (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT or RESET; null when allowed.
 * Callers test c.pubsubMode first, so ordinary clients pay one boolean check.
 */
export function pubsubContextError(c: CommandClient, entry: CommandEntry): string | null {
  if (c.w.resp !== 2) return null
  if (entry.parent === null && ALLOWED_IN_PUBSUB.has(entry.spec.name)) return null
  return errPubsubContext(entry.fullName)
}

// --- SUBSCRIBE family ---

function subscribeCommand(c: CommandClient, argv: string[]): void {
  const st = stateOf(c)
  const ps = c.srv.pubsub
  for (let i = 1; i < argv.length; i++) {
    const ch = argv[i]!
    ps.subscribe(st.sub, ch)
    writePush(c, encodeSubscribeReply(c.w.resp, 'subscribe', ch, st.sub.count))
  }
  enterMode(c)
}

function psubscribeCommand(c: CommandClient, argv: string[]): void {
  const st = stateOf(c)
  const ps = c.srv.pubsub
  for (let i = 1; i < argv.length; i++) {
    const p = argv[i]!
    ps.psubscribe(st.sub, p)
    writePush(c, encodeSubscribeReply(c.w.resp, 'psubscribe', p, st.sub.count))
  }
  enterMode(c)
}

function ssubscribeCommand(c: CommandClient, argv: string[]): void {
  const st = stateOf(c)
  const ps = c.srv.pubsub
  for (let i = 1; i < argv.length; i++) {
    const ch = argv[i]!
    ps.subscribeShard(st.sub, ch)
    writePush(c, encodeSubscribeReply(c.w.resp, 'ssubscribe', ch, st.sub.shardChannels.size))
  }
  enterMode(c)
}

type Kind = 'channel' | 'pattern' | 'shard'

/** Removes one subscription of 'kind' and returns the count its confirmation carries. */
function dropOne(c: CommandClient, st: PubSubState, kind: Kind, name: string): number {
  const ps = c.srv.pubsub
  if (kind === 'channel') ps.unsubscribe(st.sub, name)
  else if (kind === 'pattern') ps.punsubscribe(st.sub, name)
  else ps.unsubscribeShard(st.sub, name)
  return kind === 'shard' ? st.sub.shardChannels.size : st.sub.count
}

/**
 * UNSUBSCRIBE, PUNSUBSCRIBE, SUNSUBSCRIBE: the named subscriptions, or all of that kind when
 * none is named; one confirmation each (also for names not subscribed), or a single one with
 * a null name when there was nothing to leave.
 */
function unsubscribeGeneric(c: CommandClient, argv: string[], kind: Kind, reply: string): void {
  const st = stateOf(c)
  const w = c.w
  if (argv.length > 1) {
    for (let i = 1; i < argv.length; i++) {
      const name = argv[i]!
      writePush(c, encodeSubscribeReply(w.resp, reply, name, dropOne(c, st, kind, name)))
    }
  } else {
    const set =
      kind === 'channel' ? st.sub.channels : kind === 'pattern' ? st.sub.patterns : st.sub.shardChannels
    if (set.size === 0) {
      writePush(c, encodeSubscribeReply(w.resp, reply, null, kind === 'shard' ? 0 : st.sub.count))
    } else {
      for (const name of [...set])
        writePush(c, encodeSubscribeReply(w.resp, reply, name, dropOne(c, st, kind, name)))
    }
  }
  leaveModeIfEmpty(c, st)
}

function unsubscribeCommand(c: CommandClient, argv: string[]): void {
  unsubscribeGeneric(c, argv, 'channel', 'unsubscribe')
}

function punsubscribeCommand(c: CommandClient, argv: string[]): void {
  unsubscribeGeneric(c, argv, 'pattern', 'punsubscribe')
}

function sunsubscribeCommand(c: CommandClient, argv: string[]): void {
  unsubscribeGeneric(c, argv, 'shard', 'sunsubscribe')
}

// --- PUBLISH ---

function publishCommand(c: CommandClient, argv: string[]): void {
  c.w.integer(c.srv.pubsub.publish(argv[1]!, argv[2]!))
}

function spublishCommand(c: CommandClient, argv: string[]): void {
  c.w.integer(c.srv.pubsub.publishShard(argv[1]!, argv[2]!))
}

// --- PUBSUB introspection ---

/** PUBSUB CHANNELS / SHARDCHANNELS [pattern]: active channels matching the pattern. */
function channelsGeneric(c: CommandClient, argv: string[], shard: boolean): void {
  if (argv.length > 3) {
    c.w.error(errSubcommandSyntax(argv[0]!, argv[1]!))
    return
  }
  const match = argv.length === 3 ? compileGlob(argv[2]!) : null
  const out: string[] = []
  for (const ch of c.srv.pubsub.channelNames(shard)) if (match === null || match(ch)) out.push(ch)
  c.w.bulkArray(out)
}

/** PUBSUB NUMSUB / SHARDNUMSUB [channel ...]: channel, count pairs as a flat array. */
function numsubGeneric(c: CommandClient, argv: string[], shard: boolean): void {
  const w = c.w
  const ps = c.srv.pubsub
  w.arrayHeader((argv.length - 2) * 2)
  for (let i = 2; i < argv.length; i++) {
    w.bulk(argv[i]!)
    w.integer(ps.subscriberCount(argv[i]!, shard))
  }
}

const HELP_LINES = [
  'CHANNELS [<pattern>]',
  '    Lists the channels with subscribers, those matching <pattern> when given.',
  'NUMPAT',
  '    Counts the distinct patterns subscribed to.',
  'NUMSUB [<channel> ...]',
  '    Counts the subscribers of each channel given (none by default);',
  '    pattern subscriptions are not counted.',
  'SHARDCHANNELS [<pattern>]',
  '    Lists the shard channels with subscribers, those matching <pattern> when given.',
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Counts the subscribers of each shard channel.',
]

function pubsubHelpCommand(c: CommandClient, argv: string[]): void {
  const w = c.w
  w.arrayHeader(HELP_LINES.length + 3)
  w.simple(`${argv[0]!.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`)
  for (const line of HELP_LINES) w.simple(line)
  w.simple('HELP')
  w.simple('    Prints this help.')
}

// --- Specs ---

const SUB_FLAGS: CommandSpec['flags'] = ['pubsub', 'noscript', 'loading', 'stale']
const INTROSPECT_FLAGS: CommandSpec['flags'] = ['pubsub', 'loading', 'stale']

/** Shard channels are declared as key specs flagged not_key (cluster slot routing). */
function shardKeys(lastkey: number): KeySpec[] {
  return [{ flags: ['NOT_KEY'], begin: { index: 1 }, find: { range: [lastkey, 1, 0] } }]
}

const PUBSUB_SUBCOMMANDS: CommandSpec[] = [
  {
    name: 'channels',
    group: 'pubsub',
    since: '2.8.0',
    summary: 'Lists the channels that have subscribers.',
    complexity: 'O(N) in the number of active channels',
    arity: -2,
    flags: INTROSPECT_FLAGS,
    args: [{ name: 'pattern', type: 'pattern', optional: true }],
    handler: (c, argv) => channelsGeneric(c, argv, false),
  },
  {
    name: 'numsub',
    group: 'pubsub',
    since: '2.8.0',
    summary: 'Counts the subscribers of channels.',
    complexity: 'O(N) in the number of channels asked about',
    arity: -2,
    flags: INTROSPECT_FLAGS,
    args: [{ name: 'channel', type: 'string', optional: true, multiple: true }],
    handler: (c, argv) => numsubGeneric(c, argv, false),
  },
  {
    name: 'numpat',
    group: 'pubsub',
    since: '2.8.0',
    summary: 'Counts the distinct subscribed patterns.',
    complexity: 'O(1)',
    arity: 2,
    flags: INTROSPECT_FLAGS,
    handler: (c) => c.w.integer(c.srv.pubsub.patternCount),
  },
  {
    name: 'shardchannels',
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Lists the shard channels that have subscribers.',
    complexity: 'O(N) in the number of active shard channels',
    arity: -2,
    flags: INTROSPECT_FLAGS,
    args: [{ name: 'pattern', type: 'pattern', optional: true }],
    handler: (c, argv) => channelsGeneric(c, argv, true),
  },
  {
    name: 'shardnumsub',
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Counts the subscribers of shard channels.',
    complexity: 'O(N) in the number of shard channels asked about',
    arity: -2,
    flags: INTROSPECT_FLAGS,
    args: [{ name: 'shardchannel', type: 'string', optional: true, multiple: true }],
    handler: (c, argv) => numsubGeneric(c, argv, true),
  },
  {
    name: 'help',
    group: 'pubsub',
    since: '6.2.0',
    summary: 'Lists the PUBSUB subcommands.',
    complexity: 'O(1)',
    arity: 2,
    flags: ['loading', 'stale'],
    handler: pubsubHelpCommand,
  },
]

/** The pub/sub family as declared in redis 7.0. */
export const pubsubCommands: CommandSpec[] = [
  {
    name: 'subscribe',
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Receives the messages published to the given channels.',
    complexity: 'O(N) in the number of channels',
    arity: -2,
    flags: SUB_FLAGS,
    args: [{ name: 'channel', type: 'string', multiple: true }],
    handler: subscribeCommand,
  },
  {
    name: 'unsubscribe',
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Stops receiving the messages of the given channels, or of all.',
    complexity: 'O(N) in the number of channels',
    arity: -1,
    flags: SUB_FLAGS,
    args: [{ name: 'channel', type: 'string', optional: true, multiple: true }],
    handler: unsubscribeCommand,
  },
  {
    name: 'psubscribe',
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Receives the messages published to channels matching the given patterns.',
    complexity: 'O(N) in the number of patterns',
    arity: -2,
    flags: SUB_FLAGS,
    args: [
      { name: 'pattern', type: 'block', multiple: true, arguments: [{ name: 'pattern', type: 'pattern' }] },
    ],
    handler: psubscribeCommand,
  },
  {
    name: 'punsubscribe',
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Stops receiving the messages of the given patterns, or of all.',
    complexity: 'O(N) in the number of patterns',
    arity: -1,
    flags: SUB_FLAGS,
    args: [{ name: 'pattern', type: 'pattern', optional: true, multiple: true }],
    handler: punsubscribeCommand,
  },
  {
    name: 'ssubscribe',
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Receives the messages published to the given shard channels.',
    complexity: 'O(N) in the number of shard channels',
    arity: -2,
    flags: SUB_FLAGS,
    keys: shardKeys(-1),
    args: [{ name: 'shardchannel', type: 'string', multiple: true }],
    handler: ssubscribeCommand,
  },
  {
    name: 'sunsubscribe',
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Stops receiving the messages of the given shard channels, or of all.',
    complexity: 'O(N) in the number of shard channels',
    arity: -1,
    flags: SUB_FLAGS,
    keys: shardKeys(-1),
    args: [{ name: 'shardchannel', type: 'string', optional: true, multiple: true }],
    handler: sunsubscribeCommand,
  },
  {
    name: 'publish',
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Posts a message to a channel; replies with the number of receivers.',
    complexity: 'O(N+M): N subscribers of the channel, M subscribed patterns',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast'],
    args: [
      { name: 'channel', type: 'string' },
      { name: 'message', type: 'string' },
    ],
    handler: publishCommand,
  },
  {
    name: 'spublish',
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Posts a message to a shard channel; replies with the number of receivers.',
    complexity: 'O(N) in the number of subscribers of the shard channel',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast'],
    keys: shardKeys(0),
    args: [
      { name: 'shardchannel', type: 'string' },
      { name: 'message', type: 'string' },
    ],
    handler: spublishCommand,
  },
  {
    name: 'pubsub',
    group: 'pubsub',
    since: '2.8.0',
    summary: 'Container of the commands that inspect the pub/sub state.',
    complexity: 'Depends on subcommand.',
    arity: -2,
    flags: [],
    subcommands: PUBSUB_SUBCOMMANDS,
  },
]

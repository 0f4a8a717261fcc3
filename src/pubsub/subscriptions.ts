/**
 * The Pub/Sub registry: channels, shard channels and patterns to their subscribers, each
 * client's own subscriptions, and delivery of published messages as RESP2 arrays or RESP3
 * push frames (message, pmessage, smessage), as Redis 7.0's pubsub.c.
 * See https://redis.io/docs/manual/pubsub/
 */

import { PatternSubscriptions } from './pattern-subscriptions.js'

/** Where a subscriber's messages go: its protocol and its (flushed later) output. */
export interface PushTarget {
  /** Protocol the client speaks now: pushes are '>' frames in RESP3, arrays in RESP2. */
  readonly resp: 2 | 3
  /** Appends encoded RESP bytes to the client's output and arranges for them to be sent. */
  push(bytes: string): void
}

/** One client's subscriptions (redis client->pubsub_channels, pubsub_patterns, pubsubshard_channels). */
export class Subscriber {
  /** Channels, patterns and shard channels, in the order subscribed. */
  readonly channels = new Set<string>()
  readonly patterns = new Set<string>()
  readonly shardChannels = new Set<string>()

  constructor(
    /** Client id (for messages and the ACL layer). */
    readonly id: number,
    readonly target: PushTarget,
  ) {}

  /** Channels plus patterns: the count SUBSCRIBE/PSUBSCRIBE replies carry (redis clientSubscriptionsCount). */
  get count(): number {
    return this.channels.size + this.patterns.size
  }

  /** Every subscription of any kind; zero means the client leaves pub/sub mode. */
  get total(): number {
    return this.channels.size + this.patterns.size + this.shardChannels.size
  }
}

/** What a client is subscribed to (for the ACL layer: kill clients that lose channel access). */
export interface ClientChannels {
  readonly channels: readonly string[]
  readonly patterns: readonly string[]
  readonly shardChannels: readonly string[]
}

const NO_CHANNELS: ClientChannels = { channels: [], patterns: [], shardChannels: [] }

// --- Encoding ---

function bulk(s: string): string {
  return `$${s.length}\r\n${s}\r\n`
}

/** A push of bulk strings, as RESP2 array or RESP3 push frame. */
export function encodePush(resp: 2 | 3, parts: readonly string[]): string {
  let s = `${resp === 2 ? '*' : '>'}${parts.length}\r\n`
  for (const p of parts) s += bulk(p)
  return s
}

/**
 * The confirmation of a (un)subscription: [kind, name, count]; a null name (UNSUBSCRIBE with
 * nothing subscribed) is $-1 in RESP2 and _ in RESP3, as Redis's addReplyNull.
 */
export function encodeSubscribeReply(resp: 2 | 3, kind: string, name: string | null, count: number): string {
  const head = `${resp === 2 ? '*' : '>'}3\r\n${bulk(kind)}`
  const n = name === null ? (resp === 2 ? '$-1\r\n' : '_\r\n') : bulk(name)
  return `${head}${n}:${count}\r\n`
}

/** Lazily encodes one message once per protocol, whatever the number of receivers. */
class MessageCache {
  private v2: string | null = null
  private v3: string | null = null
  constructor(private readonly parts: readonly string[]) {}
  get(resp: 2 | 3): string {
    if (resp === 2) {
      if (this.v2 === null) this.v2 = encodePush(2, this.parts)
      return this.v2
    }
    if (this.v3 === null) this.v3 = encodePush(3, this.parts)
    return this.v3
  }
}

// --- The registry ---

/** Server-wide subscriptions (redis server.pubsub_channels, pubsub_patterns, pubsubshard_channels). */
export class PubSub {
  private readonly channels = new Map<string, Set<Subscriber>>()
  private readonly shardChannels = new Map<string, Set<Subscriber>>()
  private readonly patterns = new PatternSubscriptions<Subscriber>()
  /** Subscribers with at least one subscription, by client id. */
  private readonly byClient = new Map<number, Subscriber>()

  /** Channels with at least one subscriber (INFO pubsub_channels). */
  get channelCount(): number {
    return this.channels.size
  }

  /** Distinct subscribed patterns (INFO pubsub_patterns, PUBSUB NUMPAT). */
  get patternCount(): number {
    return this.patterns.size
  }

  /** Shard channels with at least one subscriber (INFO pubsubshard_channels). */
  get shardChannelCount(): number {
    return this.shardChannels.size
  }

  /** SUBSCRIBE one channel; false when 'sub' already had it. */
  subscribe(sub: Subscriber, channel: string): boolean {
    if (sub.channels.has(channel)) return false
    sub.channels.add(channel)
    addTo(this.channels, channel, sub)
    this.byClient.set(sub.id, sub)
    return true
  }

  /** UNSUBSCRIBE one channel; false when 'sub' did not have it. */
  unsubscribe(sub: Subscriber, channel: string): boolean {
    if (!sub.channels.delete(channel)) return false
    removeFrom(this.channels, channel, sub)
    this.untrackIfEmpty(sub)
    return true
  }

  /** SSUBSCRIBE one shard channel; false when 'sub' already had it. */
  subscribeShard(sub: Subscriber, channel: string): boolean {
    if (sub.shardChannels.has(channel)) return false
    sub.shardChannels.add(channel)
    addTo(this.shardChannels, channel, sub)
    this.byClient.set(sub.id, sub)
    return true
  }

  /** SUNSUBSCRIBE one shard channel; false when 'sub' did not have it. */
  unsubscribeShard(sub: Subscriber, channel: string): boolean {
    if (!sub.shardChannels.delete(channel)) return false
    removeFrom(this.shardChannels, channel, sub)
    this.untrackIfEmpty(sub)
    return true
  }

  /** PSUBSCRIBE one pattern; false when 'sub' already had it. */
  psubscribe(sub: Subscriber, pattern: string): boolean {
    if (sub.patterns.has(pattern)) return false
    sub.patterns.add(pattern)
    this.patterns.add(pattern, sub)
    this.byClient.set(sub.id, sub)
    return true
  }

  /** PUNSUBSCRIBE one pattern; false when 'sub' did not have it. */
  punsubscribe(sub: Subscriber, pattern: string): boolean {
    if (!sub.patterns.delete(pattern)) return false
    this.patterns.remove(pattern, sub)
    this.untrackIfEmpty(sub)
    return true
  }

  /** Drops every subscription of 'sub' silently (disconnection, RESET). */
  dropAll(sub: Subscriber): void {
    for (const ch of sub.channels) removeFrom(this.channels, ch, sub)
    for (const ch of sub.shardChannels) removeFrom(this.shardChannels, ch, sub)
    for (const p of sub.patterns) this.patterns.remove(p, sub)
    sub.channels.clear()
    sub.shardChannels.clear()
    sub.patterns.clear()
    this.byClient.delete(sub.id)
  }

  private untrackIfEmpty(sub: Subscriber): void {
    if (sub.total === 0) this.byClient.delete(sub.id)
  }

  /**
   * What client 'clientId' is subscribed to: for the ACL layer, which must disconnect clients
   * whose user lost access to a channel they listen on (redis ACLKillPubsubClientsIfNeeded).
   */
  clientChannels(clientId: number): ClientChannels {
    const sub = this.byClient.get(clientId)
    if (sub === undefined) return NO_CHANNELS
    return { channels: [...sub.channels], patterns: [...sub.patterns], shardChannels: [...sub.shardChannels] }
  }

  /** Ids of the clients subscribed to anything. */
  subscribedClients(): IterableIterator<number> {
    return this.byClient.keys()
  }

  /**
   * PUBLISH: delivers 'message' to the channel's subscribers (in subscription order), then to
   * every subscriber of a matching pattern; returns the number of deliveries (a client
   * subscribed both ways counts twice, as Redis).
   */
  publish(channel: string, message: string): number {
    let n = 0
    const subs = this.channels.get(channel)
    if (subs !== undefined) {
      const msg = new MessageCache(['message', channel, message])
      for (const s of subs) {
        s.target.push(msg.get(s.target.resp))
        n++
      }
    }
    if (this.patterns.size > 0) {
      n += this.patterns.forEachMatch(channel, (pattern, s) => {
        s.target.push(encodePush(s.target.resp, ['pmessage', pattern, channel, message]))
      })
    }
    return n
  }

  /** SPUBLISH: delivers 'message' to the shard channel's subscribers; returns how many. */
  publishShard(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel)
    if (subs === undefined) return 0
    const msg = new MessageCache(['smessage', channel, message])
    let n = 0
    for (const s of subs) {
      s.target.push(msg.get(s.target.resp))
      n++
    }
    return n
  }

  /** Subscribers of 'channel' (PUBSUB NUMSUB), or of the shard channel when 'shard'. */
  subscriberCount(channel: string, shard = false): number {
    return (shard ? this.shardChannels : this.channels).get(channel)?.size ?? 0
  }

  /** Active channels (or shard channels), for PUBSUB CHANNELS / SHARDCHANNELS. */
  channelNames(shard = false): IterableIterator<string> {
    return (shard ? this.shardChannels : this.channels).keys()
  }
}

function addTo(map: Map<string, Set<Subscriber>>, channel: string, sub: Subscriber): void {
  let set = map.get(channel)
  if (set === undefined) {
    set = new Set()
    map.set(channel, set)
  }
  set.add(sub)
}

function removeFrom(map: Map<string, Set<Subscriber>>, channel: string, sub: Subscriber): void {
  const set = map.get(channel)
  if (set === undefined) return
  set.delete(sub)
  if (set.size === 0) map.delete(channel)
}

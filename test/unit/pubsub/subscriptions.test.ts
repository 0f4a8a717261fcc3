// Unit tests of the pub/sub registry, pattern subscriptions and keyspace notifier, without
// sockets: delivery order and counts, encodings, bookkeeping on unsubscribe and drop, the
// per-client view the ACL layer uses, and the notify-keyspace-events class gating.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { NOTIFY, parseKeyspaceEvents } from '../../../src/config/keyspace-events.js'
import { KeyspaceNotifier } from '../../../src/pubsub/keyspace-notifications.js'
import { PatternSubscriptions } from '../../../src/pubsub/pattern-subscriptions.js'
import {
  encodePush,
  encodeSubscribeReply,
  PubSub,
  type PushTarget,
  Subscriber,
} from '../../../src/pubsub/subscriptions.js'

/** A push target recording what it receives. */
class Recorder implements PushTarget {
  readonly got: string[] = []
  constructor(public resp: 2 | 3 = 2) {}
  push(bytes: string): void {
    this.got.push(bytes)
  }
}

function subscriber(id: number, resp: 2 | 3 = 2): { sub: Subscriber; rec: Recorder } {
  const rec = new Recorder(resp)
  return { sub: new Subscriber(id, rec), rec }
}

describe('encodings', () => {
  it('a push is an array in RESP2 and a > frame in RESP3, with byte lengths of latin1 strings', () => {
    assert.equal(
      encodePush(2, ['message', 'c', '\xff\x00']),
      '*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$2\r\n\xff\x00\r\n',
    )
    assert.equal(encodePush(3, ['smessage', '', 'x']), '>3\r\n$8\r\nsmessage\r\n$0\r\n\r\n$1\r\nx\r\n')
  })
  it('a subscribe confirmation with no name carries a RESP2 or RESP3 null', () => {
    assert.equal(encodeSubscribeReply(2, 'unsubscribe', null, 0), '*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n')
    assert.equal(encodeSubscribeReply(3, 'unsubscribe', null, 2), '>3\r\n$11\r\nunsubscribe\r\n_\r\n:2\r\n')
    assert.equal(encodeSubscribeReply(2, 'subscribe', 'a', 1), '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n')
  })
})

describe('PubSub', () => {
  it('PUBLISH reaches channel subscribers in subscription order, then pattern subscribers', () => {
    const ps = new PubSub()
    const a = subscriber(1)
    const b = subscriber(2, 3)
    const c = subscriber(3)
    ps.subscribe(b.sub, 'ch')
    ps.subscribe(a.sub, 'ch')
    ps.psubscribe(c.sub, 'c*')
    ps.psubscribe(a.sub, '?h')
    assert.equal(ps.publish('ch', 'hi'), 4)
    assert.deepEqual(b.rec.got, ['>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n'])
    assert.deepEqual(a.rec.got, [
      '*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n',
      '*4\r\n$8\r\npmessage\r\n$2\r\n?h\r\n$2\r\nch\r\n$2\r\nhi\r\n',
    ])
    assert.deepEqual(c.rec.got, ['*4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nch\r\n$2\r\nhi\r\n'])
    assert.equal(ps.publish('zz', 'none'), 0)
  })

  it('subscribing twice is a no-op, and counts follow Redis (channels + patterns; shard apart)', () => {
    const ps = new PubSub()
    const { sub } = subscriber(7)
    assert.equal(ps.subscribe(sub, 'a'), true)
    assert.equal(ps.subscribe(sub, 'a'), false)
    ps.psubscribe(sub, 'p*')
    ps.subscribeShard(sub, 's')
    assert.equal(sub.count, 2)
    assert.equal(sub.total, 3)
    assert.equal(ps.channelCount, 1)
    assert.equal(ps.patternCount, 1)
    assert.equal(ps.shardChannelCount, 1)
    assert.equal(ps.subscriberCount('a'), 1)
    assert.equal(ps.subscriberCount('s', true), 1)
    assert.equal(ps.subscriberCount('s'), 0)
  })

  it('shard channels and channels are separate namespaces', () => {
    const ps = new PubSub()
    const a = subscriber(1)
    const b = subscriber(2)
    ps.subscribeShard(a.sub, 'x')
    ps.subscribe(b.sub, 'x')
    assert.equal(ps.publishShard('x', 'm'), 1)
    assert.equal(ps.publish('x', 'm'), 1)
    assert.deepEqual(a.rec.got, ['*3\r\n$8\r\nsmessage\r\n$1\r\nx\r\n$1\r\nm\r\n'])
    assert.deepEqual(b.rec.got, ['*3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$1\r\nm\r\n'])
  })

  it('unsubscribing the last subscriber removes the channel or pattern', () => {
    const ps = new PubSub()
    const a = subscriber(1)
    const b = subscriber(2)
    ps.subscribe(a.sub, 'c')
    ps.subscribe(b.sub, 'c')
    ps.psubscribe(a.sub, 'p')
    assert.equal(ps.unsubscribe(a.sub, 'c'), true)
    assert.equal(ps.unsubscribe(a.sub, 'c'), false)
    assert.equal(ps.channelCount, 1)
    ps.unsubscribe(b.sub, 'c')
    assert.equal(ps.channelCount, 0)
    assert.deepEqual([...ps.channelNames()], [])
    assert.equal(ps.punsubscribe(a.sub, 'p'), true)
    assert.equal(ps.patternCount, 0)
  })

  it('dropAll forgets every subscription of a client and its ACL view', () => {
    const ps = new PubSub()
    const a = subscriber(5)
    ps.subscribe(a.sub, 'c1')
    ps.subscribe(a.sub, 'c2')
    ps.psubscribe(a.sub, 'p*')
    ps.subscribeShard(a.sub, 's')
    assert.deepEqual(ps.clientChannels(5), { channels: ['c1', 'c2'], patterns: ['p*'], shardChannels: ['s'] })
    assert.deepEqual([...ps.subscribedClients()], [5])
    ps.dropAll(a.sub)
    assert.equal(a.sub.total, 0)
    assert.equal(ps.channelCount + ps.patternCount + ps.shardChannelCount, 0)
    assert.deepEqual(ps.clientChannels(5), { channels: [], patterns: [], shardChannels: [] })
    assert.deepEqual([...ps.subscribedClients()], [])
    assert.equal(ps.publish('c1', 'x'), 0)
  })

  it('a client leaves the ACL view once its last subscription of any kind goes', () => {
    const ps = new PubSub()
    const a = subscriber(9)
    ps.subscribe(a.sub, 'c')
    ps.subscribeShard(a.sub, 's')
    ps.unsubscribe(a.sub, 'c')
    assert.deepEqual([...ps.subscribedClients()], [9])
    ps.unsubscribeShard(a.sub, 's')
    assert.deepEqual([...ps.subscribedClients()], [])
  })

  it('a subscriber removed while a message is being delivered is not visited again', () => {
    const ps = new PubSub()
    const got: number[] = []
    const subs: Subscriber[] = []
    for (let i = 0; i < 3; i++) {
      subs.push(
        new Subscriber(i, {
          resp: 2,
          push: () => {
            got.push(i)
            // Delivery may disconnect a slow client (output buffer limits): its subscriptions go.
            if (i === 0) ps.dropAll(subs[1]!)
          },
        }),
      )
    }
    for (const s of subs) ps.subscribe(s, 'c')
    assert.equal(ps.publish('c', 'm'), 2)
    assert.deepEqual(got, [0, 2])
  })
})

describe('PatternSubscriptions', () => {
  it('matches with Redis glob rules and reports each (pattern, subscriber) once', () => {
    const p = new PatternSubscriptions<string>()
    p.add('news.*', 'A')
    p.add('news.[ab]*', 'B')
    p.add('news.*', 'B')
    assert.equal(p.add('news.*', 'A'), false)
    assert.equal(p.size, 2)
    const seen: string[] = []
    assert.equal(
      p.forEachMatch('news.art', (pat, s) => seen.push(`${pat}:${s}`)),
      3,
    )
    assert.deepEqual(seen, ['news.*:A', 'news.*:B', 'news.[ab]*:B'])
    assert.equal(
      p.forEachMatch('sport', () => {}),
      0,
    )
    assert.equal(p.remove('news.*', 'C'), false)
    p.remove('news.[ab]*', 'B')
    assert.equal(p.size, 1)
  })

  it('a hostile pattern costs time linear in pattern times channel, not exponential', () => {
    const p = new PatternSubscriptions<number>()
    p.add(`${'*a'.repeat(40)}b`, 1)
    const start = performance.now()
    assert.equal(
      p.forEachMatch('a'.repeat(5000), () => {}),
      0,
    )
    assert.ok(performance.now() - start < 500)
  })
})

describe('KeyspaceNotifier', () => {
  const classBit = (ch: string): number => parseKeyspaceEvents(ch) ?? 0

  function setup(flags: string): { rec: Recorder; n: KeyspaceNotifier } {
    const ps = new PubSub()
    const rec = new Recorder()
    ps.psubscribe(new Subscriber(1, rec), '*')
    const n = new KeyspaceNotifier(ps, classBit)
    n.flags = parseKeyspaceEvents(flags)!
    return { rec, n }
  }
  const channels = (rec: Recorder): string[] => rec.got.map((m) => m.split('\r\n')[6]!)

  it('publishes keyspace then keyevent for an enabled class', () => {
    const { rec, n } = setup('KE$')
    n.notify('$', 'set', 'k', 3)
    assert.deepEqual(channels(rec), ['__keyspace@3__:k', '__keyevent@3__:set'])
    assert.ok(rec.got[0]!.endsWith('$3\r\nset\r\n'))
    assert.ok(rec.got[1]!.endsWith('$1\r\nk\r\n'))
  })

  it('publishes nothing without the class, or without K and E', () => {
    const { rec, n } = setup('KEg')
    n.notify('$', 'set', 'k', 0)
    assert.deepEqual(rec.got, [])
    const other = setup('A')
    other.n.notify('g', 'del', 'k', 0)
    assert.deepEqual(other.rec.got, [])
  })

  it("'A' leaves out 'n' (new) and 'm' (keymiss), which must be named", () => {
    const { rec, n } = setup('KA')
    n.notify('n', 'new', 'k', 0)
    n.notify('m', 'keymiss', 'k', 0)
    assert.deepEqual(rec.got, [])
    const named = setup('Enm')
    named.n.notify('n', 'new', 'k', 0)
    named.n.notify('m', 'keymiss', 'k', 0)
    assert.deepEqual(channels(named.rec), ['__keyevent@0__:new', '__keyevent@0__:keymiss'])
  })

  it('installs itself as the keyspace onNotify hook', () => {
    const { rec, n } = setup('Kx')
    const source: { onNotify: ((t: string, e: string, k: string, db: { id: number }) => void) | null } = {
      onNotify: null,
    }
    n.install(source)
    source.onNotify!('x', 'expired', 'gone', { id: 1 })
    assert.deepEqual(channels(rec), ['__keyspace@1__:gone'])
    assert.equal(NOTIFY.KEYSPACE, classBit('K'))
  })
})

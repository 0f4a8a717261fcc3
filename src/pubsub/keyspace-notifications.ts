/**
 * Keyspace notifications (notify-keyspace-events): every keyspace event the store reports is
 * published, when its class is enabled, as "__keyspace@<db>__:<key>" carrying the event name
 * and "__keyevent@<db>__:<event>" carrying the key, as Redis's notifyKeyspaceEvent().
 * See https://redis.io/docs/manual/keyspace-notifications/
 */

import type { PubSub } from './subscriptions.js'

/** The class letters the store reports events under (g $ l s h z x e t m d n). */
const EVENT_CLASSES = 'g$lshzxetmdn'

/** The part of the keyspace this module hooks into (store/keyspace.ts Keyspace). */
export interface NotifySource<D extends { readonly id: number }> {
  onNotify: ((type: string, event: string, key: string, db: D) => void) | null
}

/** Publishes keyspace events according to the current notify-keyspace-events flags. */
export class KeyspaceNotifier {
  /** Current notify-keyspace-events bits; 0 (the default) makes notify() return at once. */
  flags = 0
  private readonly classBits = new Map<string, number>()
  private readonly keyspaceBit: number
  private readonly keyeventBit: number

  /**
   * 'classBit' maps one class character of notify-keyspace-events to its bit (config's
   * parser), so the bit values have one definition.
   */
  constructor(
    private readonly pubsub: PubSub,
    classBit: (ch: string) => number,
  ) {
    for (const ch of EVENT_CLASSES) this.classBits.set(ch, classBit(ch))
    this.keyspaceBit = classBit('K')
    this.keyeventBit = classBit('E')
  }

  /**
   * One event of class 'type' (a class letter) named 'event' on 'key' in database 'dbId'.
   * Nothing is published unless the class and at least one of K/E are enabled.
   */
  notify(type: string, event: string, key: string, dbId: number): void {
    const flags = this.flags
    if (flags === 0) return
    const bit = this.classBits.get(type)
    if (bit === undefined || (flags & bit) === 0) return
    if (flags & this.keyspaceBit) this.pubsub.publish(`__keyspace@${dbId}__:${key}`, event)
    if (flags & this.keyeventBit) this.pubsub.publish(`__keyevent@${dbId}__:${event}`, key)
  }

  /** Installs this notifier as 'source'.onNotify. */
  install<D extends { readonly id: number }>(source: NotifySource<D>): void {
    source.onNotify = (type, event, key, db) => this.notify(type, event, key, db.id)
  }
}

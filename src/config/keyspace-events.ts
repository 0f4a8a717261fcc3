/**
 * The 'notify-keyspace-events' value: class characters <-> flag bits, with Redis 7.0's
 * spelling rules (A is g$lshzxetd; output order g$lshzxetdn or A, then K E m). The pubsub
 * layer reads the bits; see https://redis.io/docs/manual/keyspace-notifications/
 */

/** Flag bits of keyspace notification classes (values as Redis's NOTIFY_* constants). */
export const NOTIFY = {
  KEYSPACE: 1 << 0,
  KEYEVENT: 1 << 1,
  GENERIC: 1 << 2,
  STRING: 1 << 3,
  LIST: 1 << 4,
  SET: 1 << 5,
  HASH: 1 << 6,
  ZSET: 1 << 7,
  EXPIRED: 1 << 8,
  EVICTED: 1 << 9,
  STREAM: 1 << 10,
  KEY_MISS: 1 << 11,
  MODULE: 1 << 13,
  NEW: 1 << 14,
} as const

/** What 'A' stands for: every type and event class except key-miss and new-key. */
export const NOTIFY_ALL =
  NOTIFY.GENERIC |
  NOTIFY.STRING |
  NOTIFY.LIST |
  NOTIFY.SET |
  NOTIFY.HASH |
  NOTIFY.ZSET |
  NOTIFY.EXPIRED |
  NOTIFY.EVICTED |
  NOTIFY.STREAM |
  NOTIFY.MODULE

const CLASS_CHARS: ReadonlyMap<string, number> = new Map([
  ['A', NOTIFY_ALL],
  ['g', NOTIFY.GENERIC],
  ['$', NOTIFY.STRING],
  ['l', NOTIFY.LIST],
  ['s', NOTIFY.SET],
  ['h', NOTIFY.HASH],
  ['z', NOTIFY.ZSET],
  ['x', NOTIFY.EXPIRED],
  ['e', NOTIFY.EVICTED],
  ['K', NOTIFY.KEYSPACE],
  ['E', NOTIFY.KEYEVENT],
  ['t', NOTIFY.STREAM],
  ['m', NOTIFY.KEY_MISS],
  ['d', NOTIFY.MODULE],
  ['n', NOTIFY.NEW],
])

/** Error text for an unknown class character. */
export const NOTIFY_CLASS_ERROR = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."

/** Class characters to flags (case-sensitive, repeats allowed); null on an unknown character. */
export function parseKeyspaceEvents(s: string): number | null {
  let flags = 0
  for (const ch of s) {
    const bit = CLASS_CHARS.get(ch)
    if (bit === undefined) return null
    flags |= bit
  }
  return flags
}

const TYPE_ORDER: ReadonlyArray<[number, string]> = [
  [NOTIFY.GENERIC, 'g'],
  [NOTIFY.STRING, '$'],
  [NOTIFY.LIST, 'l'],
  [NOTIFY.SET, 's'],
  [NOTIFY.HASH, 'h'],
  [NOTIFY.ZSET, 'z'],
  [NOTIFY.EXPIRED, 'x'],
  [NOTIFY.EVICTED, 'e'],
  [NOTIFY.STREAM, 't'],
  [NOTIFY.MODULE, 'd'],
]

/**
 * Flags to the text CONFIG GET shows. redis 7.0.15 prints 'n' after the type classes, but
 * not when they are all set: "Kn" reads back as "nK", "nmKA" as "AKm" (the bit stays set).
 */
export function formatKeyspaceEvents(flags: number): string {
  let out = ''
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    out += 'A'
  } else {
    for (const [bit, ch] of TYPE_ORDER) if (flags & bit) out += ch
    if (flags & NOTIFY.NEW) out += 'n'
  }
  if (flags & NOTIFY.KEYSPACE) out += 'K'
  if (flags & NOTIFY.KEYEVENT) out += 'E'
  if (flags & NOTIFY.KEY_MISS) out += 'm'
  return out
}

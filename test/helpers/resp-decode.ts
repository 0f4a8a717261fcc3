/**
 * Test helper: turns the raw bytes of one RESP2/RESP3 reply (as framed by resp-reader.ts) into a
 * tree (parseReply), into plain JavaScript values for assertions (decodeReply), or into a
 * value-free shape (replyShape) for comparing nondeterministic replies.
 */

import { RespFrameError, splitReplies } from './resp-reader.js'

/** One node of a parsed reply. */
export interface RespNode {
  /** The type byte as a character: '+', '-', ':', '$', '*', '%', '~', '>', '_', ',', '#', '(', '!', '='. */
  type: string
  /** The exact bytes of this node (without its attribute, if any). */
  raw: Buffer
  /** Line text or blob bytes of a scalar; null for aggregates and for nulls. */
  payload: Buffer | null
  /** Elements of an aggregate, maps flattened as key, value, key, value; null for scalars and *-1. */
  items: RespNode[] | null
  /** True for '_', '$-1' and '*-1'. */
  isNull: boolean
  /** Flattened key/value pairs of a RESP3 attribute ('|') that preceded this node, or null. */
  attributes: RespNode[] | null
}

/** An error reply decoded by decodeReply. 'message' is the text after '-' (or the '!' blob). */
export class ReplyError extends Error {
  /** First word of the error, e.g. 'ERR', 'WRONGTYPE', 'NOAUTH'. */
  readonly code: string

  constructor(message: string) {
    super(message)
    this.name = 'ReplyError'
    this.code = message.split(' ', 1)[0] ?? ''
  }
}

/** A decoded reply: see decodeReply for the mapping. */
export type Reply = string | number | bigint | boolean | null | ReplyError | Reply[] | Map<Reply, Reply>

/** How decodeReply turns bytes into JavaScript strings. */
export interface DecodeOptions {
  /** 'utf8' (default) to compare with string literals, 'latin1' to keep every byte. */
  encoding?: 'utf8' | 'latin1'
}

const CRLF_LEN = 2

/** Parses exactly one complete reply. Throws RespFrameError if 'raw' is malformed or holds more. */
export function parseReply(raw: Buffer): RespNode {
  const replies = splitReplies(raw)
  if (replies.length !== 1) {
    throw new RespFrameError(`expected exactly one reply, found ${replies.length}`, 0)
  }
  const [node] = parseAt(raw, 0)
  return node
}

/** Recursive descent over bytes the framer already validated; returns the node and its end. */
function parseAt(buf: Buffer, at: number): [RespNode, number] {
  const type = String.fromCharCode(buf[at]!)
  const lf = buf.indexOf(0x0a, at + 1)
  const line = buf.subarray(at + 1, lf - 1)
  const next = lf + 1
  if (type === '|') {
    const pairs = Number(line.toString('latin1'))
    const attributes: RespNode[] = []
    let pos = next
    for (let i = 0; i < pairs * 2; i++) {
      const [item, end] = parseAt(buf, pos)
      attributes.push(item)
      pos = end
    }
    const [node, end] = parseAt(buf, pos)
    node.attributes = attributes
    return [node, end]
  }
  const make = (
    end: number,
    payload: Buffer | null,
    items: RespNode[] | null,
    isNull: boolean,
  ): RespNode => ({
    type,
    raw: buf.subarray(at, end),
    payload,
    items,
    isNull,
    attributes: null,
  })
  switch (type) {
    case '$':
    case '!':
    case '=': {
      const len = Number(line.toString('latin1'))
      if (len < 0) return [make(next, null, null, true), next]
      const end = next + len + CRLF_LEN
      return [make(end, buf.subarray(next, next + len), null, false), end]
    }
    case '*':
    case '~':
    case '>':
    case '%': {
      const n = Number(line.toString('latin1'))
      if (n < 0) return [make(next, null, null, true), next]
      const items: RespNode[] = []
      let pos = next
      for (let i = 0; i < (type === '%' ? n * 2 : n); i++) {
        const [item, end] = parseAt(buf, pos)
        items.push(item)
        pos = end
      }
      return [make(pos, null, items, false), pos]
    }
    case '_':
      return [make(next, null, null, true), next]
    default:
      return [make(next, line, null, false), next]
  }
}

/**
 * Decodes one reply into plain values: simple and bulk strings, verbatim strings (format prefix
 * dropped) → string; errors ('-' and '!') → ReplyError; ':' → number (bigint beyond 2^53);
 * '(' → bigint; ',' → number (inf, -inf, nan included); '#' → boolean; nulls ('_', $-1, *-1)
 * → null; arrays, sets and pushes → arrays; maps → Map. Attributes are dropped, as clients do.
 */
export function decodeReply(raw: Buffer, options: DecodeOptions = {}): Reply {
  return toValue(parseReply(raw), options.encoding ?? 'utf8')
}

function toValue(node: RespNode, encoding: 'utf8' | 'latin1'): Reply {
  if (node.isNull) return null
  const text = node.payload?.toString(encoding) ?? ''
  switch (node.type) {
    case '+':
    case '$':
      return text
    case '=':
      return text.slice(4)
    case '-':
    case '!':
      return new ReplyError(text)
    case ':': {
      const n = Number(text)
      return Number.isSafeInteger(n) ? n : BigInt(text)
    }
    case '(':
      return BigInt(text)
    case ',':
      return text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text)
    case '#':
      return text === 't'
    case '%': {
      const map = new Map<Reply, Reply>()
      const items = node.items ?? []
      for (let i = 0; i + 1 < items.length; i += 2) {
        map.set(toValue(items[i]!, encoding), toValue(items[i + 1]!, encoding))
      }
      return map
    }
    default:
      return (node.items ?? []).map((item) => toValue(item, encoding))
  }
}

/**
 * The shape of a reply with every value left out: type bytes, nulls, aggregate sizes and error
 * codes. '*2[$,:]' is an array of a bulk string and an integer, '$-1' a null bulk, '-ERR' an
 * error whose first word is ERR, '|[+,:]%1[$,$]' a map preceded by an attribute.
 */
export function replyShape(raw: Buffer): string {
  return shapeOf(parseReply(raw))
}

function shapeOf(node: RespNode): string {
  const prefix = node.attributes ? `|[${node.attributes.map(shapeOf).join(',')}]` : ''
  if (node.isNull) return prefix + (node.type === '_' ? '_' : `${node.type}-1`)
  if (node.type === '-' || node.type === '!') {
    return `${prefix}${node.type}${new ReplyError(node.payload?.toString('latin1') ?? '').code}`
  }
  if (node.items) {
    const count = node.type === '%' ? node.items.length / 2 : node.items.length
    return `${prefix}${node.type}${count}[${node.items.map(shapeOf).join(',')}]`
  }
  return prefix + node.type
}

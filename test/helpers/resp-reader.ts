/**
 * Test helper: an incremental RESP2/RESP3 reply framer. It finds where each complete reply
 * ends in a byte stream and hands back its exact raw bytes, so tests can compare what two
 * servers sent byte for byte. It never interprets values beyond checking they are well formed.
 * See https://redis.io/docs/reference/protocol-spec/ and
 * https://github.com/redis/redis-specifications/blob/master/protocol/RESP3.md
 */

/** Thrown when the stream is not valid RESP: a server bug, reported with its offset and bytes. */
export class RespFrameError extends Error {
  /** Offset of the offending header from the start of the reply being framed. */
  readonly offset: number

  constructor(message: string, offset: number) {
    super(message)
    this.name = 'RespFrameError'
    this.offset = offset
  }
}

const CR = 0x0d
const LF = 0x0a

/** Line types: the whole reply is one CRLF-terminated line. */
const LINE_TYPES = new Set(['+', '-', ':', '_', ',', '#', '('])
/** Blob types: '<type><len>\r\n<len bytes>\r\n'. */
const BLOB_TYPES = new Set(['$', '!', '='])
/** Aggregates whose header counts elements. */
const ARRAY_TYPES = new Set(['*', '~', '>'])

const INTEGER_RE = /^-?\d+$/
// redis 7.0 writes doubles with "%.17g" and spells the specials inf, -inf and nan.
const DOUBLE_RE = /^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan)$/

/**
 * Incremental framer. Feed it bytes with push() in any chunking; next() returns each complete
 * reply, in order, as a fresh Buffer holding exactly the bytes of that reply. A RESP3 attribute
 * ('|') is framed together with the reply it annotates.
 *
 * Parsing resumes where the previous attempt stopped (a stack of remaining element counts), and
 * bytes are appended to a buffer that grows by doubling, so framing a large reply that arrives
 * in many chunks costs linear time. There is no nesting limit: the framer does not recurse.
 */
export class RespReader {
  /** Backing store; valid bytes are [start, end). */
  private data: Buffer = Buffer.alloc(0)
  private start = 0
  private end = 0
  /** Where the next header of the reply being framed begins (absolute index into 'data'). */
  private pos = 0
  /** Remaining element counts of the aggregates that are open in the reply being framed. */
  private stack: number[] = []
  /** Complete replies not yet taken with next(). */
  private ready: Buffer[] = []
  private readyHead = 0
  /** Set once the stream was found malformed; every later call rethrows it. */
  private failure: RespFrameError | null = null

  /** Appends bytes from the stream and frames every reply they complete. Throws RespFrameError. */
  push(chunk: Buffer): void {
    if (this.failure) throw this.failure
    if (chunk.length === 0) return
    this.append(chunk)
    this.frame()
  }

  /** The next complete reply, or undefined when none is buffered. */
  next(): Buffer | undefined {
    if (this.readyHead >= this.ready.length) return undefined
    const reply = this.ready[this.readyHead++]
    if (this.readyHead === this.ready.length) {
      this.ready = []
      this.readyHead = 0
    }
    return reply
  }

  /** Takes every complete reply buffered so far. */
  drain(): Buffer[] {
    const out = this.ready.slice(this.readyHead)
    this.ready = []
    this.readyHead = 0
    return out
  }

  /** Number of complete replies waiting to be taken. */
  get readyCount(): number {
    return this.ready.length - this.readyHead
  }

  /** Bytes received that do not yet form a complete reply. */
  get partialBytes(): number {
    return this.end - this.start
  }

  /** A copy of the bytes of the incomplete reply, for error messages. */
  partial(): Buffer {
    return Buffer.from(this.data.subarray(this.start, this.end))
  }

  /** The error that stopped framing, if the stream was malformed. */
  get error(): RespFrameError | null {
    return this.failure
  }

  // --- Buffer management ---

  private append(chunk: Buffer): void {
    const live = this.end - this.start
    if (this.end + chunk.length > this.data.length) {
      if (live + chunk.length <= this.data.length >>> 1 && this.start > 0) {
        // Plenty of room once consumed bytes are dropped: compact in place.
        this.data.copy(this.data, 0, this.start, this.end)
      } else {
        const grown = Buffer.allocUnsafe(Math.max(1024, (live + chunk.length) * 2))
        this.data.copy(grown, 0, this.start, this.end)
        this.data = grown
      }
      this.pos -= this.start
      this.start = 0
      this.end = live
    }
    chunk.copy(this.data, this.end)
    this.end += chunk.length
  }

  // --- Framing ---

  private frame(): void {
    while (this.step() === 'progress') {
      // each step consumed one header and possibly a payload
    }
  }

  /** Reads one header (and, for scalars, its payload). */
  private step(): 'incomplete' | 'progress' {
    const at = this.pos
    if (at >= this.end) return 'incomplete'
    const lf = this.data.indexOf(LF, at + 1)
    if (lf === -1 || lf >= this.end) return 'incomplete'
    const type = String.fromCharCode(this.data[at]!)
    if (lf - 1 < at + 1 || this.data[lf - 1] !== CR) {
      this.fail(`line of type ${JSON.stringify(type)} does not end with CRLF`, at)
    }
    const line = this.data.toString('latin1', at + 1, lf - 1)
    if (line.includes('\r') || line.includes('\n')) {
      this.fail(`line of type ${JSON.stringify(type)} contains CR or LF`, at)
    }
    const afterLine = lf + 1
    const isAggregate = ARRAY_TYPES.has(type) || type === '%' || type === '|'
    if (type === '.' || (line === '?' && (isAggregate || BLOB_TYPES.has(type)))) {
      this.fail('streamed RESP3 types are not supported (redis 7.0 never sends them)', at)
    }

    if (LINE_TYPES.has(type)) {
      this.checkLine(type, line, at)
      this.element(afterLine)
      return 'progress'
    }
    if (BLOB_TYPES.has(type)) {
      const len = this.count(type, line, at, type === '$')
      if (len < 0) {
        this.element(afterLine)
        return 'progress'
      }
      const endOfBlob = afterLine + len + 2
      if (endOfBlob > this.end) return 'incomplete'
      if (this.data[endOfBlob - 2] !== CR || this.data[endOfBlob - 1] !== LF) {
        this.fail(`blob of type ${JSON.stringify(type)} and length ${len} is not followed by CRLF`, at)
      }
      if (type === '=' && (len < 4 || this.data[afterLine + 3] !== 0x3a)) {
        this.fail('verbatim string does not start with a three-letter format and a colon', at)
      }
      this.element(endOfBlob)
      return 'progress'
    }
    if (isAggregate) {
      const n = this.count(type, line, at, type === '*')
      if (n <= 0) {
        if (type === '|')
          this.open(afterLine, 1) // an empty attribute still precedes a reply
        else this.element(afterLine)
        return 'progress'
      }
      // A map holds n key-value pairs; an attribute holds n pairs and then annotates one reply,
      // so it frames as an aggregate of 2n+1 elements counting as one element of its parent.
      this.open(afterLine, type === '%' ? n * 2 : type === '|' ? n * 2 + 1 : n)
      return 'progress'
    }
    this.fail(`unknown reply type ${JSON.stringify(type)}`, at)
  }

  private checkLine(type: string, line: string, at: number): void {
    let ok = true
    if (type === ':' || type === '(') ok = INTEGER_RE.test(line)
    else if (type === '_') ok = line === ''
    else if (type === '#') ok = line === 't' || line === 'f'
    else if (type === ',') ok = DOUBLE_RE.test(line)
    if (!ok) this.fail(`malformed ${JSON.stringify(type)} line ${JSON.stringify(line)}`, at)
  }

  /** Parses a length or count; -1 is accepted only where RESP2 allows a null. */
  private count(type: string, line: string, at: number, allowsNull: boolean): number {
    if (!INTEGER_RE.test(line))
      this.fail(`malformed ${JSON.stringify(type)} length ${JSON.stringify(line)}`, at)
    const n = Number(line)
    if (n < -1 || (n === -1 && !allowsNull) || !Number.isSafeInteger(n)) {
      this.fail(`invalid ${JSON.stringify(type)} length ${line}`, at)
    }
    return n
  }

  private open(next: number, elements: number): void {
    this.pos = next
    this.stack.push(elements)
  }

  /** One element ended at 'next': close every aggregate it completes, then maybe the reply. */
  private element(next: number): void {
    this.pos = next
    const stack = this.stack
    while (stack.length > 0) {
      const left = stack[stack.length - 1]! - 1
      if (left > 0) {
        stack[stack.length - 1] = left
        return
      }
      stack.pop()
    }
    this.ready.push(Buffer.from(this.data.subarray(this.start, next)))
    this.start = next
    if (this.start === this.end) {
      this.start = 0
      this.end = 0
      this.pos = 0
    }
  }

  private fail(message: string, at: number): never {
    const offset = at - this.start
    const preview = escapeBytes(this.data.subarray(at, Math.min(this.end, at + 64)))
    this.failure = new RespFrameError(
      `RESP framing error at byte ${offset}: ${message}: "${preview}"`,
      offset,
    )
    throw this.failure
  }
}

/**
 * Splits a buffer holding whole replies into the raw bytes of each. Throws RespFrameError when
 * the buffer is malformed or ends inside a reply.
 */
export function splitReplies(bytes: Buffer): Buffer[] {
  const reader = new RespReader()
  reader.push(bytes)
  if (reader.partialBytes > 0) {
    throw new RespFrameError(
      `RESP framing error: ${reader.partialBytes} trailing bytes do not form a complete reply: "${escapeBytes(reader.partial())}"`,
      bytes.length - reader.partialBytes,
    )
  }
  return reader.drain()
}

/**
 * Renders bytes readably for failure messages: printable ASCII as is, CR, LF and tab as \r \n \t,
 * backslash and double quote escaped, anything else as \xNN. Output past 'max' bytes is cut,
 * saying how many bytes were left out.
 */
export function escapeBytes(bytes: Buffer, max = 2048): string {
  let out = ''
  const n = Math.min(bytes.length, max)
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!
    if (b === 0x0d) out += '\\r'
    else if (b === 0x0a) out += '\\n'
    else if (b === 0x09) out += '\\t'
    else if (b === 0x5c) out += '\\\\'
    else if (b === 0x22) out += '\\"'
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b)
    else out += `\\x${b.toString(16).padStart(2, '0')}`
  }
  if (bytes.length > max) out += `... (${bytes.length - max} more bytes)`
  return out
}

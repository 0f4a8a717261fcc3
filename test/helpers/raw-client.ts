/**
 * Test helper: a raw TCP client that sends exact bytes (RESP multibulk, inline commands, or
 * deliberately malformed input) and returns each reply as its exact raw bytes, framed by
 * resp-reader.ts. Used by differential tests to compare redoubt with redis-server byte for byte.
 */

import { connect, type Socket } from 'node:net'
import { decodeReply, type Reply } from './resp-decode.js'
import { escapeBytes, RespReader } from './resp-reader.js'

/** Default time read() and closed() wait before rejecting, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 2000

/** What send() accepts: argv (encoded as a RESP multibulk) or bytes sent exactly as given. */
export type Sendable = string | Buffer | readonly (string | Buffer)[]

/** Options of RawClient.connect. */
export interface RawClientOptions {
  /** Default timeout of read() and closed(), in milliseconds (default 2000). */
  timeoutMs?: number
}

/**
 * Encodes argv as a RESP multibulk ('*<n>\r\n$<len>\r\n<arg>\r\n...'). Strings are encoded as
 * UTF-8, as a JavaScript client would; pass Buffers for exact bytes.
 */
export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)]
  for (const arg of args) {
    const b = typeof arg === 'string' ? Buffer.from(arg, 'utf8') : arg
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'))
  }
  return Buffer.concat(parts)
}

/** Renders argv for messages: each argument quoted and escaped, e.g. SET "k" "v\r\n". */
export function describeCommand(data: Sendable): string {
  if (typeof data === 'string' || Buffer.isBuffer(data)) {
    return `raw "${escapeBytes(Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'), 200)}"`
  }
  return data
    .map((arg, i) => {
      const b = typeof arg === 'string' ? Buffer.from(arg, 'utf8') : arg
      const text = escapeBytes(b, 100)
      return i === 0 && /^[A-Za-z][\w|-]*$/.test(text) ? text : `"${text}"`
    })
    .join(' ')
}

interface Waiter {
  resolve(reply: Buffer): void
  reject(err: Error): void
  timer: NodeJS.Timeout
}

/**
 * One connection to a server. Replies are queued as they arrive; read() takes the next one.
 * Push messages (RESP3 '>') are replies like any other, in arrival order.
 */
export class RawClient {
  /** Host and port, for messages. */
  readonly address: string
  /** Default timeout of read() and closed(), in milliseconds. */
  timeoutMs: number
  private readonly socket: Socket
  private readonly reader = new RespReader()
  private readonly waiters: Waiter[] = []
  private failure: Error | null = null
  private isClosedFlag = false
  private readonly closeWaiters: (() => void)[] = []

  private constructor(socket: Socket, address: string, timeoutMs: number) {
    this.socket = socket
    this.address = address
    this.timeoutMs = timeoutMs
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    // A reset or EPIPE is not a test failure in itself: it shows up as a closed connection.
    socket.on('error', () => {})
    socket.on('close', () => this.onClose())
  }

  /** Connects to 'host':'port'; rejects with the address in the message if that fails. */
  static connect(port: number, host = '127.0.0.1', options: RawClientOptions = {}): Promise<RawClient> {
    const address = `${host}:${port}`
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host })
      const timer = setTimeout(() => {
        socket.destroy()
        reject(new Error(`RawClient: could not connect to ${address} within ${timeoutMs} ms`))
      }, timeoutMs)
      const onError = (err: Error): void => {
        clearTimeout(timer)
        reject(new Error(`RawClient: could not connect to ${address}: ${err.message}`))
      }
      socket.once('error', onError)
      socket.once('connect', () => {
        clearTimeout(timer)
        socket.off('error', onError)
        resolve(new RawClient(socket, address, timeoutMs))
      })
    })
  }

  /** True once the connection is closed (by either side). */
  get isClosed(): boolean {
    return this.isClosedFlag
  }

  /** Number of complete replies received and not yet read. */
  get pendingReplies(): number {
    return this.reader.readyCount
  }

  /**
   * Sends argv as a RESP multibulk, or a string or Buffer exactly as given (inline commands,
   * pipelines, malformed input). Writing to a closed connection is silently ignored; the next
   * read() reports the close.
   */
  send(data: Sendable): void {
    if (this.isClosedFlag) return
    const bytes =
      typeof data === 'string'
        ? Buffer.from(data, 'utf8')
        : Buffer.isBuffer(data)
          ? data
          : encodeCommand(data)
    this.socket.write(bytes)
  }

  /**
   * The raw bytes of the next reply. Rejects after 'timeoutMs' (saying which bytes of a partial
   * reply arrived), when the server closed the connection with no reply left, or when the server
   * sent bytes that are not RESP.
   */
  read(timeoutMs = this.timeoutMs): Promise<Buffer> {
    const ready = this.reader.next()
    if (ready) return Promise.resolve(ready)
    if (this.failure) return Promise.reject(this.failure)
    if (this.isClosedFlag) return Promise.reject(this.closedError())
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          const i = this.waiters.indexOf(waiter)
          if (i >= 0) this.waiters.splice(i, 1)
          reject(
            new Error(
              `RawClient(${this.address}): no complete reply within ${timeoutMs} ms${this.partialNote()}`,
            ),
          )
        }, timeoutMs),
      }
      this.waiters.push(waiter)
    })
  }

  /** The next 'n' replies, in order. */
  async readN(n: number, timeoutMs = this.timeoutMs): Promise<Buffer[]> {
    const out: Buffer[] = []
    for (let i = 0; i < n; i++) out.push(await this.read(timeoutMs))
    return out
  }

  /** Sends argv and returns the raw bytes of its reply. */
  call(...args: (string | Buffer)[]): Promise<Buffer> {
    this.send(args)
    return this.read()
  }

  /** Sends argv and returns its reply decoded (see decodeReply); errors are returned, not thrown. */
  async callDecoded(...args: (string | Buffer)[]): Promise<Reply> {
    return decodeReply(await this.call(...args))
  }

  /**
   * Resolves when the connection is closed (normally by the server, after QUIT or a protocol
   * error). Rejects after 'timeoutMs' if it stays open.
   */
  closed(timeoutMs = this.timeoutMs): Promise<void> {
    if (this.isClosedFlag) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.closeWaiters.indexOf(done)
        if (i >= 0) this.closeWaiters.splice(i, 1)
        reject(
          new Error(`RawClient(${this.address}): server did not close the connection within ${timeoutMs} ms`),
        )
      }, timeoutMs)
      const done = (): void => {
        clearTimeout(timer)
        resolve()
      }
      this.closeWaiters.push(done)
    })
  }

  /** Closes the connection from our side; resolves once it is closed. Safe to call twice. */
  close(): Promise<void> {
    if (this.isClosedFlag) return Promise.resolve()
    const done = new Promise<void>((resolve) => this.closeWaiters.push(resolve))
    this.socket.end()
    // end() waits for the server's FIN; do not wait forever for a server that never sends it.
    const timer = setTimeout(() => this.socket.destroy(), 500)
    return done.finally(() => clearTimeout(timer))
  }

  /** Closes the connection at once (RST if data is pending). */
  destroy(): void {
    this.socket.destroy()
  }

  // --- Internals ---

  private onData(chunk: Buffer): void {
    if (this.failure) return
    try {
      this.reader.push(chunk)
    } catch (err) {
      this.failure = new Error(`RawClient(${this.address}): ${(err as Error).message}`)
      this.socket.destroy()
    }
    while (this.waiters.length > 0) {
      const reply = this.reader.next()
      if (!reply) break
      const waiter = this.waiters.shift()!
      clearTimeout(waiter.timer)
      waiter.resolve(reply)
    }
    if (this.failure) this.rejectWaiters(this.failure)
  }

  private onClose(): void {
    this.isClosedFlag = true
    this.rejectWaiters(this.failure ?? this.closedError())
    for (const done of this.closeWaiters.splice(0)) done()
  }

  private rejectWaiters(err: Error): void {
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer)
      waiter.reject(err)
    }
  }

  private closedError(): Error {
    return new Error(`RawClient(${this.address}): connection closed by the server${this.partialNote()}`)
  }

  private partialNote(): string {
    const n = this.reader.partialBytes
    return n === 0
      ? ''
      : `; ${n} bytes of an incomplete reply arrived: "${escapeBytes(this.reader.partial(), 300)}"`
  }
}

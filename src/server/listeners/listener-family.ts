/**
 * One family of listeners (plain TCP for 'port', or TLS for 'tls-port') on the 'bind'
 * addresses, movable at run time in two phases so that CONFIG SET port/bind/tls-port never
 * leaves the server listening somewhere it does not report: stage() binds the new sockets
 * beside the serving ones (an address kept on the same port keeps its socket), commit() then
 * closes the sockets no longer wanted, discard() drops the staged ones and the old ones go on
 * serving. Connections already accepted are never touched. Redis config.c changeListenPort()
 * and changeBindAddr() close first and rebind; binding first is what lets a failure leave the
 * old listeners serving.
 */

import type { Server as NetServer, Socket } from 'node:net'
import { bindAll, hostOf, listenOne } from './tcp.js'

/**
 * Connections a staged (not yet committed) socket may hold before the CONFIG SET that bound
 * it finishes; more are closed. Binding takes milliseconds, so this is rarely reached.
 */
const HELD_CONNECTIONS_MAX = 1024

/**
 * Hands accepted connections on, or holds them while its socket is only staged: a client
 * must not be served through an address the configuration does not report yet.
 */
class Gate {
  private held: Socket[] | null = []

  constructor(private readonly accept: (sock: Socket) => void) {}

  pass(sock: Socket): void {
    if (this.held === null) this.accept(sock)
    else if (this.held.length < HELD_CONNECTIONS_MAX) this.held.push(sock)
    else sock.destroy()
  }

  open(): void {
    const held = this.held
    this.held = null
    if (held !== null) for (const s of held) if (!s.destroyed) this.accept(s)
  }

  drop(): void {
    if (this.held === null) return
    for (const s of this.held) s.destroy()
    this.held = []
  }
}

/** One listening socket. */
interface Endpoint {
  /** The address as configured, without its '-' prefix. */
  readonly addr: string
  readonly port: number
  readonly server: NetServer
  readonly gate: Gate
}

/** Where a family listens: a port and the 'bind' value it was bound for. */
interface Layout {
  /** 0: not listening. */
  readonly port: number
  readonly binds: string
  readonly endpoints: readonly Endpoint[]
}

/** How a family makes and binds its servers. */
export interface FamilyOptions {
  /** Names the family in log lines and errors ('tcp' or 'tls'). */
  readonly kind: 'tcp' | 'tls'
  /** Makes an unbound server handing each connection to 'onConnection'. */
  readonly make: (onConnection: (sock: Socket) => void) => NetServer
  /** Receives each connection of a committed socket. */
  readonly accept: (sock: Socket) => void
  /** Called for each server this family stops using (TLS forgets it for reloads). */
  readonly forget: (srv: NetServer) => void
  /** 'tcp-backlog' now. */
  readonly backlog: () => number
  readonly warn: (message: string) => void
}

const NONE: Layout = { port: 0, binds: '', endpoints: [] }

function closeServer(e: Endpoint): void {
  e.gate.drop()
  if (e.server.listening) e.server.close()
}

/** A family of listeners with two-phase moves (see the file header). */
export class ListenerFamily {
  private active: Layout = NONE
  private staged: Layout | null = null
  /** Serving sockets closed early to make room for a staged layout; rebound by discard(). */
  private released: Endpoint[] = []
  private closed = false

  constructor(private readonly opts: FamilyOptions) {}

  /** The port served (0: none). */
  get port(): number {
    return this.active.port
  }

  /** True while nothing is staged and the serving layout is 'binds' on 'port'. */
  serves(binds: string, port: number): boolean {
    return this.staged === null && sameLayout(this.active, binds, port)
  }

  /**
   * Brings the staged layout to 'binds' on 'port': true (synchronously) when nothing needs
   * binding, which includes going back to the serving layout (the staged sockets are then
   * dropped: the rollback of a failed CONFIG SET); otherwise a promise of whether binding
   * succeeded. 'port' 0 stages "no listener". At run time a layout where every address was
   * skipped (all '-' addresses absent) fails rather than report a port nothing listens on
   * (Redis accepts it); at start-up ('atStart') it is accepted as before, and port 0 means
   * any free port (embedding).
   */
  want(binds: string, port: number, atStart = false): true | Promise<boolean> {
    const anyPort = atStart && port === 0
    if (sameLayout(this.active, binds, port) && !anyPort) {
      const back = this.discard()
      return back === null ? true : back.then(() => true)
    }
    if (this.staged !== null && sameLayout(this.staged, binds, port)) return true
    if (port === 0 && !anyPort) {
      this.dropStaged([])
      this.staged = { port: 0, binds, endpoints: [] }
      return true
    }
    return this.stage(binds, port, atStart)
  }

  /**
   * Binds the addresses of 'binds' on 'port' that no serving or staged socket already has.
   * On Linux a wildcard and a specific address cannot listen on one port together, so when
   * binding fails while sockets on the same port are about to go away, those are closed first
   * and the bind is tried once more (as Redis, which closes everything before binding); they
   * are bound again if that fails too, or by discard().
   */
  private async stage(binds: string, port: number, allowEmpty: boolean): Promise<boolean> {
    const pool = new Map<string, Endpoint>()
    for (const e of [...this.active.endpoints, ...(this.staged?.endpoints ?? [])])
      if (e.port === port && e.server.listening) pool.set(e.addr, e)
    const kept: Endpoint[] = []
    const toBind: string[] = []
    for (const raw of bindList(binds)) {
      const e = pool.get(raw.startsWith('-') ? raw.slice(1) : raw)
      if (e !== undefined && !kept.includes(e)) kept.push(e)
      else toBind.push(raw)
    }
    const leaving = [...pool.values()].filter((e) => !kept.includes(e))
    // The first try's warnings are logged only if there is no second try.
    const warnings: string[] = []
    let fresh: { endpoints: Endpoint[]; port: number }
    try {
      fresh = await this.bind(toBind, port, leaving.length > 0 ? (m) => warnings.push(m) : this.opts.warn)
    } catch (err) {
      if (leaving.length === 0 || this.closed) {
        for (const m of warnings) this.opts.warn(m)
        throw err
      }
      for (const e of leaving) {
        closeServer(e)
        if (this.active.endpoints.includes(e)) this.released.push(e)
      }
      try {
        fresh = await this.bind(toBind, port, this.opts.warn)
      } catch (again) {
        await this.rebindReleased()
        throw again
      }
    }
    for (const m of warnings) this.opts.warn(m)
    if (this.closed) {
      for (const e of fresh.endpoints) closeServer(e)
      return false
    }
    if (kept.length + fresh.endpoints.length === 0 && !allowEmpty) {
      this.opts.warn(`None of the addresses '${binds}' could be bound: not listening on them`)
      await this.rebindReleased()
      return false
    }
    this.dropStaged(kept)
    this.staged = { port: fresh.port, binds, endpoints: [...kept, ...fresh.endpoints] }
    return true
  }

  /** Binds a fresh server on each of 'binds'; their connections wait at a closed gate. */
  private async bind(
    binds: string[],
    port: number,
    warn: (message: string) => void,
  ): Promise<{ endpoints: Endpoint[]; port: number }> {
    if (binds.length === 0) return { endpoints: [], port }
    const gates = new Map<NetServer, Gate>()
    const o = this.opts
    const create = (): NetServer => {
      const gate = new Gate(o.accept)
      const srv = o.make((s) => gate.pass(s))
      gates.set(srv, gate)
      return srv
    }
    let bound: Awaited<ReturnType<typeof bindAll>>
    try {
      bound = await bindAll(create, { binds, port, backlog: o.backlog(), kind: o.kind, warn })
    } catch (err) {
      for (const srv of gates.keys()) o.forget(srv)
      throw err
    }
    const endpoints: Endpoint[] = []
    bound.servers.forEach((server, i) => {
      server.on('error', (e) => o.warn(`Listener error: ${e.message}`))
      endpoints.push({ addr: bound.addrs[i]!, port: bound.port, server, gate: gates.get(server)! })
    })
    for (const [srv, gate] of gates) {
      if (!endpoints.some((e) => e.gate === gate)) o.forget(srv)
    }
    return { endpoints, port: bound.port }
  }

  /** Closes the staged sockets that are neither serving nor in 'keep'. */
  private dropStaged(keep: readonly Endpoint[]): void {
    for (const e of this.staged?.endpoints ?? []) {
      if (keep.includes(e) || this.active.endpoints.includes(e)) continue
      closeServer(e)
      this.opts.forget(e.server)
    }
    this.staged = null
  }

  /** Makes the staged layout the serving one: old sockets close, new ones hand over. */
  commit(): void {
    const next = this.staged
    if (next === null) return
    for (const e of this.active.endpoints) {
      if (next.endpoints.includes(e)) continue
      closeServer(e)
      this.opts.forget(e.server)
    }
    this.released = []
    for (const e of next.endpoints) e.gate.open()
    this.active = next
    this.staged = null
  }

  /** Drops the staged layout; resolves once released serving sockets listen again (null: none). */
  discard(): Promise<void> | null {
    this.dropStaged([])
    return this.released.length === 0 ? null : this.rebindReleased()
  }

  private async rebindReleased(): Promise<void> {
    const back = this.released
    this.released = []
    for (const e of back) {
      if (this.closed) return
      try {
        await listenOne(e.server, hostOf(e.addr), e.port, this.opts.backlog())
      } catch (err) {
        this.opts.warn(`Could not listen again on ${e.addr}:${e.port}: ${(err as Error).message}`)
      }
    }
  }

  /** Every server listening now (serving or staged). */
  servers(): NetServer[] {
    const all = new Set<NetServer>()
    for (const e of [...this.active.endpoints, ...(this.staged?.endpoints ?? [])])
      if (e.server.listening) all.add(e.server)
    return [...all]
  }

  /** Stops listening everywhere; resolves once every server has closed. */
  close(): Promise<void> {
    this.closed = true
    const servers = this.servers()
    for (const e of [...this.active.endpoints, ...(this.staged?.endpoints ?? [])]) e.gate.drop()
    this.active = NONE
    this.staged = null
    this.released = []
    return Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined)
  }
}

/** The addresses of a 'bind' value; none means every IPv4 interface, as at start-up. */
function bindList(binds: string): string[] {
  const list = binds.split(' ').filter((b) => b !== '')
  return list.length > 0 ? list : ['*']
}

function sameLayout(l: Layout, binds: string, port: number): boolean {
  return l.port === port && (port === 0 || l.binds === binds)
}

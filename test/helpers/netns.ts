/**
 * Test helper: a network namespace joined to this one by a veth pair, so a test can connect
 * from a real non-loopback address (protected mode). Needs root and iproute2; makeNetns()
 * returns a reason string when it cannot build one, for the test to skip with.
 */

import { execFile, execFileSync } from 'node:child_process'

/** A namespace 'name' whose address 'peerIp' reaches this host at 'hostIp'. */
export interface Netns {
  readonly name: string
  readonly hostIp: string
  readonly peerIp: string
  /**
   * Connects from inside the namespace to hostIp:'port', sends 'send', and resolves with
   * every byte received until the server closes or 'waitMs' passes (latin1).
   */
  exchange(port: number, send: string, waitMs?: number): Promise<{ data: string; closed: boolean }>
  /** Deletes the namespace and the veth pair. */
  remove(): void
}

function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] })
}

// Run inside the namespace by bash: connect, send, read until EOF or the time limit. Exit
// status 124 (timeout) means the server kept the connection open.
const EXCHANGE_SCRIPT = 'exec 3<>"/dev/tcp/$0/$1" || exit 2; printf "%s" "$2" >&3; timeout "$3" cat <&3'

/** Builds the namespace, or returns why it cannot (not root, no iproute2, no netns support). */
export function makeNetns(): Netns | string {
  if (process.getuid?.() !== 0) return 'needs root to create a network namespace'
  const tag = `rdt${process.pid % 100000}`
  const name = `${tag}ns`
  const hostIf = `${tag}h`
  const peerIf = `${tag}p`
  const octet = 16 + (process.pid % 200)
  const hostIp = `10.213.${octet}.1`
  const peerIp = `10.213.${octet}.2`
  const remove = (): void => {
    try {
      ip(['link', 'del', hostIf])
    } catch {}
    try {
      ip(['netns', 'del', name])
    } catch {}
  }
  try {
    remove()
    ip(['netns', 'add', name])
    ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', peerIf])
    ip(['link', 'set', peerIf, 'netns', name])
    ip(['addr', 'add', `${hostIp}/30`, 'dev', hostIf])
    ip(['link', 'set', hostIf, 'up'])
    ip(['netns', 'exec', name, 'ip', 'addr', 'add', `${peerIp}/30`, 'dev', peerIf])
    ip(['netns', 'exec', name, 'ip', 'link', 'set', peerIf, 'up'])
    ip(['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up'])
  } catch (err) {
    remove()
    const e = err as Error & { stderr?: Buffer }
    return `cannot create a network namespace with iproute2: ${e.stderr?.toString().trim() || e.message}`
  }
  return {
    name,
    hostIp,
    peerIp,
    remove,
    exchange: (port, send, waitMs = 1500) =>
      new Promise((resolve, reject) => {
        execFile(
          'ip',
          [
            'netns',
            'exec',
            name,
            'bash',
            '-c',
            EXCHANGE_SCRIPT,
            hostIp,
            String(port),
            send,
            String(waitMs / 1000),
          ],
          { encoding: 'latin1', timeout: waitMs + 5000 },
          (err, out) => {
            const code = err === null ? 0 : (err as { code?: unknown }).code
            if (code === 0 || code === 124) resolve({ data: out, closed: code === 0 })
            else reject(err)
          },
        )
      }),
  }
}

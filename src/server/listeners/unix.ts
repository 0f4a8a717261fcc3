/**
 * The Unix socket listener: 'unixsocket' and 'unixsocketperm'.
 * See https://redis.io/docs/management/config-file/ (NETWORK section).
 *
 * Permissions without a race window (CVE-2023-45145: Redis bound the socket and chmod()ed it
 * afterwards, so for a moment it had the umask's wider mode). Here the socket is bound inside
 * a fresh private directory (mkdtemp: mode 0700, so nobody else can reach the socket there),
 * given its 'unixsocketperm' mode, then rename()d into place: the path appears atomically,
 * already with its final mode. The process umask is never touched (changing it would also
 * affect files other code creates meanwhile). The private directory sits beside the target
 * so that rename() stays on one filesystem; the bound path ('<dir>/.rdt-XXXXXX/s', the
 * socket's directory plus 14 bytes) must fit the 107-byte sun_path limit.
 */

import { chmodSync, mkdtempSync, renameSync, rmSync, unlinkSync } from 'node:fs'
import { createServer, type Server as NetServer, type Socket } from 'node:net'
import { dirname, join, resolve } from 'node:path'

/** A bound Unix socket listener. */
export interface UnixListener {
  readonly server: NetServer
  /** The socket path, as configured. */
  readonly path: string
  /** Stops accepting and removes the socket file. */
  close(): Promise<void>
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // redis: "don't care if this fails" (a missing stale socket is the usual case).
  }
}

/**
 * Listens on 'path' with mode 'perm' (0: leave the mode the umask gives, as Redis). A stale
 * file at 'path' is removed first, as Redis does.
 */
export async function listenUnix(
  path: string,
  perm: number,
  backlog: number,
  onConnection: (sock: Socket) => void,
): Promise<UnixListener> {
  const target = resolve(path)
  const privateDir = mkdtempSync(join(dirname(target), '.rdt-'))
  const staging = join(privateDir, 's')
  const server = createServer(onConnection)
  server.maxConnections = Number.MAX_SAFE_INTEGER
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail)
      server.listen({ path: staging, backlog }, () => {
        server.off('error', fail)
        ok()
      })
    })
    if (perm !== 0) chmodSync(staging, perm)
    unlinkQuiet(target)
    renameSync(staging, target)
  } catch (err) {
    server.close()
    rmSync(privateDir, { recursive: true, force: true })
    throw new Error(`Failed opening Unix socket: ${(err as Error).message}`)
  }
  rmSync(privateDir, { recursive: true, force: true })
  return {
    server,
    path,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        unlinkQuiet(target)
      }),
  }
}

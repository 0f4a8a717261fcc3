/**
 * Public embedding API: start a redoubt server inside a Node program or test suite.
 *
 *   const server = await startServer({ port: 0 })
 *   server.port; await server.close()
 */

import { infoText } from './observability/info.js'
import { Logger } from './server/logger.js'
import { buildConfig, type ServerOptions } from './server/options.js'
import { Server } from './server/server.js'

export type { ServerOptions } from './server/options.js'
export { REDIS_COMPAT_VERSION, REDOUBT_VERSION } from './version.js'

/** A running server. */
export interface RunningServer {
  /** The TCP port bound (useful with port 0). */
  readonly port: number
  /** Stops listening and closes every connection. */
  close(): Promise<void>
  /** Resolves when the server stops (SHUTDOWN or close()). */
  readonly stopped: Promise<void>
}

/** Extra embedding options that are not redis.conf directives. */
export interface EmbedOptions {
  /** Receives each log line; by default an embedded server logs only when 'logfile' is given. */
  logger?: (line: string) => void
}

/** Starts a server; resolves once it accepts connections. */
export async function startServer(
  options: ServerOptions = {},
  embed: EmbedOptions = {},
): Promise<RunningServer> {
  const config = buildConfig(options)
  const logfile = options.logfile
  const logger = new Logger(embed.logger ?? (typeof logfile === 'string' ? logfile : null))
  return launch(config, logger, [], options.port === 0 || options.port === '0')
}

/** Shared by startServer and the redoubt-server binary. */
export async function launch(
  config: ReturnType<typeof buildConfig>,
  logger: Logger,
  renames: [string, string][],
  ephemeralPort = false,
): Promise<RunningServer> {
  logger.level = config.getString('loglevel') as Logger['level']
  const server = new Server(config, logger, renames, { info: infoText, ephemeralPort })
  logger.role = 'M'
  logger.log('warning', 'Server initialized')
  await server.listen()
  logger.log('notice', `Ready to accept connections tcp`)
  const stopped = new Promise<void>((resolve) => {
    server.onStopped = resolve
  })
  return {
    get port() {
      return server.port
    },
    close: () => server.close(),
    stopped,
  }
}

/**
 * Public embedding API: start a redoubt server inside a Node program or test suite.
 *
 *   const server = await startServer({ port: 0 })
 *   server.port; await server.close()
 */

import { type LoadedConfig, loadConfig, type OptionValue, optionLines } from './config/load-config.js'
import { Logger } from './server/logger.js'
import { startFromConfig } from './server/startup.js'

export { ConfigFileError, formatConfigError } from './config/config-error.js'
export { REDIS_COMPAT_VERSION, REDOUBT_VERSION } from './version.js'

/** Embedding options: redis.conf directive names with their values ({ port: 0, databases: 4 }). */
export type ServerOptions = Readonly<Record<string, OptionValue>>

/** A running server. */
export interface RunningServer {
  /** The TCP port bound (with port 0, the free port chosen). */
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

/**
 * Starts a server; resolves once it accepts connections. Options are validated exactly as
 * redis.conf lines are: a bad or unsupported one rejects with a ConfigFileError.
 * Unlike redis.conf, `port: 0` here means "any free port" (read it back from `.port`).
 */
export async function startServer(
  options: ServerOptions = {},
  embed: EmbedOptions = {},
): Promise<RunningServer> {
  const loaded: LoadedConfig = loadConfig({ options: optionLines(options) })
  const logfile = loaded.store.getString('logfile')
  const logger = new Logger(embed.logger ?? (options.logfile !== undefined ? logfile : null))
  const port = options.port
  return startFromConfig(loaded, logger, port === 0 || port === '0')
}

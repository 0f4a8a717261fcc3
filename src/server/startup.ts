/**
 * Start-up shared by startServer() and the redoubt-server binary: applies the file-only
 * lines (rename-command; user lines until the ACL layer lands), wires configuration
 * changes to the running server, binds, and prints Redis's key log lines
 * ("Server initialized", "Ready to accept connections tcp") that test frameworks wait for.
 */

import { ConfigFileError } from '../config/config-error.js'
import type { LoadedConfig } from '../config/load-config.js'
import { infoText } from '../observability/info.js'
import { REDIS_COMPAT_VERSION, REDOUBT_VERSION } from '../version.js'
import type { Logger, LogLevel } from './logger.js'
import { Server } from './server.js'

/** What startServer() and the binary get back. */
export interface StartedServer {
  readonly port: number
  close(): Promise<void>
  readonly stopped: Promise<void>
}

/** Builds and starts a server from a loaded configuration. */
export async function startFromConfig(
  loaded: LoadedConfig,
  logger: Logger,
  ephemeralPort = false,
): Promise<StartedServer> {
  const config = loaded.store
  logger.level = config.getString('loglevel') as LogLevel
  const server = new Server(config, logger, { info: infoText, ephemeralPort })
  loadUsers(server, loaded)
  for (const r of loaded.renames) {
    const err = server.table.rename(r.command, r.newName)
    if (err !== null) throw new ConfigFileError(err, r.location)
  }
  wireConfig(server, logger)
  logger.log(
    'notice',
    `redoubt ${REDOUBT_VERSION} (Redis ${REDIS_COMPAT_VERSION} compatible) starting, pid=${process.pid}`,
  )
  logger.role = 'M'
  logger.log('warning', 'Server initialized')
  await server.listen()
  logger.log('notice', `Running mode=standalone, port=${server.port}.`)
  logger.log('notice', 'Ready to accept connections tcp')
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

/** Applies runtime CONFIG SET changes that the running server must act on. */
function wireConfig(server: Server, logger: Logger): void {
  const config = server.config
  config.onChange('loglevel', () => {
    logger.level = config.getString('loglevel') as LogLevel
    return null
  })
  config.onChange('logfile', () => {
    logger.target = config.getString('logfile')
    return null
  })
  config.onChange('proto-max-bulk-len', () => {
    const n = config.getNumber('proto-max-bulk-len')
    for (const c of server.clients.all()) c.parser.maxBulkLen = n
    return null
  })
}

/**
 * 'user' lines of redis.conf, or the aclfile (redis refuses both at once), as Redis loads
 * them at startup; any error stops the start with the offending line. CONFIG REWRITE then
 * writes the users back as 'user' lines, or none when an aclfile holds them.
 */
function loadUsers(server: Server, loaded: LoadedConfig): void {
  const acl = server.acl
  const aclfile = server.config.getString('aclfile')
  if (aclfile !== '' && loaded.users.length > 0) {
    throw new ConfigFileError(
      'Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.',
      loaded.users[0]!.location,
    )
  }
  const seen = new Set<string>()
  for (const line of loaded.users) {
    if (seen.has(line.name)) {
      throw new ConfigFileError(
        `Error in user declaration '${line.name}': Duplicate user found. A user can only be defined once in config files`,
        line.location,
      )
    }
    seen.add(line.name)
    const err = acl.loadConfiguredUser(line.name, line.rules)
    if (err !== null) throw new ConfigFileError(err, line.location)
  }
  if (aclfile !== '') {
    const err = acl.load()
    if (err !== null) throw new ConfigFileError(err, null)
    server.config.setRewriteUsers(() => [])
  } else {
    server.config.setRewriteUsers(() => acl.lines())
  }
}

#!/usr/bin/env node
/**
 * redoubt-server [configfile] [--directive value ...] — the command line of redis-server:
 * the config file (or '-' for stdin) is read first, then the '--' options override it.
 * A bad directive prints Redis's FATAL CONFIG FILE ERROR block and exits with status 1.
 */

import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { ConfigFileError, formatConfigError } from '../config/config-error.js'
import { loadConfig } from '../config/load-config.js'
import { parseServerArgs, usageText, versionText } from '../config/parse-args.js'
import { Logger } from '../server/logger.js'
import { startFromConfig } from '../server/startup.js'
import { REDIS_COMPAT_VERSION, REDOUBT_VERSION } from '../version.js'

async function main(): Promise<number> {
  const args = parseServerArgs(process.argv.slice(2))
  if (args.action === 'version') {
    process.stdout.write(versionText(REDOUBT_VERSION, REDIS_COMPAT_VERSION))
    return 0
  }
  if (args.action === 'help') {
    process.stderr.write(usageText())
    return 1
  }
  if (args.action === 'unsupported') {
    process.stderr.write(`${args.message}\n`)
    return 1
  }
  let loaded: ReturnType<typeof loadConfig>
  const boot = new Logger('')
  try {
    const stdin = args.readStdin ? readFileSync(0, 'latin1') : null
    loaded = loadConfig({ configFile: args.configFile, stdin, options: args.options })
  } catch (err) {
    if (err instanceof ConfigFileError) {
      process.stderr.write(formatConfigError(err, REDOUBT_VERSION))
      return 1
    }
    throw err
  }
  const store = loaded.store
  // As redis-server: relative log, pid and data paths are relative to 'dir'.
  process.chdir(store.getString('dir'))
  const logger = new Logger(store.getString('logfile'))
  logger.level = store.getString('loglevel') as Logger['level']
  logger.log('warning', 'oO0OoO0OoO0Oo redoubt is starting oO0OoO0OoO0Oo')
  logger.log(
    'warning',
    `redoubt version=${REDOUBT_VERSION}, redis compatibility=${REDIS_COMPAT_VERSION}, pid=${process.pid}, just started`,
  )
  logger.log(
    'warning',
    args.configFile === null
      ? 'Warning: no config file specified, using the default config.'
      : 'Configuration loaded',
  )
  for (const w of loaded.warnings) logger.log('warning', w)
  let server: Awaited<ReturnType<typeof startFromConfig>>
  try {
    server = await startFromConfig(loaded, logger)
  } catch (err) {
    if (err instanceof ConfigFileError) {
      process.stderr.write(formatConfigError(err, REDOUBT_VERSION))
      return 1
    }
    logger.log('warning', (err as Error).message)
    boot.target = null
    return 1
  }
  const pidfile = store.getString('pidfile')
  if (pidfile !== '') writeFileSync(pidfile, `${process.pid}\n`)
  const onSignal = (sig: string): void => {
    logger.log('warning', `Received ${sig} scheduling shutdown...`)
    logger.log('warning', 'User requested shutdown...')
    void server.close()
  }
  process.once('SIGINT', () => onSignal('SIGINT'))
  process.once('SIGTERM', () => onSignal('SIGTERM'))
  await server.stopped
  if (pidfile !== '') rmSync(pidfile, { force: true })
  return 0
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`redoubt-server: ${(err as Error).stack ?? String(err)}\n`)
    process.exit(1)
  },
)

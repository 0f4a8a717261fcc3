/**
 * Turns embedding options ({ port: 0, databases: 4 }) into a configuration store.
 * TEMPORARY minimal store until src/config/config-store.ts lands; see TODO(#2).
 */

import type { ServerConfigStore } from './server.js'

/** Embedding options: redis.conf directive names with their values. */
export type ServerOptions = Record<string, string | number | boolean>

const DEFAULTS: Record<string, string> = {
  port: '6379',
  bind: '127.0.0.1 -::1',
  databases: '16',
  hz: '10',
  'tcp-backlog': '511',
  'tcp-keepalive': '300',
  'proto-max-bulk-len': String(512 * 1024 * 1024),
  'client-query-buffer-limit': String(1024 * 1024 * 1024),
  requirepass: '',
  loglevel: 'notice',
  logfile: '',
}

/** TODO(#2): replaced by the real ConfigStore. */
export function buildConfig(options: ServerOptions): ServerConfigStore {
  const values = new Map<string, string>(Object.entries(DEFAULTS))
  for (const [k, v] of Object.entries(options))
    values.set(k, typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v))
  return {
    getNumber: (n) => Number(values.get(n) ?? '0'),
    getString: (n) => values.get(n) ?? '',
    getBool: (n) => values.get(n) === 'yes',
    get: () => [],
    set: () => 'ERR CONFIG SET is not supported yet',
    rewrite: () => 'ERR The server is running without a config file',
  }
}

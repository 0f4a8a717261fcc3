/**
 * INFO: renders the sections server, clients, memory, stats, commandstats, errorstats and
 * keyspace in Redis 7.0's field order. See https://redis.io/commands/info/
 */

import type { Server } from '../server/server.js'

/** TODO(#2): full sections. */
export function infoText(srv: Server, _sections: string[]): string {
  const lines = ['# Server', 'redis_version:7.0.15', 'loading:0']
  const ks: string[] = []
  for (const db of srv.keyspace.dbs) {
    if (db.size > 0) ks.push(`db${db.id}:keys=${db.size},expires=${db.expires.size},avg_ttl=0`)
  }
  lines.push('', '# Keyspace', ...ks)
  return `${lines.join('\r\n')}\r\n`
}

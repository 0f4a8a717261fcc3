/**
 * Keyspace commands (DEL, EXISTS, KEYS, SCAN, RENAME, COPY, MOVE, SWAPDB, FLUSH*, OBJECT) and expiry (EXPIRE family, TTL family, PERSIST).
 */

import type { CommandSpec } from './spec.js'

export const genericCommands: CommandSpec[] = []

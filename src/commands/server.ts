/**
 * Server commands (TIME, DBSIZE, SHUTDOWN, INFO).
 */

import type { CommandSpec } from './spec.js'

export const serverCommands: CommandSpec[] = []

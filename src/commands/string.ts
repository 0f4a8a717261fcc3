/**
 * String commands (GET, SET and friends, counters, ranges, LCS).
 */

import type { CommandSpec } from './spec.js'

export const stringCommands: CommandSpec[] = []

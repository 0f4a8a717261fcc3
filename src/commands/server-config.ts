/**
 * CONFIG GET SET RESETSTAT REWRITE HELP.
 */

import type { CommandSpec } from './spec.js'

export const configCommands: CommandSpec[] = []

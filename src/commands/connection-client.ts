/**
 * CLIENT and its subcommands.
 */

import type { CommandSpec } from './spec.js'

export const clientCommands: CommandSpec[] = []

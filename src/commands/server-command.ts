/**
 * COMMAND and its subcommands (COUNT INFO DOCS LIST GETKEYS GETKEYSANDFLAGS), generated from the command specs.
 */

import type { CommandSpec } from './spec.js'

export const commandCommands: CommandSpec[] = []

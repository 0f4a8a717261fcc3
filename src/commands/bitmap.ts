/**
 * Bitmap commands (SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO).
 */

import type { CommandSpec } from './spec.js'

export const bitmapCommands: CommandSpec[] = []

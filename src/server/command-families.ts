/**
 * Every command family's specs, in one list the command table is built from.
 * Adding a family: export its specs from commands/<family>.ts and list it here.
 */

import { bitmapCommands } from '../commands/bitmap.js'
import { bitfieldCommands } from '../commands/bitmap-bitfield.js'
import { connectionCommands } from '../commands/connection.js'
import { clientCommands } from '../commands/connection-client.js'
import { genericCommands } from '../commands/generic.js'
import { hashCommands } from '../commands/hash.js'
import { listCommands } from '../commands/list.js'
import { listBlockingCommands } from '../commands/list-blocking.js'
import { listMoveCommands } from '../commands/list-move.js'
import { listRangeCommands } from '../commands/list-range.js'
import { pubsubCommands } from '../commands/pubsub.js'
import { serverCommands } from '../commands/server.js'
import { aclCommands } from '../commands/server-acl.js'
import { commandCommands } from '../commands/server-command.js'
import { configCommands } from '../commands/server-config.js'
import { setCommands } from '../commands/set.js'
import { sortCommands } from '../commands/sort.js'
import { sortedSetCommands } from '../commands/sorted-set.js'
import { sortedSetBlockingCommands } from '../commands/sorted-set-blocking.js'
import type { CommandSpec } from '../commands/spec.js'
import { stringCommands } from '../commands/string.js'
import { stringCounterCommands } from '../commands/string-counter.js'
import { stringLcsCommands } from '../commands/string-lcs.js'
import { stringRangeCommands } from '../commands/string-range.js'
import { stringSetCommands } from '../commands/string-set.js'
import { transactionCommands } from '../commands/transactions.js'

export function allCommandSpecs(): CommandSpec[] {
  return [
    ...connectionCommands,
    ...clientCommands,
    ...genericCommands,
    ...stringCommands,
    ...stringSetCommands,
    ...stringCounterCommands,
    ...stringRangeCommands,
    ...stringLcsCommands,
    ...bitmapCommands,
    ...bitfieldCommands,
    ...hashCommands,
    ...listCommands,
    ...listRangeCommands,
    ...listMoveCommands,
    ...listBlockingCommands,
    ...setCommands,
    ...sortedSetCommands,
    ...sortedSetBlockingCommands,
    ...pubsubCommands,
    ...serverCommands,
    ...configCommands,
    ...aclCommands,
    ...commandCommands,
    ...transactionCommands,
    ...sortCommands,
  ]
}

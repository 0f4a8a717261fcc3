/**
 * INFO memory, with Redis 7.0's field names and order. The figures are estimates from
 * process.memoryUsage(), for the whole Node process (several embedded servers share them):
 * - used_memory = V8 heap in use + memory held outside the heap (Buffers): what the
 *   allocators hand out, as Redis's zmalloc count; used_memory_rss = resident set size.
 * - used_memory_startup = used_memory when this module was loaded (server start).
 * - used_memory_peak = the highest used_memory seen by INFO (sampled, not continuous).
 * - used_memory_overhead = startup + client query/output buffers; dataset = the rest.
 * - allocator_allocated/active/resident = heap used + external / heap reserved + external / rss.
 * Lua, functions, replication and AOF figures are 0: redoubt has none of them yet.
 */

import { totalmem } from 'node:os'

/** used_memory as defined above. */
function usedMemory(): { used: number; active: number; rss: number } {
  const m = process.memoryUsage()
  return { used: m.heapUsed + m.external, active: m.heapTotal + m.external, rss: m.rss }
}

const STARTUP = usedMemory().used
let peak = STARTUP

/** Redis's bytesToHuman(): B below 1 KiB, then K, M, G, T, P with two decimals. */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P']
  if (n < 1024) return `${n}B`
  let d = n / 1024
  for (const u of units) {
    if (d < 1024 || u === 'P') return `${d.toFixed(2)}${u}`
    d /= 1024
  }
  return `${n}B`
}

const ratio = (a: number, b: number): string => (b === 0 ? '0.00' : (a / b).toFixed(2))

/** What the memory section needs from the server. */
export interface MemoryInputs {
  /** Bytes buffered for normal clients (query buffers plus pending output). */
  clientBuffers: number
  maxmemory: number
  maxmemoryPolicy: string
}

/** The memory section's fields, in order. */
export function memoryFields(inputs: MemoryInputs): [string, string | number][] {
  const { used, active, rss } = usedMemory()
  if (used > peak) peak = used
  const overhead = Math.min(used, STARTUP + inputs.clientBuffers)
  const dataset = used - overhead
  const net = used - STARTUP
  const total = totalmem()
  return [
    ['used_memory', used],
    ['used_memory_human', bytesToHuman(used)],
    ['used_memory_rss', rss],
    ['used_memory_rss_human', bytesToHuman(rss)],
    ['used_memory_peak', peak],
    ['used_memory_peak_human', bytesToHuman(peak)],
    ['used_memory_peak_perc', `${((used * 100) / peak).toFixed(2)}%`],
    ['used_memory_overhead', overhead],
    ['used_memory_startup', STARTUP],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', `${(net > 0 ? (dataset * 100) / net : 0).toFixed(2)}%`],
    ['allocator_allocated', used],
    ['allocator_active', active],
    ['allocator_resident', rss],
    ['total_system_memory', total],
    ['total_system_memory_human', bytesToHuman(total)],
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', bytesToHuman(0)],
    ['used_memory_scripts_eval', 0],
    ['number_of_cached_scripts', 0],
    ['number_of_functions', 0],
    ['number_of_libraries', 0],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', bytesToHuman(0)],
    ['used_memory_functions', 0],
    ['used_memory_scripts', 0],
    ['used_memory_scripts_human', bytesToHuman(0)],
    ['maxmemory', inputs.maxmemory],
    ['maxmemory_human', bytesToHuman(inputs.maxmemory)],
    ['maxmemory_policy', inputs.maxmemoryPolicy],
    ['allocator_frag_ratio', ratio(active, used)],
    ['allocator_frag_bytes', active - used],
    ['allocator_rss_ratio', ratio(rss, active)],
    ['allocator_rss_bytes', rss - active],
    ['rss_overhead_ratio', ratio(rss, rss)],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', ratio(rss, used)],
    ['mem_fragmentation_bytes', rss - used],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', inputs.clientBuffers],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', `v8-${process.versions.v8}`],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ]
}

/** The set of connected clients, by id (CLIENT LIST order is by id). */

import type { ClientRegistry } from '../commands/context.js'
import type { Client } from './client.js'

export class ClientSet implements ClientRegistry {
  private readonly map = new Map<number, Client>()

  add(c: Client): void {
    this.map.set(c.id, c)
  }

  delete(c: Client): void {
    this.map.delete(c.id)
  }

  all(): Iterable<Client> {
    return this.map.values()
  }

  byId(id: number): Client | undefined {
    return this.map.get(id)
  }

  get count(): number {
    return this.map.size
  }
}

// Workers KV in memory, as the sign-in's provider uses it (get as text or JSON, put with a TTL and metadata,
// delete, list by prefix in pages), for running the sign-in in process. Expiry is honoured at read time.
export class MemoryKv {
  readonly entries = new Map<string, { value: string; metadata?: unknown; expiration?: number }>();

  async get(key: string, options?: string | { type?: string }): Promise<unknown> {
    const entry = this.#live(key);
    if (!entry) return null;
    const type = typeof options === 'string' ? options : options?.type;
    return type === 'json' ? JSON.parse(entry.value) : entry.value;
  }

  async put(
    key: string,
    value: string,
    options: { expirationTtl?: number; expiration?: number; metadata?: unknown } = {},
  ) {
    const expiration =
      options.expiration ?? (options.expirationTtl ? Date.now() / 1000 + options.expirationTtl : undefined);
    this.entries.set(key, { value, metadata: options.metadata, expiration });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async list({ prefix = '', limit = 1000, cursor }: { prefix?: string; limit?: number; cursor?: string } = {}) {
    const names = [...this.entries.keys()].filter((name) => name.startsWith(prefix) && this.#live(name)).sort();
    const start = cursor ? Number(cursor) : 0;
    const page = names.slice(start, start + limit);
    const complete = start + page.length >= names.length;
    return {
      keys: page.map((name) => {
        const { metadata, expiration } = this.entries.get(name) ?? {};
        return { name, ...(metadata !== undefined && { metadata }), ...(expiration && { expiration }) };
      }),
      list_complete: complete,
      ...(!complete && { cursor: String(start + page.length) }),
    };
  }

  #live(key: string) {
    const entry = this.entries.get(key);
    if (entry?.expiration !== undefined && entry.expiration * 1000 <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

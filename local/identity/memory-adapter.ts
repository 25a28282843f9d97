import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * Where the local issuer keeps sessions, interactions, codes and refresh tokens: this process's
 * memory. A restart signs everyone out of the issuer (access tokens stay valid until they expire,
 * since the signing key is kept); one process, so nothing needs sharing.
 */
type Items = Map<string, { payload: AdapterPayload; expiresAt: number }>;

/** An adapter class of one issuer: its own store per model (Session, Grant, …). */
export function memoryAdapter(): new (name: string) => Adapter {
  const stores = new Map<string, Items>();
  return class extends MemoryAdapter {
    constructor(name: string) {
      const items = stores.get(name) ?? new Map();
      stores.set(name, items);
      super(name, items);
    }
  };
}

class MemoryAdapter implements Adapter {
  constructor(
    readonly name: string,
    private readonly items: Items
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    this.items.set(id, {
      payload,
      expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY,
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const item = this.items.get(id);
    if (!item) return undefined;
    if (item.expiresAt <= Date.now()) {
      this.items.delete(id);
      return undefined;
    }
    return item.payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    for (const [id, item] of this.items) if (item.payload.uid === uid) return this.find(id);
    return undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    for (const [id, item] of this.items) if (item.payload.userCode === userCode) return this.find(id);
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const item = this.items.get(id);
    if (item) item.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.items.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, item] of this.items) if (item.payload.grantId === grantId) this.items.delete(id);
  }
}

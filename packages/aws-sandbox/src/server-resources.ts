/** Something a service keeps open for the life of a sandbox server (e.g. a DynamoDB engine process). */
export interface ServerResource {
  close(): Promise<void>;
}

/**
 * The long-lived helpers of one sandbox server, opened on first use and closed with the server.
 * Services reach them through HandlerContext.resources, so nothing is global.
 */
export class ServerResources {
  private readonly opened = new Map<string, ServerResource>();
  private closed = false;

  /** The resource under key, opened with open() the first time. */
  use<T extends ServerResource>(key: string, open: () => T): T {
    if (this.closed) throw new Error('the sandbox server is closing');
    const existing = this.opened.get(key);
    if (existing) return existing as T;
    const created = open();
    this.opened.set(key, created);
    return created;
  }

  /** Forgets a resource (after it died) so the next use opens it again. */
  drop(key: string, resource: ServerResource): void {
    if (this.opened.get(key) === resource) this.opened.delete(key);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    const resources = [...this.opened.values()];
    this.opened.clear();
    await Promise.allSettled(resources.map((resource) => resource.close()));
  }
}

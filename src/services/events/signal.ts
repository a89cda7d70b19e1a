// "Outbox events were committed here": lets the dispatcher send at once instead of at its next poll.
export class Signal {
  private readonly listeners = new Set<() => void>();

  /** Adds a listener; answers the function that removes it. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }
}

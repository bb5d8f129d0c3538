// Imports this process runs in the background (an upload above BACKGROUND_IMPORT_BYTES: 202, then
// the record to poll). The route hands each one's `done` here, so whoever must know when one has
// finished — a test — awaits it instead of polling the record with sleeps.
export class BackgroundImports {
  readonly #running = new Map<string, Promise<void>>();

  add(id: string, done: Promise<void>): void {
    this.#running.set(id, done);
    const forget = () => void this.#running.delete(id);
    void done.then(forget, forget);
  }

  /** Settles once import `id` has finished (its record says how); at once when it is not running here. */
  settled(id: string): Promise<void> {
    return this.#running.get(id) ?? Promise.resolve();
  }
}

/**
 * Requests in flight over a port, by id: each side keeps one table for the requests it sent
 * (main: invokes; core: host calls). Every request ends exactly once: with its answer, its timeout,
 * or `failAll` when the other end is gone. Nothing waits forever on a process that has died.
 */
import type { Result } from '../contract/errors';
import { failure } from './protocol';

interface Waiting {
  resolve(result: Result<unknown>): void;
  timer: NodeJS.Timeout | null;
}

export class PendingRequests {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  /**
   * A new request id and the promise of its result. `timeoutMs` 0: no limit (a dialog waits for the
   * person; an import may run for minutes). The promise never rejects: failures are results.
   */
  open(timeoutMs: number, timeoutMessage: string): { id: number; result: Promise<Result<unknown>> } {
    const id = this.nextId++;
    const result = new Promise<Result<unknown>>((resolve) => {
      const timer = timeoutMs > 0 ? setTimeout(() => this.settle(id, failure('INTERNAL', timeoutMessage)), timeoutMs) : null;
      // A pending timer must not keep a process alive that has nothing else to do.
      timer?.unref();
      this.waiting.set(id, { resolve, timer });
    });
    return { id, result };
  }

  /** Ends request `id` with `result`; false when no such request is waiting (late, or not ours). */
  settle(id: number, result: Result<unknown>): boolean {
    const w = this.waiting.get(id);
    if (!w) return false;
    this.waiting.delete(id);
    if (w.timer) clearTimeout(w.timer);
    w.resolve(result);
    return true;
  }

  /** Ends every waiting request with the same failure (the other end died or is shutting down). */
  failAll(code: 'INTERNAL' | 'CANCELLED', message: string): void {
    for (const id of [...this.waiting.keys()]) this.settle(id, failure(code, message));
  }

  get size(): number {
    return this.waiting.size;
  }
}

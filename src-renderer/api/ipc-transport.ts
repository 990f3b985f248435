import type { Result } from '../../src-main/contract/errors';
import type { EventMap, EventName } from '../../src-main/contract/events';
import type { MethodName } from '../../src-main/contract/methods';
import type { PreloadBridge, Transport } from '../../src-main/contract/transport';

/** Electron: the preload's `window.ace` bridge (one IPC channel for calls, one for events). */
export class IpcTransport implements Transport {
  constructor(private readonly bridge: PreloadBridge) {}

  invoke(method: MethodName, input: unknown): Promise<Result<unknown>> {
    return this.bridge.invoke(method, input);
  }

  onEvent<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void {
    return this.bridge.onEvent((n, payload) => {
      if (n === name) listener(payload as EventMap[E]);
    });
  }
}

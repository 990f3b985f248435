import type { Result } from './errors';
import type { EventMap, EventName } from './events';
import type { MethodName } from './methods';

/**
 * How a renderer reaches the core. Electron IPC and HTTP+SSE both implement it;
 * the renderer's api/ module picks one.
 */
export interface Transport {
  invoke(method: MethodName, input: unknown): Promise<Result<unknown>>;
  onEvent<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void;
}

/** What the Electron preload exposes on `window.ace`. */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

export const IPC_INVOKE_CHANNEL = 'ace:invoke';
export const IPC_EVENT_CHANNEL = 'ace:event';

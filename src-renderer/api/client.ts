import { tableFromIPC, type Table } from 'apache-arrow';
import type { EventMap, EventName } from '../../src-main/contract/events';
import type { MethodInput, MethodName, MethodOutput } from '../../src-main/contract/methods';
import type { PreloadBridge, Transport } from '../../src-main/contract/transport';
import { ApiError } from './errors';
import { HttpTransport, takeToken } from './http-transport';
import { IpcTransport } from './ipc-transport';

/** The one place that picks the transport: Electron's preload bridge when present, else HTTP. */
function pickTransport(): Transport {
  const bridge = (window as unknown as { ace?: PreloadBridge }).ace;
  return bridge ? new IpcTransport(bridge) : new HttpTransport(takeToken());
}

const transport = pickTransport();

export const api = {
  /** Calls a JSON method; throws ApiError with the core's code and message. */
  async call<M extends MethodName>(
    method: M,
    ...input: MethodInput<M> extends Record<string, never> ? [] : [MethodInput<M>]
  ): Promise<MethodOutput<M>> {
    const result = await transport.invoke(method, input[0] ?? {});
    if (!result.ok) throw new ApiError(result.error);
    return result.value as MethodOutput<M>;
  },

  /** Calls an Arrow method and decodes the IPC bytes. */
  async table<M extends MethodName>(
    method: M,
    ...input: MethodInput<M> extends Record<string, never> ? [] : [MethodInput<M>]
  ): Promise<Table> {
    const result = await transport.invoke(method, input[0] ?? {});
    if (!result.ok) throw new ApiError(result.error);
    return tableFromIPC(result.value as Uint8Array);
  },

  on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void {
    return transport.onEvent(name, listener);
  },
};

export { ApiError };

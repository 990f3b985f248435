import type { EventMap, EventName } from '../../contract/events';

type Listener = (name: EventName, payload: unknown) => void;

/** The core's event bus: hosts subscribe once and relay every event to their renderers. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(name: E, payload: EventMap[E]): void {
    for (const l of this.listeners) l(name, payload);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

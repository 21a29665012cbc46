import { events, type EventEnvelope, type EventName, type EventPayload } from '../contract'

export type EventSink = (envelope: EventEnvelope) => void

/** Core code emits events here; each transport (Electron, bridge) subscribes a sink. */
export class EventBus {
  private readonly sinks = new Set<EventSink>()

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink)
    return () => this.sinks.delete(sink)
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    // Payloads are validated here so a transport never forwards something outside the contract.
    const checked = events[event].parse(payload) as EventPayload<E>
    const envelope = { event, payload: checked } as EventEnvelope
    for (const sink of this.sinks) sink(envelope)
  }
}

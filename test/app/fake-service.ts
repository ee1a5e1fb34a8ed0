// A bridge service that records what it is asked and answers what the test says: the shell's tests
// check the shell, not the service (which has tests of its own).
import { EventEmitter } from 'node:events';
import { SettingsSchema, type BridgeResult, type ProgressEvent, type Settings } from '../../main/contract/bridge.ts';
import type { BridgeService, BridgeServiceOptions } from '../../main/bridge/types.ts';

/** The settings a fresh installation has (the contract's defaults). */
export const DEFAULT_SETTINGS_FOR_TESTS: Settings = SettingsSchema.parse({});

export interface FakeService extends BridgeService {
  readonly invocations: Array<{ channel: string; payload: unknown }>;
  readonly options: BridgeServiceOptions | null;
  /** What invoke answers per channel (default: the settings for settings:*, else unavailable). */
  answers: Map<string, (payload: unknown) => BridgeResult<unknown> | Promise<BridgeResult<unknown>>>;
  emitProgress(event: ProgressEvent): void;
  shutdowns: number;
  /** Resolves pending shutdowns (a quit waits for this). */
  finishShutdown(): void;
  events: EventEmitter;
}

export function createFakeService(options: BridgeServiceOptions | null = null): FakeService {
  const listeners = new Set<(event: ProgressEvent) => void>();
  const events = new EventEmitter();
  let releaseShutdown: () => void = () => undefined;
  let shutdownGate = new Promise<void>((resolve) => (releaseShutdown = resolve));
  const service: FakeService = {
    invocations: [],
    options,
    answers: new Map<string, (payload: unknown) => BridgeResult<unknown>>([
      ['settings:get', () => ({ ok: true, value: DEFAULT_SETTINGS_FOR_TESTS })],
      ['settings:set', (patch) => ({ ok: true, value: { ...DEFAULT_SETTINGS_FOR_TESTS, ...(patch as object) } })],
    ]),
    shutdowns: 0,
    events,
    async invoke(channel, payload) {
      service.invocations.push({ channel, payload });
      events.emit('invoke', channel, payload);
      const answer = service.answers.get(channel);
      return (answer ? await answer(payload) : { ok: false, error: { code: 'unavailable', detail: 'fake' } }) as never;
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emitProgress(event) {
      for (const listener of listeners) listener(event);
    },
    async shutdown() {
      service.shutdowns += 1;
      events.emit('shutdown');
      await shutdownGate;
    },
    finishShutdown() {
      releaseShutdown();
      shutdownGate = new Promise<void>((resolve) => (releaseShutdown = resolve));
    },
  };
  return service;
}

// Stop signals: both SIGINT and SIGTERM reach the handler, and once released neither does.
import { describe, expect, test } from 'bun:test';
import { onStopSignal, untilStopSignal } from './stop-signals.ts';

const listeners = () => [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];

describe('onStopSignal', () => {
  test('calls back with each signal until released, then leaves no listener behind', () => {
    const before = listeners();
    const seen: string[] = [];
    const release = onStopSignal((signal) => seen.push(signal));
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGTERM', 'SIGTERM');
    release();
    process.emit('SIGTERM', 'SIGTERM');
    expect(seen).toEqual(['SIGINT', 'SIGTERM']);
    expect(listeners()).toEqual(before);
  });
});

describe('untilStopSignal', () => {
  test('resolves with the first signal and stops listening for both', async () => {
    const before = listeners();
    const stopped = untilStopSignal();
    process.emit('SIGTERM', 'SIGTERM');
    expect(await stopped).toBe('SIGTERM');
    expect(listeners()).toEqual(before);
  });
});

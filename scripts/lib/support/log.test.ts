// The logger: levels, the redaction of every line, and `once`, which says a line the first time its
// key is met in this process and never again (serve recomputes every minute).
import { afterEach, describe, expect, test } from 'bun:test';
import { captureLogLines } from '../../../test/fixtures/log-capture.ts';
import { log, setLogLevel } from './log.ts';
import { registerSecret } from './redaction.ts';

const logged = captureLogLines();
afterEach(() => setLogLevel('info'));

describe('log', () => {
  test('lines carry their level; a level below the threshold is not said', () => {
    log.info('hello');
    log.warn('careful');
    log.debug('hidden');
    setLogLevel('debug');
    log.debug('shown');
    expect(logged.lines).toEqual(['aios: hello', 'aios warn: careful', 'aios debug: shown']);
  });

  test('every line passes through the redaction set', () => {
    registerSecret('sk-ant-oat01-FAKE-CANARY-log-0123456789');
    log.error('token sk-ant-oat01-FAKE-CANARY-log-0123456789 leaked?');
    expect(logged.lines).toEqual(['aios error: token [REDACTED] leaked?']);
  });

  test('once: the first time a key is met only, whatever the message then says', () => {
    log.once('warn', 'log-test-key', 'first');
    log.once('warn', 'log-test-key', 'second');
    log.once('info', 'log-test-other', 'another key');
    expect(logged.lines).toEqual(['aios warn: first', 'aios: another key']);
  });
});

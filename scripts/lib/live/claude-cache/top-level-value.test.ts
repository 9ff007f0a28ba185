// One top-level value out of a big JSON text: the fast path where Claude Code's layout allows it,
// the whole parse where it does not, and a half-written file recognised as such.
import { describe, expect, test } from 'bun:test';
import { topLevelValue } from './top-level-value.ts';

const bytes = (text: string) => Buffer.from(text);
const KEY = 'cachedUsageUtilization';

describe('topLevelValue', () => {
  test('finds the key at two-space indentation and parses only its value', () => {
    const text = JSON.stringify({ a: { [KEY]: 'nested' }, [KEY]: { x: [1, '}]"'] }, z: 'after' }, null, 2);
    expect(topLevelValue(bytes(text), KEY)).toEqual({ found: true, value: { x: [1, '}]"'] } });
  });

  test('the key only inside strings or nested objects is absent at the top', () => {
    const nested = JSON.stringify({ note: `say "${KEY}"`, deep: { [KEY]: { x: 1 } } }, null, 2);
    expect(topLevelValue(bytes(nested), KEY)).toEqual({ found: false, why: 'absent' });
    expect(topLevelValue(bytes('{"a":1}'), KEY)).toEqual({ found: false, why: 'absent' });
  });

  test('null is found as null (Claude Code clears the key on logout)', () => {
    expect(topLevelValue(bytes(JSON.stringify({ [KEY]: null }, null, 2)), KEY)).toEqual({ found: true, value: null });
  });

  test('a compact file is parsed whole and still answers', () => {
    expect(topLevelValue(bytes(JSON.stringify({ [KEY]: { v: 1 } })), KEY)).toEqual({ found: true, value: { v: 1 } });
    expect(topLevelValue(bytes(`[{"${KEY}":1}]`), KEY)).toEqual({ found: false, why: 'not-an-object' });
  });

  test('a file cut inside the value is truncated; one cut elsewhere, compact, is not JSON', () => {
    const text = JSON.stringify({ [KEY]: { v: [1, 2, 3] }, z: 1 }, null, 2);
    const cut = text.indexOf('2,');
    expect(topLevelValue(bytes(text.slice(0, cut)), KEY)).toEqual({ found: false, why: 'truncated' });
    expect(topLevelValue(bytes(`{"${KEY}": {"v": 1}, "z": `), KEY)).toEqual({ found: false, why: 'not-json' });
  });

  test('a string value in the fast-path position is parsed whole (only objects, arrays and null are cut out)', () => {
    expect(topLevelValue(bytes(JSON.stringify({ [KEY]: 'text' }, null, 2)), KEY)).toEqual({
      found: true,
      value: 'text',
    });
  });
});

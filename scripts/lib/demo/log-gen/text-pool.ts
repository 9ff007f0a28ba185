// Filler text for tool results and prompts. One pool of pseudo source code and prose is built per
// run and sliced, so writing a gigabyte does not build a gigabyte of fresh random strings.
import { Prng } from './prng.ts';

const WORDS = [
  'const',
  'function',
  'return',
  'await',
  'import',
  'export',
  'interface',
  'type',
  'string',
  'number',
  'usage',
  'tokens',
  'cache',
  'session',
  'project',
  'request',
  'response',
  'error',
  'value',
  'config',
  'if',
  'else',
  'for',
  'while',
  'new',
  'this',
  'null',
  'undefined',
  'true',
  'false',
  'async',
  'let',
  'the',
  'a',
  'of',
  'to',
  'in',
  'is',
  'that',
  'with',
  'on',
  'file',
  'test',
  'build',
  'run',
  'log',
  'handler',
  'parse',
  'stream',
  'buffer',
  'render',
  'state',
  'props',
  'index',
  'result',
  'options',
];
const PUNCT = [' ', ' ', ' ', ' ', '.', ', ', '(', ') ', ' = ', ';\n', '{\n  ', '\n}\n', ': ', '"', "'", '\t', '/'];

export class TextPool {
  readonly text: string;

  constructor(seed: number, size = 1 << 20) {
    const rng = new Prng(seed, 0x7e47);
    const parts: string[] = [];
    let length = 0;
    while (length < size) {
      const piece = rng.pick(WORDS) + rng.pick(PUNCT);
      parts.push(piece);
      length += piece.length;
    }
    this.text = parts.join('').slice(0, size);
  }

  /** `length` characters (ASCII) starting at a random offset; longer requests repeat the pool. */
  slice(rng: Prng, length: number): string {
    const n = Math.max(1, Math.floor(length));
    if (n <= this.text.length) {
      const start = Math.floor(rng.next() * (this.text.length - n + 1));
      return this.text.slice(start, start + n);
    }
    return this.text.repeat(Math.ceil(n / this.text.length)).slice(0, n);
  }
}

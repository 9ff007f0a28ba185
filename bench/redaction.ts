#!/usr/bin/env bun
// Benchmark: redact() over a 2 MB usage-like JSON document, with and without registered secrets and
// with a piece of one inside, as medians of N runs. Not part of `npm test`. Usage: bun bench/redaction.ts
import { clearSecretsForTests, redact, registerSecret } from '../scripts/lib/support/redaction.ts';
import { median } from './harness.ts';

const RUNS = 21;

/** A document shaped like the served one: many rows of numbers, dates, model and project names. */
function documentOf(bytes: number): string {
  const rows: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const row = {
      date: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
      project: `-home-dev-project-${i % 97}-${(i * 7919).toString(36)}`,
      model: ['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', 'claude-haiku-4-5'][i % 3],
      inputTokens: i * 13,
      outputTokens: i * 271,
      cacheReadTokens: i * 48_102,
      costUsd: i * 0.0137,
    };
    rows.push(row);
    size += JSON.stringify(row).length + 1;
  }
  return JSON.stringify({ rows });
}

function time(label: string, text: string): void {
  const ms: number[] = [];
  let out = '';
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    out = redact(text);
    ms.push(performance.now() - start);
  }
  const changed = out === text ? 'unchanged' : `${text.length - out.length} chars fewer`;
  console.log(`${label.padEnd(44)} median ${median(ms).toFixed(2)} ms  (${changed})`);
}

const doc = documentOf(2 << 20);
console.log(`document: ${(doc.length / 1048576).toFixed(2)} MB, ${RUNS} runs each`);
clearSecretsForTests();
time('no secrets registered (token shapes only)', doc);
const access = `sk-ant-oat01-${'Xq7_bN2-kLp9Rt4vWz8yA1cD3eF5gH6jK0mPsU'.repeat(2)}AA`;
const refresh = access.replace('oat01', 'ort01').split('').reverse().join('');
registerSecret(access);
registerSecret(refresh);
time('access + refresh token registered', doc);
const tainted = doc.slice(0, doc.length / 2) + access.slice(1, 40) + doc.slice(doc.length / 2);
time('... with a 39-character piece inside', tainted);
clearSecretsForTests();

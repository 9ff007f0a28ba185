// Building the dashboard on first start: when dist/ is stale, a failed build that keeps the old
// page, the real Vite build under Bun, and what a start does with each.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildUi, ensureUiBuilt, uiBuildState } from './page-build.ts';

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-page-build-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A project root with UI sources and a stand-in build script (a real child process). */
function project(): {
  root: string;
  distDir: string;
  build: (outDir: string) => string[];
  failing: (outDir: string) => string[];
} {
  const root = fs.mkdtempSync(path.join(scratch, 'ui-build-'));
  fs.mkdirSync(path.join(root, 'src', 'components'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(root, 'src', 'components', 'panel.tsx'), 'export {}');
  const script = path.join(root, 'fake-build.ts');
  fs.writeFileSync(
    script,
    `import fs from 'node:fs';
     const out = process.argv[2]!;
     if (process.argv[3] === 'fail') { console.error('error: Could not resolve "./missing"'); process.exit(1); }
     fs.mkdirSync(out + '/assets', { recursive: true });
     fs.writeFileSync(out + '/index.html', 'built at ' + Date.now());`,
  );
  return {
    root,
    distDir: path.join(root, 'dist'),
    build: (outDir) => [process.execPath, script, outDir],
    failing: (outDir) => [process.execPath, script, outDir, 'fail'],
  };
}

function age(file: string, secondsAgo: number): void {
  const t = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(file, t, t);
}

describe('uiBuildState', () => {
  test('a missing dist/ needs a build, a fresh one does not, an older one does', async () => {
    const p = project();
    expect(uiBuildState(p.root, p.distDir)).toEqual({ stale: true, reason: 'missing' });
    expect(await buildUi({ root: p.root, distDir: p.distDir, command: p.build })).toMatchObject({ ok: true });
    expect(uiBuildState(p.root, p.distDir)).toEqual({ stale: false });
    age(path.join(p.distDir, 'index.html'), 60);
    expect(uiBuildState(p.root, p.distDir)).toEqual({ stale: true, reason: 'outdated' });
  });

  test('a changed test file does not make the page stale', () => {
    const p = project();
    fs.mkdirSync(p.distDir);
    fs.writeFileSync(path.join(p.distDir, 'index.html'), 'x');
    for (const f of ['index.html', 'src/components/panel.tsx']) age(path.join(p.root, f), 60);
    fs.writeFileSync(path.join(p.root, 'src', 'components', 'panel.test.tsx'), 'new test');
    expect(uiBuildState(p.root, p.distDir)).toEqual({ stale: false });
  });
});

describe('buildUi', () => {
  test('a failed build reports the tail of its output and leaves the previous dist/ untouched', async () => {
    const p = project();
    fs.mkdirSync(p.distDir);
    fs.writeFileSync(path.join(p.distDir, 'index.html'), 'previous build');
    const result = await buildUi({ root: p.root, distDir: p.distDir, command: p.failing });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('Could not resolve');
    expect(fs.readFileSync(path.join(p.distDir, 'index.html'), 'utf8')).toBe('previous build');
    expect(fs.readdirSync(p.root).filter((n) => n.startsWith('dist.'))).toEqual([]);
  });

  test('a build that cannot start is a message, not a crash', async () => {
    const p = project();
    const result = await buildUi({ root: p.root, distDir: p.distDir, command: () => ['/nonexistent/vite-binary'] });
    expect(result.ok).toBe(false);
  });
});

describe('the real build', () => {
  test('Vite builds the dashboard under this runtime into a complete page', async () => {
    const root = path.resolve(import.meta.dir, '..', '..', '..');
    const buildRoot = fs.mkdtempSync(path.join(scratch, 'real-build-'));
    const distDir = path.join(buildRoot, 'dist');
    // Vite turns on the runtime's compile cache, by default in the temp dir: keep it with the build.
    const env = { ...process.env, NODE_COMPILE_CACHE: path.join(buildRoot, 'compile-cache') };
    const result = await buildUi({ root, distDir, env });
    expect(result).toMatchObject({ ok: true });
    const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script[^>]*src="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(fs.existsSync(path.join(distDir, script))).toBe(true);
    // The served CSP (default-src 'self') forbids inline scripts: the page must not need any.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  }, 180_000);
});

describe('ensureUiBuilt', () => {
  test('builds a missing page and says so', async () => {
    const p = project();
    const lines: string[] = [];
    expect(await ensureUiBuilt({ root: p.root, distDir: p.distDir, command: p.build, log: (l) => lines.push(l) })).toBe(
      true,
    );
    expect(fs.readFileSync(path.join(p.distDir, 'index.html'), 'utf8')).toStartWith('built at');
    expect(lines.join('\n')).toContain('building the dashboard');
  });

  test('does nothing when the page is current', async () => {
    const p = project();
    await buildUi({ root: p.root, distDir: p.distDir, command: p.build });
    const lines: string[] = [];
    expect(
      await ensureUiBuilt({ root: p.root, distDir: p.distDir, command: p.failing, log: (l) => lines.push(l) }),
    ).toBe(true);
    expect(lines).toEqual([]);
  });

  test('keeps serving an outdated page when the rebuild fails, but has nothing to serve without one', async () => {
    const outdated = project();
    fs.mkdirSync(outdated.distDir);
    fs.writeFileSync(path.join(outdated.distDir, 'index.html'), 'old');
    age(path.join(outdated.distDir, 'index.html'), 60);
    const log = () => {};
    expect(
      await ensureUiBuilt({ root: outdated.root, distDir: outdated.distDir, command: outdated.failing, log }),
    ).toBe(true);
    const missing = project();
    expect(await ensureUiBuilt({ root: missing.root, distDir: missing.distDir, command: missing.failing, log })).toBe(
      false,
    );
  });
});

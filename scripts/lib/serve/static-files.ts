// Serving the built dashboard from dist/: URL paths map to files strictly inside that folder, and
// every byte served passes through the redaction set like any other response.
import fs from 'node:fs';
import path from 'node:path';
import { redact } from '../support/redaction.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The file under `distDir` that `urlPath` names, or null when it names nothing servable: encoded
 * separators, dot segments, NUL bytes, hidden files, and anything resolving (symlinks included)
 * outside `distDir`. "/" is index.html.
 */
export function resolveStaticPath(distDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || /%2f|%5c/i.test(urlPath)) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  // Dot segments (and dotfiles such as a build stamp) are never served.
  if (segments.some((s) => s.startsWith('.'))) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  let root: string;
  let real: string;
  try {
    root = fs.realpathSync(distDir);
    real = fs.realpathSync(path.join(root, relative));
  } catch {
    return null;
  }
  if (!real.startsWith(root + path.sep)) return null;
  try {
    if (!fs.statSync(real).isFile()) return null;
  } catch {
    return null;
  }
  return real;
}

/** Content-Type for a file name; unknown kinds are served as opaque bytes. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file's bytes with every secret replaced. Latin-1 maps each byte to one character and back,
 * so binary files round-trip unchanged while ASCII token shapes inside them are still found.
 */
export async function readRedacted(file: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(await Bun.file(file).arrayBuffer());
  const text = Buffer.from(bytes.buffer).toString('latin1');
  const clean = redact(text);
  return clean === text ? bytes : new Uint8Array(Buffer.from(clean, 'latin1'));
}

// Every response the dashboard server sends: the security headers on each one, the document as
// redacted JSON (or a redacted 500), the built page's files, and the plain-text refusals.
import { redact, redactError } from '../support/redaction.ts';
import { securityHeaders } from './guard.ts';
import { DocumentUnavailableError } from './served-document.ts';
import { contentTypeFor, readRedacted, resolveStaticPath } from './static-files.ts';

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** A response with the security headers every answer carries, whatever its status. */
export function respond(
  status: number,
  body: string | Uint8Array<ArrayBuffer>,
  contentType: string,
  extra: Record<string, string> = {},
): Response {
  return new Response(body, { status, headers: { ...securityHeaders(), 'Content-Type': contentType, ...extra } });
}

export const badRequest = (): Response => respond(400, 'Bad Request\n', TEXT);
export const forbidden = (): Response => respond(403, 'Forbidden\n', TEXT);
export const notFound = (): Response => respond(404, 'Not Found\n', TEXT);
export const internalError = (): Response => respond(500, 'Internal Server Error\n', TEXT);

/** 405, with the methods the path does take. */
export function notAllowed(allow: readonly string[]): Response {
  return respond(405, 'Method Not Allowed\n', TEXT, { Allow: allow.join(', ') });
}

/**
 * The document from `load` as redacted JSON, never cached by the browser. A failure is a 500 whose
 * body says why only when the reason is safe to show (DocumentUnavailableError).
 */
export async function documentResponse(
  load: () => Promise<unknown>,
  logError: (line: string) => void,
): Promise<Response> {
  const noStore = { 'Cache-Control': 'no-store' };
  try {
    return respond(200, redact(JSON.stringify(await load())), JSON_TYPE, noStore);
  } catch (error) {
    const safe = error instanceof DocumentUnavailableError;
    const message = safe ? error.message : 'internal error';
    logError(safe ? message : `unexpected: ${redactError(error)}`);
    return respond(500, redact(JSON.stringify({ error: message })), JSON_TYPE, noStore);
  }
}

/** The file of the built page that `pathname` names (index.html for "/"), redacted, or 404. */
export async function pageResponse(distDir: string, pathname: string): Promise<Response> {
  const file = resolveStaticPath(distDir, pathname);
  if (!file) return notFound();
  return respond(200, await readRedacted(file), contentTypeFor(file), { 'Cache-Control': 'no-cache' });
}

// A bare HTTP/1.1 client over a TCP socket, for tests that must send the exact Host and Origin
// headers a rebinding attacker's browser would (fetch rewrites or forbids some of them).
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Send one request to 127.0.0.1:`port` with exactly `headers`, and read the whole response. */
export function rawRequest(
  port: number,
  opts: { method?: string; path?: string; headers: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const lines = [`${opts.method ?? 'GET'} ${opts.path ?? '/'} HTTP/1.1`];
  for (const [k, val] of Object.entries(opts.headers)) lines.push(`${k}: ${val}`);
  lines.push('Connection: close', `Content-Length: ${Buffer.byteLength(opts.body ?? '')}`, '', opts.body ?? '');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(lines.join('\r\n')));
    socket.setTimeout(5000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const head = raw.subarray(0, split).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head[0] ?? '')?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      let body: Buffer = raw.subarray(split + 4);
      if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
      resolve({ status, headers, body: body.toString('utf8') });
    });
  });
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const nl = body.indexOf('\r\n', at);
    const size = parseInt(body.subarray(at, nl).toString('latin1'), 16);
    if (!size) return Buffer.concat(parts);
    parts.push(body.subarray(nl + 2, nl + 2 + size));
    at = nl + 2 + size + 2;
  }
}

import type { IncomingMessage } from 'node:http';

/** A request's whole body as text: for the local stand-in servers (the mail catcher, the tests' global setups). */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request
      .setEncoding('utf8')
      .on('data', (chunk: string) => (body += chunk))
      .on('end', () => resolve(body))
      .on('error', reject);
  });
}

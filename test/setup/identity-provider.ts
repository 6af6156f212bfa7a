/**
 * Vitest global setup: a stand-in for an external identity provider, serving
 * the public half of the test key pairs (made in vitest.config.ts) as a JWKS
 * on TEST_IDP_PORT. The Worker fetches it as it would fetch Auth0's or
 * Okta's; the tests sign tokens with the private halves.
 */
import { createServer } from 'node:http';

export default async function setup(): Promise<() => Promise<void>> {
  const jwks = process.env.TEST_IDP_PUBLIC_JWKS!;
  const server = createServer((request, response) => {
    if (request.url === '/.well-known/jwks.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(Number(process.env.TEST_IDP_PORT), '127.0.0.1', resolve));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

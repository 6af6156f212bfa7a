import { MAX_WEBHOOK_URL_LENGTH } from '../../schemas/webhook-endpoints';

/**
 * Which URLs a webhook endpoint may have. The Worker posts to them with the
 * store's events, so a URL must not turn it into a probe of networks it can
 * reach and the store cannot: only `https`, no credentials in the URL, and no
 * host that names a private, loopback, link-local or unspecified address
 * outright. (A public name that resolves to such an address is Cloudflare's
 * to refuse: Workers cannot reach private networks through fetch.) Plain
 * `http` to this machine is allowed only where the Worker runs locally
 * (`wrangler dev`, the tests), for a receiver on the developer's machine.
 */

export interface UrlPolicyOptions {
  /** The Worker runs in `development` or `test`: `http://127.0.0.1` and `http://localhost` are allowed. */
  local: boolean;
}

/** Why `text` may not be a webhook URL, or undefined when it may. */
export function webhookUrlRefusal(text: string, options: UrlPolicyOptions): string | undefined {
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return `A webhook URL has at most ${MAX_WEBHOOK_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Not an absolute URL.';
  }
  if (url.username || url.password) return 'A webhook URL may not carry a user name or password.';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const local = isLoopbackName(host) || isLoopbackLiteral(host);
  if (url.protocol === 'http:' && options.local && local) return undefined;
  if (url.protocol !== 'https:') return 'A webhook URL must use https.';
  if (isLoopbackName(host)) return 'A webhook URL may not point at localhost.';
  const reserved = reservedRange(host);
  if (reserved) return `A webhook URL may not point at a ${reserved} address.`;
  return undefined;
}

function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

function isLoopbackLiteral(host: string): boolean {
  return reservedRange(host) === 'loopback';
}

/**
 * The reserved range an IP literal host (as URL writes it: IPv4 dotted,
 * IPv6 in brackets) falls in, or undefined for a public one or a name.
 */
function reservedRange(host: string): string | undefined {
  const v4 = ipv4Octets(host);
  if (v4) return ipv4Range(v4);
  if (host.startsWith('[') && host.endsWith(']')) return ipv6Range(host.slice(1, -1));
  return undefined;
}

function ipv4Octets(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

function ipv4Range([a, b]: number[]): string | undefined {
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b! >= 64 && b! <= 127) return 'private (CGNAT)';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 0) return 'unspecified';
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (URL has already checked and compressed it). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address;
  // A dotted IPv4 tail (URL rewrites it to hex, but be safe): two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const octets = ipv4Octets(tail[1]!);
    if (!octets) return undefined;
    text = `${text.slice(0, -tail[1]!.length)}${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const first = parse(head);
  const last = parse(rest);
  const groups = text.includes('::') ? [...first, ...Array(8 - first.length - last.length).fill(0), ...last] : first;
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff)
    ? groups
    : undefined;
}

function ipv6Range(address: string): string | undefined {
  const groups = ipv6Groups(address);
  if (!groups) return 'unrecognised';
  const zeroesBefore = (n: number) => groups.slice(0, n).every((group) => group === 0);
  if (zeroesBefore(8)) return 'unspecified';
  if (zeroesBefore(7) && groups[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d): the IPv4 address's range.
  if (zeroesBefore(5) && groups[5] === 0xffff)
    return ipv4Range([groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff]);
  if ((groups[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((groups[0]! & 0xfe00) === 0xfc00) return 'unique-local';
  return undefined;
}

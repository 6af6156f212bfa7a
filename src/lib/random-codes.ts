/**
 * Random promotion codes that people can read out and type: letters and
 * digits without the look-alikes 0/O and 1/I. The alphabet has 32 symbols,
 * so a random byte's low five bits pick one without bias.
 */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** `count` distinct codes, each `prefix` then `length` random symbols, from crypto.getRandomValues. */
export function randomCodes(count: number, length: number, prefix = ''): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const bytes = crypto.getRandomValues(new Uint8Array((count - codes.size) * length));
    for (let start = 0; start < bytes.length; start += length) {
      let code = prefix;
      for (const byte of bytes.subarray(start, start + length)) code += ALPHABET[byte & 31];
      codes.add(code);
    }
  }
  return [...codes];
}

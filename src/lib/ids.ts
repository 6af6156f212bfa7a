import { toHex } from './encoding';

/** The millisecond of the last id made here, and the counter within it. */
let lastMs = -1;
let counter = 0;

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, 12 bits of a
 * counter, then random bits. Ids are made in the Worker, not the database,
 * so that a multi-row write can be one batch of statements that do not need
 * each other's results; being time-ordered keeps primary-key indexes compact
 * and gives lists a stable order.
 *
 * The counter (RFC 9562's method 1) makes ids of the same millisecond
 * increase in the order they were made, so rows written together (a cart's
 * items) list in that order too. It starts each millisecond at a random
 * value below 2048, which leaves room for 2048 ids in one millisecond; past
 * that, order within the millisecond is random again.
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  if (now === lastMs && counter < 0xfff) counter++;
  else if (now !== lastMs) counter = ((bytes[6]! & 0x07) << 8) | bytes[7]!;
  lastMs = now;
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = (from: number, to: number) => toHex(bytes.subarray(from, to));
  return `${hex(0, 4)}-${hex(4, 6)}-${hex(6, 8)}-${hex(8, 10)}-${hex(10, 16)}`;
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is a UUID in its usual text form (any version), so that it can be compared with a uuid column. */
export function isUuid(text: string): boolean {
  return UUID_TEXT.test(text);
}

/**
 * The local server's fault switch, for tests and development only: it makes
 * the next `/sql` requests fail the way a database outage fails them at the
 * edge, so that the Worker's answers to an outage can be tested end to end.
 *
 * - `refuse`: answer 503 without running anything, as a proxy answers when
 *   it cannot reach its database (the driver reports a server error).
 * - `reset`: close the connection without running anything or answering
 *   (the driver's fetch throws).
 * - `drop-answer`: run the request, transaction and COMMIT included, then
 *   close the connection instead of answering: the ambiguous failure, where
 *   the client cannot tell whether its write took effect.
 * - `off`: serve normally.
 *
 * A fault lasts `count` requests, or until switched off when no count is given.
 */

export type FaultMode = 'refuse' | 'reset' | 'drop-answer';

/** The switch's setting: `remaining` is null for a fault that lasts until switched off. */
export type Fault = { mode: 'off' } | { mode: FaultMode; remaining: number | null };

const MODES: ReadonlySet<string> = new Set<FaultMode>(['refuse', 'reset', 'drop-answer']);

/** The setting a `POST /__faults` body asks for, `{mode, count?}`; throws a `TypeError` that says what is wrong. */
export function parseFault(body: unknown): Fault {
  const { mode, count } = (typeof body === 'object' && body !== null ? body : {}) as {
    mode?: unknown;
    count?: unknown;
  };
  if (mode === 'off') return { mode: 'off' };
  if (typeof mode !== 'string' || !MODES.has(mode)) {
    throw new TypeError('"mode" must be one of off, refuse, reset, drop-answer');
  }
  if (count !== undefined && !(Number.isInteger(count) && (count as number) >= 1)) {
    throw new TypeError('"count" must be a positive integer, or absent for a fault that lasts until switched off');
  }
  return { mode: mode as FaultMode, remaining: (count as number | undefined) ?? null };
}

/** Holds the current fault and hands it to requests one at a time. */
export class FaultSwitch {
  private fault: Fault = { mode: 'off' };

  set(fault: Fault): void {
    this.fault = fault;
  }

  current(): Fault {
    return { ...this.fault };
  }

  /** The fault the request now arriving suffers, if any; a counted fault switches itself off after its last request. */
  take(): FaultMode | undefined {
    const fault = this.fault;
    if (fault.mode === 'off') return undefined;
    if (fault.remaining !== null && --fault.remaining === 0) this.fault = { mode: 'off' };
    return fault.mode;
  }
}

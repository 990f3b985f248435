import type { AceErrorData, ErrorCode } from '../../contract/errors';

/** The one error type the core throws; the dispatcher turns it into `{ ok: false, error }`. */
export class AceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AceError';
  }

  toData(): AceErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAceError(e: unknown): e is AceError {
  return e instanceof AceError;
}

/** The database's own words behind an error: the cause the worker gave (details.cause), else its message. */
export function causeOf(e: unknown): string {
  const inner = (e as { details?: { cause?: unknown } } | null)?.details?.cause;
  return typeof inner === 'string' ? inner : e instanceof Error ? e.message : String(e);
}

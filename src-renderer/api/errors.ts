import type { AceErrorData, ErrorCode } from '../../src-main/contract/errors';

/** An API error on the renderer side: the core's code and message, ready to show. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(data: AceErrorData) {
    super(data.message);
    this.code = data.code;
    this.details = data.details;
  }
}

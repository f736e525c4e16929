// One error type with a stable code, so callers (CLI, page, Node bridge) can tell failures apart
// and print a single clear line.

export type FudeErrorCode =
  | 'no-webgl2'
  | 'no-float-targets'
  | 'shader-compile'
  | 'context-lost'
  | 'nan'
  | 'bad-input'
  | 'bad-option'
  | 'no-browser'
  | 'io'
  | 'no-redis'
  | 'aborted'
  | 'disposed'
  | 'browser-crashed'
  | 'internal';

export class FudeError extends Error {
  readonly code: FudeErrorCode;
  constructor(code: FudeErrorCode, message: string) {
    super(message);
    this.name = 'FudeError';
    this.code = code;
  }
}

export function isFudeError(e: unknown): e is FudeError {
  return e instanceof Error && e.name === 'FudeError' && typeof (e as FudeError).code === 'string';
}

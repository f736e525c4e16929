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

/** A value as an error message shows it: what it is, not how it prints (a string "500" is not the number 500). */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  const kind = typeof value !== 'object' ? typeof value : !value.constructor || value.constructor === Object ? 'object' : value.constructor.name;
  return `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}`;
}

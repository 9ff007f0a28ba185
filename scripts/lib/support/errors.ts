// Turning anything thrown into the short text a warning or a skip reason carries. One place, so a
// message reads the same whichever stage caught the error.

/** The message of an Error, or the thrown value as text (a string, a number, anything). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The system error code when there is one (`ENOENT`, `EACCES`, `EISDIR`), else errorMessage. For
 * reasons that are counted and listed per file: a code is short, stable across platforms and free
 * of the path the caller already names.
 */
export function errorCodeOrMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return errorMessage(error);
}

// The contract's version on its own, so code that only needs the number (the report memo's key,
// on the statusline's fast path) does not load the valibot schema with it.

/** Bump when a field changes meaning or disappears; additions keep the version. */
export const SCHEMA_VERSION = 1;

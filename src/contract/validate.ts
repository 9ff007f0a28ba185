// A tiny runtime validator with static type inference, so the contract is written once and checked
// everywhere (writer, server, UI) without a schema dependency in the browser bundle.

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export interface Schema<T> {
  /**
   * Validate `value`; never throws. Errors carry a JSON path ("$.daily[3].date: ..."). The value
   * returned is a copy holding only what the schema names: unknown keys never get through.
   */
  check(value: unknown): ValidationResult<T>;
  /** @internal collects errors into `errors`, returns whether the value passed. */
  visit(value: unknown, path: string, errors: string[]): boolean;
  /** @internal copies an already valid value, keeping only the keys the schema names. */
  project(value: unknown): T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

type Shape = Record<string, Schema<unknown>>;
type ObjectOf<S extends Shape> = { [K in keyof S]: Infer<S[K]> };

export interface ObjectSchema<S extends Shape> extends Schema<ObjectOf<S>> {
  readonly shape: S;
}

const MAX_ERRORS = 20;

const identity = <T>(x: unknown): T => x as T;

function schema<T>(visit: Schema<T>['visit'], project: Schema<T>['project'] = identity): Schema<T> {
  return {
    visit,
    project,
    check(value) {
      const errors: string[] = [];
      return visit(value, '$', errors) ? { ok: true, value: project(value) } : { ok: false, errors };
    },
  };
}

function fail(errors: string[], path: string, message: string): false {
  if (errors.length < MAX_ERRORS) errors.push(`${path}: ${message}`);
  return false;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export const v = {
  string: () => schema<string>((x, p, e) => typeof x === 'string' || fail(e, p, `expected string, got ${describe(x)}`)),
  boolean: () =>
    schema<boolean>((x, p, e) => typeof x === 'boolean' || fail(e, p, `expected boolean, got ${describe(x)}`)),
  /** A finite number >= 0. */
  nonNegative: () =>
    schema<number>(
      (x, p, e) =>
        (typeof x === 'number' && Number.isFinite(x) && x >= 0) ||
        fail(e, p, `expected finite number >= 0, got ${describe(x)} ${String(x)}`),
    ),
  range: (min: number, max: number) =>
    schema<number>(
      (x, p, e) =>
        (typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max) ||
        fail(e, p, `expected number in [${min}, ${max}], got ${String(x)}`),
    ),
  literal: <T extends string | number | boolean>(lit: T) =>
    schema<T>((x, p, e) => x === lit || fail(e, p, `expected ${JSON.stringify(lit)}, got ${String(x)}`)),
  oneOf: <const T extends readonly string[]>(values: T) =>
    schema<T[number]>(
      (x, p, e) =>
        (typeof x === 'string' && values.includes(x)) ||
        fail(e, p, `expected one of ${values.join(', ')}, got ${String(x).slice(0, 40)}`),
    ),
  pattern: (re: RegExp) =>
    schema<string>((x, p, e) => (typeof x === 'string' && re.test(x)) || fail(e, p, `expected string matching ${re}`)),
  /** ISO 8601 date-time with an offset that parses to a real instant. */
  isoDateTime: () =>
    schema<string>(
      (x, p, e) =>
        (typeof x === 'string' && ISO_RE.test(x) && !Number.isNaN(Date.parse(x))) ||
        fail(e, p, `expected ISO date-time, got ${String(x).slice(0, 40)}`),
    ),
  nullable: <T>(inner: Schema<T>) =>
    schema<T | null>(
      (x, p, e) => x === null || inner.visit(x, p, e),
      (x) => (x === null ? null : inner.project(x)),
    ),
  array: <T>(item: Schema<T>, maxLength = Infinity) =>
    schema<T[]>(
      (x, p, e) => {
        if (!Array.isArray(x)) return fail(e, p, `expected array, got ${describe(x)}`);
        if (x.length > maxLength) return fail(e, p, `expected at most ${maxLength} items, got ${x.length}`);
        let ok = true;
        for (let i = 0; i < x.length; i++) ok = item.visit(x[i], `${p}[${i}]`, e) && ok;
        return ok;
      },
      (x) => (x as unknown[]).map((i) => item.project(i)),
    ),
  record: <T>(item: Schema<T>) =>
    schema<Record<string, T>>(
      (x, p, e) => {
        if (typeof x !== 'object' || x === null || Array.isArray(x))
          return fail(e, p, `expected object, got ${describe(x)}`);
        let ok = true;
        for (const [k, val] of Object.entries(x)) ok = item.visit(val, `${p}.${k}`, e) && ok;
        return ok;
      },
      (x) => Object.fromEntries(Object.entries(x as object).map(([k, val]) => [k, item.project(val)])),
    ),
  /** Every key in `shape` is required; extra keys are allowed in the input and dropped from the output. */
  object: <S extends Shape>(shape: S): ObjectSchema<S> => {
    const project = (x: unknown) => {
      const obj = x as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(shape)) out[key] = shape[key]!.project(obj[key]);
      return out as ObjectOf<S>;
    };
    const s = schema<ObjectOf<S>>((x, p, e) => {
      if (typeof x !== 'object' || x === null || Array.isArray(x))
        return fail(e, p, `expected object, got ${describe(x)}`);
      const obj = x as Record<string, unknown>;
      let ok = true;
      for (const key of Object.keys(shape)) {
        if (!(key in obj)) ok = fail(e, `${p}.${key}`, 'missing') && ok;
        else ok = shape[key]!.visit(obj[key], `${p}.${key}`, e) && ok;
      }
      return ok;
    }, project);
    return { ...s, shape };
  },
};

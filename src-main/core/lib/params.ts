import type { SqlParams } from '../db/protocol';

/** Bound parameters as numbered placeholders ($1, $2, ...): a value can be used in several places. */
export class Params {
  readonly values: SqlParams = [];
  add(v: string | number | boolean | null): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
  list(vs: readonly (string | number | boolean | null)[]): string {
    return vs.map((v) => this.add(v)).join(', ');
  }
}

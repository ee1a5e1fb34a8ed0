// Arrays from saved runs and imported files can hold hundreds of thousands of entries: spreading
// them into Math.max(...) or push(...) passes each as an argument and overflows the stack. These
// loop instead.

/** The largest value, or `empty` for none. */
export function maxOf(values: Iterable<number>, empty: number): number {
  let max = -Infinity;
  let seen = false;
  for (const value of values) {
    seen = true;
    if (value > max) max = value;
  }
  return seen ? max : empty;
}

/** The smallest value, or `empty` for none. */
export function minOf(values: Iterable<number>, empty: number): number {
  let min = Infinity;
  let seen = false;
  for (const value of values) {
    seen = true;
    if (value < min) min = value;
  }
  return seen ? min : empty;
}

/** Appends every item to target (push(...items) without the argument limit); returns target. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

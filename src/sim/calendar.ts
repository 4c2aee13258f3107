const DAY_MS = 86_400_000;

function parse(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/** Days from `start` to `date` (both YYYY-MM-DD). */
export function dayIndex(start: string, date: string): number {
  return Math.round((parse(date) - parse(start)) / DAY_MS);
}

/** The YYYY-MM-DD date `day` days after `start`. */
export function dateOf(start: string, day: number): string {
  return new Date(parse(start) + day * DAY_MS).toISOString().slice(0, 10);
}

/** "3 Dec 2020". */
export function humanDate(date: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${months[m - 1]} ${y}`;
}

/**
 * A whole number with en-US thousands separators ("100,000"), as toLocaleString('en-US') writes it, without ICU: the
 * first toLocaleString of a process sets up ICU's number formatting, a 30-45 ms step of the core (the longest one
 * left at the end of an export of 100,000 contacts, and in the import's end notification).
 */
export function thousands(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+$)/g, ',')
}

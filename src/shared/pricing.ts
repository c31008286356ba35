/**
 * Price-list rules both sides apply: the config page to check entries, the backend to price rows.
 * No validation library here: the frontend imports this.
 */

/**
 * How model names are matched: without case, without a RAGFlow `@factory` suffix or a `provider/`
 * prefix ("OpenAI/GPT-4o@OpenAI" → "gpt-4o"). The backend's SQL applies the same rule.
 */
export function modelKey(name: string): string {
  return (name.split('@')[0].split('/').pop() ?? '').toLowerCase();
}

/** How a day is written in the settings: YYYY-MM-DD (UTC). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real day written YYYY-MM-DD (2025-02-30 parses, rolled over into March: refused). */
export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) {
    return false;
  }
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

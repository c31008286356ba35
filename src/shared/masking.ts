/**
 * Masks personal data in results for users who may not see it: e-mail addresses become `[EMAIL]`
 * and token-like strings (API keys, bearer tokens, long secrets) become `[TOKEN]`, in every text
 * value, JSON audit details included (masking the text keeps the JSON valid: the replacements
 * contain no quote or backslash).
 */

/** The usual addr-spec shape; wide enough for what applications log, narrow enough not to eat prose. */
export const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/**
 * Token-like: a known key prefix (sk-, ragflow-, ghp_, xox…-, Bearer …) followed by a long run, or
 * any run of 32+ characters from the base64url alphabet that mixes letters and digits. 32-hex ids
 * (RAGFlow's uuid1().hex user and tenant ids) are identifiers, not secrets, and are kept.
 */
const PREFIXED_TOKEN =
  /\b(?:sk|pk|rk|ragflow|ghp|gho|ghu|ghs|xox[abpr])[-_][A-Za-z0-9_-]{16,}|\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/g;
const LONG_RUN = /[A-Za-z0-9_-]{32,}/g;
const HEX_ID = /^[0-9a-f]{32}$/;

function maskLongRuns(text: string): string {
  return text.replace(LONG_RUN, (run) =>
    HEX_ID.test(run) || !/[A-Za-z]/.test(run) || !/[0-9]/.test(run) ? run : '[TOKEN]'
  );
}

export function maskText(text: string): string {
  return maskLongRuns(text.replace(EMAIL_PATTERN, '[EMAIL]').replace(PREFIXED_TOKEN, '[TOKEN]'));
}

/** Masks a value of any column: strings are masked, everything else passes unchanged. */
export function maskValue<T>(value: T): T {
  return (typeof value === 'string' ? maskText(value) : value) as T;
}

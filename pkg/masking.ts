/**
 * The masking rules live in the shared contract (src/shared/masking.ts) because the ingest applies
 * them to audit details before storing them, and the datasource to results a role may not see.
 */
export { EMAIL_PATTERN, maskText, maskValue } from '../src/shared/masking';

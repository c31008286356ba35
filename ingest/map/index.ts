/** The map stage: decoded spans → ledger rows (pure), and the leaf-wins rule the writer shares. */
export { mapSpans } from './mapSpans';
export { winner } from './leafWins';
export type { Winner } from './leafWins';

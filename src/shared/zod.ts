/**
 * zod/mini with English messages, for every schema of the contract. zod/mini (not classic zod)
 * keeps the backend bundle and its load time small; it ships no messages unless a locale is
 * configured. Import it as `import * as z from './zod'`: named re-exports keep tree-shaking working
 * (a re-exported namespace object would pull in all of zod), and the English locale is imported
 * from its own file so that the other locales stay out.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

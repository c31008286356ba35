/**
 * zod/mini with English messages, for every schema of the contract. zod/mini (not classic zod)
 * keeps the backend bundle and its load time small (~24 KiB instead of ~450 KiB); it ships no
 * messages unless a locale is configured, so import `z` from here, never from 'zod/mini' directly.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());

export { z };

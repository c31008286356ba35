// Writes a generated file, or with `--check` (as CI runs it) fails when the checked-in copy differs.
import { readFileSync, writeFileSync } from 'node:fs';

export function writeOrCheck(outFile, text, { command, what }) {
  if (!process.argv.includes('--check')) {
    writeFileSync(outFile, text);
    console.log(`wrote ${outFile}`);
    return;
  }
  let current = '';
  try {
    current = readFileSync(outFile, 'utf8');
  } catch {}
  if (current !== text) {
    console.error(`${outFile} is out of date: run ${command}`);
    process.exit(1);
  }
  console.log(`${what} is up to date`);
}

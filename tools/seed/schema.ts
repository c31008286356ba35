/**
 * Applying the DDL files in schema/mysql: finding them (from the sources or from a bundle in
 * .build/) and splitting a file into statements without being fooled by semicolons or quotes
 * inside comments, strings or quoted identifiers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Anything with mysql2's `query(sql)` (a connection of mysql2/promise). */
export interface Queryable {
  query(sql: string): Promise<unknown>;
}

/** The repository's schema/mysql directory: looked up from this file upwards, then from the working directory. */
export function schemaDir(): string {
  for (const from of [__dirname, process.cwd()]) {
    let dir = from;
    for (;;) {
      const candidate = join(dir, 'schema', 'mysql');
      if (existsSync(join(candidate, '001_ledger.sql'))) {
        return candidate;
      }
      const parent = dirname(dir);
      if (parent === dir) {
        break;
      }
      dir = parent;
    }
  }
  throw new Error(`schema/mysql/001_ledger.sql not found above ${__dirname} or ${process.cwd()}`);
}

export const LEDGER_SCHEMA = '001_ledger.sql';
export const PARTITIONED_SCHEMA = join('partitioned', '001_ledger_partitioned.sql');
export const READONLY_USER_SCHEMA = '002_readonly_user.sql';

/**
 * The statements of a SQL script, comments removed, without the trailing `;`. Understands `-- `,
 * `#` and `/* *\/` comments (`/*! ... *\/` version comments are kept: they are code), '...',
 * "..." and `...` quoting with backslash and doubled-quote escapes. DELIMITER is not supported.
 */
export function splitSqlStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  const n = sql.length;
  const flush = () => {
    const text = current.trim();
    if (text.length > 0) {
      if (/^delimiter\s/i.test(text)) {
        throw new Error('DELIMITER is not supported');
      }
      statements.push(text);
    }
    current = '';
  };
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-' && (i + 2 >= n || /\s/.test(sql[i + 2]!))) {
      // `-- ` comment: up to the end of the line (the newline is kept as whitespace).
      while (i < n && sql[i] !== '\n') {
        i++;
      }
      continue;
    }
    if (c === '#') {
      while (i < n && sql[i] !== '\n') {
        i++;
      }
      continue;
    }
    if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) {
        throw new Error('unterminated /* comment');
      }
      if (sql[i + 2] === '!' || sql.startsWith('/*M!', i)) {
        // /*! ... */ and MariaDB's /*M! ... */: executable comments stay in the statement.
        current += sql.slice(i, end + 2);
      } else {
        current += ' ';
      }
      i = end + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      for (;;) {
        if (j >= n) {
          throw new Error(`unterminated ${c} quote`);
        }
        const d = sql[j]!;
        if (d === '\\' && c !== '`') {
          j += 2;
          continue;
        }
        if (d === c) {
          if (sql[j + 1] === c) {
            j += 2; // doubled quote
            continue;
          }
          break;
        }
        j++;
      }
      current += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === ';') {
      flush();
      i++;
      continue;
    }
    current += c;
    i++;
  }
  flush();
  return statements;
}

/** Runs every statement of a schema file (relative to schema/mysql unless absolute), in order. */
export async function applySchemaFile(conn: Queryable, file: string = LEDGER_SCHEMA): Promise<number> {
  const path = file.startsWith('/') ? file : join(schemaDir(), file);
  const statements = splitSqlStatements(readFileSync(path, 'utf8'));
  for (const statement of statements) {
    await conn.query(statement);
  }
  return statements.length;
}

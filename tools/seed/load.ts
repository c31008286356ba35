/**
 * Streams Buffers of TSV into `LOAD DATA LOCAL INFILE` through mysql2's `infileStreamFactory`.
 * mysql2 writes every chunk to the socket as soon as it gets it, so the generator waits for the
 * socket to drain when too much is queued: memory stays flat however many rows go in.
 */
import { once, type EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { Connection, ResultSetHeader } from 'mysql2/promise';

/** Bytes queued on the socket above which generation pauses. */
const HIGH_WATER = 8 * 1024 * 1024;

/** The part of net.Socket the pacing needs. */
interface Writable extends EventEmitter {
  writableLength: number;
}

/** The socket under a mysql2/promise connection, when it can be found. */
function socketOf(conn: Connection): Writable | undefined {
  const core = (conn as unknown as { connection?: { stream?: Writable } }).connection;
  const stream = core?.stream;
  return stream && typeof stream.writableLength === 'number' ? stream : undefined;
}

async function* paced(chunks: Iterable<Buffer>, socket: Writable | undefined): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    if (socket && socket.writableLength > HIGH_WATER) {
      await Promise.race([once(socket, 'drain'), once(socket, 'close')]);
    }
    yield chunk;
  }
}

export interface LoadResult {
  rows: number;
  bytes: number;
  ms: number;
}

/**
 * `LOAD DATA LOCAL INFILE` of `chunks` into `table`. Fails unless exactly `expectedRows` rows went
 * in without warnings (LOCAL turns duplicate keys and bad values into warnings, not errors).
 */
export async function loadTsv(
  conn: Connection,
  table: string,
  columns: string,
  chunks: Iterable<Buffer>,
  expectedRows: number
): Promise<LoadResult> {
  const started = performance.now();
  let bytes = 0;
  const counted = (function* () {
    for (const chunk of chunks) {
      bytes += chunk.length;
      yield chunk;
    }
  })();
  const sql =
    `LOAD DATA LOCAL INFILE '${table}.tsv' INTO TABLE \`${table}\` CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ${columns}`;
  let result: ResultSetHeader;
  try {
    [result] = await conn.query<ResultSetHeader>({
      sql,
      infileStreamFactory: () => Readable.from(paced(counted, socketOf(conn))),
    });
  } catch (err) {
    // 1148 ER_NOT_ALLOWED_COMMAND, 3948 ER_CLIENT_LOCAL_FILES_DISABLED (MySQL 8), 4166 (MariaDB)
    const errno = (err as { errno?: number }).errno;
    if (errno === 1148 || errno === 3948 || errno === 4166) {
      throw new Error(
        `the server refuses LOAD DATA LOCAL INFILE (error ${errno}): enable it with SET GLOBAL local_infile = 1 ` +
          '(MySQL 8 turns it off by default; MariaDB: --local-infile=1)'
      );
    }
    throw err;
  }
  if (result.warningStatus > 0 || result.affectedRows !== expectedRows) {
    const [warnings] = await conn.query('SHOW WARNINGS LIMIT 5');
    throw new Error(
      `LOAD DATA into ${table}: ${result.affectedRows} of ${expectedRows} rows, ` +
        `${result.warningStatus} warnings: ${JSON.stringify(warnings)}`
    );
  }
  return { rows: result.affectedRows, bytes, ms: performance.now() - started };
}

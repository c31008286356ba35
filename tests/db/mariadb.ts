/**
 * A throwaway MySQL-compatible database for tests.
 *
 * By default it starts a private MariaDB from Debian's binaries (`mariadb-install-db` and
 * `mariadbd`, package mariadb-server): `--no-defaults` so /etc/mysql stays out of it, a data
 * directory in a temporary folder, a free TCP port on 127.0.0.1, `--local-infile=1`, a small redo
 * log; ready in about a second. `stop()` shuts it down and removes the folder.
 *
 * With MYSQL_URL set (mysql://user:password@host:port[/db], e.g. a MySQL 8 server) it uses that
 * server instead: a fresh database with a random name, dropped by `stop()`. That server needs
 * `local_infile=ON` for the seed loader.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2/promise';
import { applySchemaFile, LEDGER_SCHEMA, splitSqlStatements, type Queryable } from '../../tools/seed/schema';

export { splitSqlStatements };

export interface TestDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** mysql://user:password@host:port/database */
  url: string;
  /** 'mariadb' when this helper started the server, 'external' for MYSQL_URL. */
  kind: 'mariadb' | 'external';
  /** mysql2 options for this database (UTC, DATETIME as strings). */
  options: ConnectionOptions;
  /** A new connection to the database (close it yourself). */
  connect(): Promise<Connection>;
  /** Stops the server and removes its files (or drops the database on MYSQL_URL). */
  stop(): Promise<void>;
  /**
   * Only for the MariaDB this helper started: kills the server with SIGKILL (a crash: no clean
   * shutdown, transactions in flight are lost), and starts it again on the same port and data.
   */
  crash?(): Promise<void>;
  restart?(): Promise<void>;
}

export interface StartOptions {
  /** Database to create (default `ledger`; with MYSQL_URL a random name). */
  database?: string;
  /** InnoDB buffer pool (default 512M). */
  bufferPool?: string;
  /** InnoDB redo log size (default 32M). */
  redoLog?: string;
  /** Ignore MYSQL_URL and always start MariaDB. */
  local?: boolean;
  /** More mariadbd options, e.g. ['--innodb-stats-auto-recalc=0']. */
  serverArgs?: string[];
}

/** Runs the statements of schema/mysql/001_ledger.sql (or another file under schema/mysql). */
export async function applySchema(conn: Queryable, file: string = LEDGER_SCHEMA): Promise<number> {
  return applySchemaFile(conn, file);
}

export async function startDatabase(options: StartOptions = {}): Promise<TestDatabase> {
  const external = process.env.MYSQL_URL;
  if (external && !options.local) {
    return useExternal(external, options);
  }
  return startMariaDb(options);
}

function urlOf(user: string, password: string, host: string, port: number, database: string): string {
  const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user);
  return `mysql://${auth}@${host}:${port}/${encodeURIComponent(database)}`;
}

function baseOptions(host: string, port: number, user: string, password: string): ConnectionOptions {
  return { host, port, user, password, timezone: 'Z', dateStrings: true, supportBigNumbers: true };
}

function handle(
  kind: TestDatabase['kind'],
  host: string,
  port: number,
  user: string,
  password: string,
  database: string,
  stop: () => Promise<void>
): TestDatabase {
  const options = { ...baseOptions(host, port, user, password), database };
  return {
    host,
    port,
    user,
    password,
    database,
    url: urlOf(user, password, host, port, database),
    kind,
    options,
    connect: () => createConnection(options),
    stop,
  };
}

async function useExternal(url: string, options: StartOptions): Promise<TestDatabase> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = u.port ? Number(u.port) : 3306;
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  const database = options.database ?? `ledger_test_${randomBytes(6).toString('hex')}`;
  const admin = await createConnection(baseOptions(host, port, user, password));
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  let stopped = false;
  return handle('external', host, port, user, password, database, async () => {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    } finally {
      await admin.end();
    }
  });
}

/** Looks a program up in PATH and the sbin directories (mariadbd lives in /usr/sbin). */
function findProgram(names: string[]): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const name of names) {
    for (const dir of dirs) {
      if (dir && existsSync(join(dir, name))) {
        return join(dir, name);
      }
    }
  }
  throw new Error(
    `${names[0]} not found: install MariaDB (apt-get install -y --no-install-recommends mariadb-server ` +
      'mariadb-client) or set MYSQL_URL'
  );
}

/** A port nothing listens on now, on 127.0.0.1 (for a server started next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Servers of this process, killed if the process exits without stopping them. */
const running = new Set<{ child: ChildProcess; dir: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) {
    return;
  }
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const { child, dir } of running) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function startMariaDb(options: StartOptions): Promise<TestDatabase> {
  const installDb = findProgram(['mariadb-install-db', 'mysql_install_db']);
  const mariadbd = findProgram(['mariadbd', 'mysqld']);
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'ledger-mariadb-'));
  const dataDir = join(dir, 'data');
  const errorLog = join(dir, 'error.log');
  const redoLog = options.redoLog ?? '32M';
  const userArgs = asRoot ? ['--user=root'] : [];
  try {
    const install = spawnSync(
      installDb,
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        ...userArgs,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        `--innodb-log-file-size=${redoLog}`,
      ],
      { encoding: 'utf8', timeout: 60000 }
    );
    if (install.status !== 0) {
      throw new Error(`${installDb} failed (${install.status}): ${install.stderr || install.stdout}`);
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  installExitHook();
  const launch = (port: number) => {
    const child = spawn(
      mariadbd,
      [
        '--no-defaults',
        ...userArgs,
        `--datadir=${dataDir}`,
        `--socket=${join(dir, 'mariadb.sock')}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--pid-file=${join(dir, 'mariadb.pid')}`,
        `--log-error=${errorLog}`,
        '--skip-name-resolve',
        '--local-infile=1',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        '--default-time-zone=+00:00',
        `--innodb-buffer-pool-size=${options.bufferPool ?? '512M'}`,
        `--innodb-log-file-size=${redoLog}`,
        '--innodb-flush-log-at-trx-commit=2',
        '--innodb-doublewrite=0',
        // The files are deleted afterwards: no final checkpoint needed.
        '--innodb-fast-shutdown=3',
        '--skip-log-bin',
        '--max-connections=200',
        ...(options.serverArgs ?? []),
      ],
      { stdio: 'ignore' }
    );
    const entry = { child, dir };
    running.add(entry);
    const server = { child, exited: false, exitedPromise: Promise.resolve() };
    server.exitedPromise = new Promise<void>((resolve) => {
      child.once('exit', () => {
        server.exited = true;
        running.delete(entry);
        resolve();
      });
    });
    return server;
  };
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    let server = launch(port);
    try {
      await waitUntilReady(port, () => server.exited, errorLog);
    } catch (err) {
      lastError = err;
      server.child.kill('SIGKILL');
      await server.exitedPromise;
      if (/Address already in use|Bind on TCP\/IP port/i.test(tail(errorLog, 40))) {
        continue; // someone took the port in the meantime: try another
      }
      break;
    }
    const database = options.database ?? 'ledger';
    const admin = await createConnection(baseOptions('127.0.0.1', port, 'root', ''));
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    let stopped: Promise<void> | undefined;
    const db = handle('mariadb', '127.0.0.1', port, 'root', '', database, () => {
      stopped ??= (async () => {
        if (!server.exited) {
          server.child.kill('SIGTERM');
          const timer = setTimeout(() => server.child.kill('SIGKILL'), 20000);
          await server.exitedPromise;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    });
    db.crash = async () => {
      server.child.kill('SIGKILL');
      await server.exitedPromise;
    };
    db.restart = async () => {
      if (!server.exited) {
        throw new Error('restart() after crash()');
      }
      server = launch(port);
      await waitUntilReady(port, () => server.exited, errorLog);
    };
    return db;
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

async function waitUntilReady(port: number, hasExited: () => boolean, errorLog: string): Promise<void> {
  const deadline = Date.now() + 30000;
  for (;;) {
    if (hasExited()) {
      throw new Error(`mariadbd exited during start-up:\n${tail(errorLog)}`);
    }
    try {
      const conn = await createConnection({ ...baseOptions('127.0.0.1', port, 'root', ''), connectTimeout: 1000 });
      await conn.end();
      return;
    } catch (err) {
      if (Date.now() > deadline) {
        throw new Error(`mariadbd did not answer on port ${port} within 30 s (${String(err)}):\n${tail(errorLog)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

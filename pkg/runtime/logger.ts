/**
 * Logs as go-plugin's host expects them: one JSON object per line on stderr, which the host turns
 * into leveled Grafana log lines (hashicorp/go-plugin log_entry.go).
 *
 * The host reads `@level`, `@message` and `@timestamp` with unchecked type assertions, so all three
 * are always strings; `@timestamp` has exactly six fraction digits (Go layout
 * 2006-01-02T15:04:05.000000Z07:00) or the line degrades to plain text. Lines stay well under the
 * host's 64 KiB scanner limit. stdout is reserved for the handshake line.
 */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const LEVEL_RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };
/** Longest `@message` we write; the host drops lines over 64 KiB. */
const MAX_MESSAGE = 16 * 1024;
/** Longest value of one extra key. */
const MAX_VALUE = 4 * 1024;

export function formatTimestamp(epochMs: number, subMsMicros = 0): string {
  const iso = new Date(epochMs).toISOString(); // 2026-11-26T06:25:04.123Z
  const micros = String(subMsMicros).padStart(3, '0').slice(0, 3);
  return `${iso.slice(0, 23)}${micros}Z`;
}

function now(): string {
  // Date has ms precision; performance adds the microseconds so lines written in the same ms keep order.
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000) % 1000;
  return formatTimestamp(Date.now(), micros);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…(truncated)` : text;
}

function stringifyValue(value: unknown): unknown {
  if (value instanceof Error) {
    return truncate(value.message, MAX_VALUE);
  }
  if (typeof value === 'string') {
    return truncate(value, MAX_VALUE);
  }
  // go-plugin decodes JSON numbers as float64 and hclog prints big ones as 1.7e+12: write large
  // integers (epoch ms, byte counts) as text so they read as they are.
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e6) {
    return String(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return value;
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  try {
    return truncate(JSON.stringify(value) ?? String(value), MAX_VALUE);
  } catch {
    return String(value);
  }
}

export interface LogSink {
  write(line: string): void;
}

/**
 * stderr, until it breaks: when Grafana dies, the pipe has no reader and writes fail with EPIPE
 * (asynchronously, as an 'error' event). Logging must then go quiet rather than crash the plugin
 * before it has cleaned up and exited.
 */
let stderrBroken = false;
const stderrSink: LogSink = {
  write(line) {
    if (stderrBroken) {
      return;
    }
    if (process.stderr.listenerCount('error') === 0) {
      process.stderr.on('error', () => {
        stderrBroken = true;
      });
    }
    try {
      process.stderr.write(line);
    } catch {
      stderrBroken = true;
    }
  },
};

export class Logger {
  constructor(
    private readonly sink: LogSink = stderrSink,
    private readonly minLevel: LogLevel = 'debug',
    private readonly bound: LogFields = {}
  ) {}

  /** A logger whose lines carry `fields` too (e.g. the datasource uid). */
  with(fields: LogFields): Logger {
    return new Logger(this.sink, this.minLevel, { ...this.bound, ...fields });
  }

  trace(message: string, fields?: LogFields): void {
    this.log('trace', message, fields);
  }
  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }

  log(level: LogLevel, message: string, fields?: LogFields): void {
    if (LEVEL_RANK[level] < LEVEL_RANK[this.minLevel]) {
      return;
    }
    const entry: Record<string, unknown> = {
      '@level': level,
      '@message': truncate(String(message), MAX_MESSAGE),
      '@timestamp': now(),
    };
    for (const source of [this.bound, fields]) {
      if (!source) {
        continue;
      }
      for (const [key, value] of Object.entries(source)) {
        // `@`-keys are the host's; a caller's field must not overwrite them with a non-string.
        if (value !== undefined && !key.startsWith('@')) {
          entry[key] = stringifyValue(value);
        }
      }
    }
    this.sink.write(`${JSON.stringify(entry)}\n`);
  }
}

/** Level from GF_PLUGIN_LOG_LEVEL (an ini key `[plugin.llmops-ledger-datasource] log_level`), default debug. */
export function levelFromEnv(value: string | undefined): LogLevel {
  const v = (value ?? '').toLowerCase();
  return v in LEVEL_RANK ? (v as LogLevel) : 'debug';
}

export const logger = new Logger(stderrSink, levelFromEnv(process.env.GF_PLUGIN_LOG_LEVEL));

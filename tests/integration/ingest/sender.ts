/** Runs sender.mjs (OpenTelemetry's SDK and exporters in their own process) and returns what it did. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpanSpec {
  ref: string;
  name: string;
  parent?: string;
  attributes: Record<string, string | number | boolean>;
  startMs: number;
  durationMs?: number;
  error?: string;
}

export interface SendSpec {
  url: string;
  encoding: 'protobuf' | 'json';
  key: string | null;
  resource?: Record<string, string>;
  timeoutMillis?: number;
  spans: SpanSpec[];
  batches: string[][];
  resendUntilOk?: boolean;
  gapMs?: number;
}

export interface SendResult {
  ids: Record<string, { traceId: string; spanId: string }>;
  batches: Array<{ ok: boolean; attempts: number; error?: string }>;
}

const dir = mkdtempSync(join(tmpdir(), 'llmops-sender-'));
let n = 0;

export function sendSpans(spec: SendSpec): Promise<SendResult> {
  const file = join(dir, `spec-${n++}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [join(__dirname, 'sender.mjs'), file],
      { maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`sender failed: ${err.message}\n${stderr}`));
        } else {
          resolve(JSON.parse(stdout) as SendResult);
        }
      }
    )
  );
}

/** All spans in one export. */
export const oneBatch = (spans: SpanSpec[]) => [spans.map((s) => s.ref)];

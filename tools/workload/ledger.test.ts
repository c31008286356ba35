import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaDir } from '../seed/schema';
import {
  AUDIT_COLUMNS,
  AUDIT_INSERT,
  auditValues,
  USAGE_COLUMNS,
  USAGE_INSERT,
  usageValues,
  writeRows,
} from './ledger';
import { Scenario } from './scenario';

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0, 250);

/** Column names of a CREATE TABLE in schema/mysql/001_ledger.sql. */
function schemaColumns(table: string): string[] {
  const sql = readFileSync(join(schemaDir(), '001_ledger.sql'), 'utf8');
  const body = sql.slice(sql.indexOf(`CREATE TABLE IF NOT EXISTS ${table} (`));
  const columns: string[] = [];
  for (const line of body.split('\n').slice(1)) {
    const m = /^\s+`?([a-z_]+)`?\s+(VARCHAR|INT|BIGINT|DATETIME|DECIMAL|LONGTEXT)/.exec(line);
    if (m) {
      columns.push(m[1]!);
    } else if (/^\s+PRIMARY KEY/.test(line)) {
      break;
    }
  }
  return columns;
}

describe('ledger rows', () => {
  const s = new Scenario('ledger-test');
  const reqs = Array.from({ length: 1500 }, (_, i) => s.next(T0 + i * 500));
  const usage = reqs.flatMap((r) => r.usage);
  const audit = reqs.flatMap((r) => r.audit);

  it('name exactly the columns of the schema', () => {
    // The trace columns are optional: the ingest fills them from spans; rows written directly have none.
    const traceColumns = ['trace_id', 'span_id', 'parent_span_id'];
    expect([...USAGE_COLUMNS].sort()).toEqual(
      schemaColumns('token_usage_log')
        .filter((c) => !traceColumns.includes(c))
        .sort()
    );
    expect([...AUDIT_COLUMNS].sort()).toEqual(schemaColumns('audit_log').sort());
  });

  it('insert with one placeholder per column', () => {
    expect(USAGE_INSERT.match(/\?/g)).toHaveLength(USAGE_COLUMNS.length);
    expect(AUDIT_INSERT.match(/\?/g)).toHaveLength(AUDIT_COLUMNS.length);
    expect(USAGE_INSERT).toMatch(/^INSERT INTO `token_usage_log` \(`id`, /);
  });

  it('give values that fit the column types', () => {
    expect(usage.length).toBeGreaterThan(1000);
    for (const row of usage) {
      const v = Object.fromEntries(USAGE_COLUMNS.map((c, i) => [c, usageValues(row)[i]]));
      expect(v.id).toMatch(/^[0-9a-f]{32}$/);
      expect(v.tenant_id).toMatch(/^[0-9a-f]{32}$/);
      expect(v.user_id === null || /^[0-9a-f]{32}$/.test(String(v.user_id))).toBe(true);
      expect(['chat', 'embedding', 'rerank']).toContain(v.model_type);
      expect(['ok', 'error', 'timeout']).toContain(v.status);
      expect(Number.isInteger(v.input_tokens) && Number(v.input_tokens) >= 0).toBe(true);
      expect(v.cost === null || /^\d+\.\d{8}$/.test(String(v.cost))).toBe(true);
      expect(v.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
      expect(v.create_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(v.create_time).toBe(row.time);
      expect(v.update_time).toBe(row.time);
      expect(String(v.timestamp).slice(0, 19)).toBe(v.create_date);
      expect(new Date(`${String(v.timestamp).replace(' ', 'T')}Z`).getTime()).toBe(row.time);
    }
    for (const row of audit) {
      const v = Object.fromEntries(AUDIT_COLUMNS.map((c, i) => [c, auditValues(row)[i]]));
      expect(v.id).toMatch(/^[0-9a-f]{32}$/);
      expect(() => JSON.parse(String(v.details))).not.toThrow();
      expect(v.create_time).toBe(row.time);
    }
  });

  it('writes usage rows before audit rows through execute()', async () => {
    const calls: Array<[string, unknown[]]> = [];
    const login = reqs.find((r) => r.audit.length > 0)!;
    const chat = reqs.find((r) => r.usage.length > 1)!;
    await writeRows({ execute: async (sql, values) => void calls.push([sql, values]) }, chat.usage, login.audit);
    expect(calls.map(([sql]) => sql)).toEqual([...chat.usage.map(() => USAGE_INSERT), AUDIT_INSERT]);
    expect(calls[0]![1]).toEqual(usageValues(chat.usage[0]!));
  });
});

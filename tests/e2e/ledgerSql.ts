/**
 * The reference numbers: SQL written here, on the rows the pages read, with mysql2 in the spec
 * process. Nothing is taken from the plugin's own statements; only the built-in price catalog (data)
 * is shared, to tell the models that have a price from those that have none.
 */
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { CATALOG_PRICES } from '../../pkg/pricing/catalog.generated';

/** Epoch ms, both ends inclusive, as the datasource's time filter (and Grafana's `$__timeFilter`) is. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export interface UsageFilter {
  tenants?: string[];
  users?: string[];
  models?: string[];
}

export interface AuditFilter {
  actions?: string[];
  tenants?: string[];
  users?: string[];
  /** Details contain this text. */
  text?: string;
}

export interface UsageTotals {
  /** Sum of the stored `cost` (rows with a cost). */
  storedCost: number;
  /** Rows without a stored cost priced from the built-in catalog (no datasource prices are set). */
  estimatedCost: number;
  inputTokens: number;
  outputTokens: number;
  requests: number;
  /** Rows without a stored cost whose model has a catalog price. */
  estimatedRequests: number;
  /** Rows without a stored cost whose model has no price at all. */
  unpricedRequests: number;
}

export interface GroupCost {
  /** The tenant, user or model; null for rows without one (usage without a user). */
  key: string | null;
  /** Stored plus estimated cost, what the pages call cost. */
  cost: number;
  requests: number;
}

export interface AuditRow {
  id: string;
  time: number;
  user: string | null;
  tenant: string | null;
  action: string;
  details: string | null;
}

/** The catalog key of a model name (without `@factory`, `provider/` and case), as the docs describe. */
function priceKey(model: string): string {
  return (model.split('@')[0]!.split('/').pop() ?? '').toLowerCase();
}

const CATALOG = new Map(CATALOG_PRICES.map(([model, input, output]) => [model, { input, output }]));

export function catalogPrice(model: string): { input: number; output: number } | undefined {
  return CATALOG.get(priceKey(model));
}

type Clause = { sql: string; params: unknown[] };

function inList(column: string, values: string[] | undefined): Clause | null {
  return values && values.length > 0
    ? { sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: values }
    : null;
}

function where(clauses: Array<Clause | null>): Clause {
  const present = clauses.filter((c): c is Clause => c !== null);
  return {
    sql: present.length ? ` WHERE ${present.map((c) => c.sql).join(' AND ')}` : '',
    params: present.flatMap((c) => c.params),
  };
}

function usageWhere(range: TimeRange, f: UsageFilter): Clause {
  return where([
    { sql: 'create_time BETWEEN ? AND ?', params: [range.fromMs, range.toMs] },
    inList('tenant_id', f.tenants),
    inList('user_id', f.users),
    inList('model_name', f.models),
  ]);
}

function auditWhere(range: TimeRange, f: AuditFilter): Clause {
  const text = f.text ? `%${f.text.replace(/[!%_]/g, (c) => `!${c}`)}%` : undefined;
  return where([
    { sql: 'create_time BETWEEN ? AND ?', params: [range.fromMs, range.toMs] },
    inList('action', f.actions),
    inList('tenant_id', f.tenants),
    inList('user_id', f.users),
    text ? { sql: "details LIKE ? ESCAPE '!'", params: [text] } : null,
  ]);
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export interface TopCall {
  id: string;
  model: string;
  time: number;
  cost: number | null;
}

export class LedgerSql {
  private constructor(private readonly pool: Pool) {}

  static connect(url: string): LedgerSql {
    return new LedgerSql(createPool({ uri: url, connectionLimit: 2, timezone: 'Z', dateStrings: true }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async rows<T extends RowDataPacket>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await this.pool.query<T[]>(sql, params);
    return rows;
  }

  /**
   * How the pages show tenant ids: by the directory's name (RAGFlow's `tenant` table, which the
   * shell's setup and the demo stack fill), else the id; without the table, every id as it is.
   */
  async tenantNames(): Promise<Map<string, string>> {
    const rows = await this.rows<RowDataPacket>('SELECT id, name FROM tenant WHERE name IS NOT NULL').catch(() => []);
    return new Map(rows.filter((r) => String(r.name).trim() !== '').map((r) => [String(r.id), String(r.name).trim()]));
  }

  async tenantText(id: string): Promise<string> {
    return (await this.tenantNames()).get(id) ?? id;
  }

  /**
   * How the pages show a user id to a role allowed personal data, with the datasource's default label
   * (`nickname <email>`, or whichever of the two there is); else the id.
   */
  async userText(id: string): Promise<string> {
    const [row] = await this.rows<RowDataPacket>('SELECT nickname, email FROM `user` WHERE id = ?', [id]).catch(
      () => []
    );
    const text = (v: unknown) =>
      v === null || v === undefined || String(v).trim() === '' ? undefined : String(v).trim();
    const [nickname, email] = [text(row?.nickname), text(row?.email)];
    return nickname && email ? `${nickname} <${email}>` : (nickname ?? email ?? id);
  }

  /** Per model: stored cost, and tokens and requests of the rows without one. */
  private async perModel(range: TimeRange, f: UsageFilter) {
    const w = usageWhere(range, f);
    const rows = await this.rows(
      `SELECT model_name AS model, SUM(cost) AS stored, SUM(input_tokens) AS input, SUM(output_tokens) AS output, COUNT(*) AS requests,
              SUM(CASE WHEN cost IS NULL THEN input_tokens ELSE 0 END) AS null_input,
              SUM(CASE WHEN cost IS NULL THEN output_tokens ELSE 0 END) AS null_output,
              SUM(cost IS NULL) AS null_requests
         FROM token_usage_log${w.sql} GROUP BY model_name`,
      w.params
    );
    return rows.map((r) => {
      const price = catalogPrice(String(r.model));
      const nullRequests = num(r.null_requests);
      return {
        model: String(r.model),
        storedCost: num(r.stored),
        estimatedCost: price ? (num(r.null_input) * price.input + num(r.null_output) * price.output) / 1e6 : 0,
        inputTokens: num(r.input),
        outputTokens: num(r.output),
        requests: num(r.requests),
        estimatedRequests: price ? nullRequests : 0,
        unpricedRequests: price ? 0 : nullRequests,
      };
    });
  }

  async usageTotals(range: TimeRange, f: UsageFilter = {}): Promise<UsageTotals> {
    const total: UsageTotals = {
      storedCost: 0,
      estimatedCost: 0,
      inputTokens: 0,
      outputTokens: 0,
      requests: 0,
      estimatedRequests: 0,
      unpricedRequests: 0,
    };
    for (const m of await this.perModel(range, f)) {
      for (const key of Object.keys(total) as Array<keyof UsageTotals>) {
        total[key] += m[key];
      }
    }
    return total;
  }

  /** Cost (stored + estimated) per model over the range. */
  async costByModel(range: TimeRange, f: UsageFilter = {}): Promise<Map<string, number>> {
    return new Map((await this.perModel(range, f)).map((m) => [m.model, m.storedCost + m.estimatedCost]));
  }

  /** Cost and requests per tenant or user, the biggest first (ties by key), as a breakdown sorts them. */
  async costBy(group: 'tenant' | 'user', range: TimeRange, f: UsageFilter = {}): Promise<GroupCost[]> {
    const column = group === 'tenant' ? 'tenant_id' : 'user_id';
    const w = usageWhere(range, f);
    const rows = await this.rows(
      `SELECT ${column} AS k, model_name AS model, SUM(cost) AS stored, COUNT(*) AS requests,
              SUM(CASE WHEN cost IS NULL THEN input_tokens ELSE 0 END) AS null_input,
              SUM(CASE WHEN cost IS NULL THEN output_tokens ELSE 0 END) AS null_output
         FROM token_usage_log${w.sql} GROUP BY ${column}, model_name`,
      w.params
    );
    const groups = new Map<string | null, GroupCost>();
    for (const r of rows) {
      const key = r.k === null ? null : String(r.k);
      const price = catalogPrice(String(r.model));
      const estimated = price ? (num(r.null_input) * price.input + num(r.null_output) * price.output) / 1e6 : 0;
      const g = groups.get(key) ?? { key, cost: 0, requests: 0 };
      g.cost += num(r.stored) + estimated;
      g.requests += num(r.requests);
      groups.set(key, g);
    }
    return [...groups.values()].sort((a, b) => b.cost - a.cost || String(a.key).localeCompare(String(b.key)));
  }

  /**
   * The range's most expensive single calls: the stored cost, else the cost estimated from the price
   * list; calls of unpriced models (no cost at all) last; ties newest first, then by id.
   */
  async topCalls(range: TimeRange, limit: number): Promise<TopCall[]> {
    const w = usageWhere(range, {});
    const rows = await this.rows(
      `SELECT id, cost, model_name AS model, input_tokens AS i, output_tokens AS o, create_time AS t
         FROM token_usage_log${w.sql}`,
      w.params
    );
    const calls = rows.map((r) => {
      const price = catalogPrice(String(r.model));
      const cost =
        r.cost !== null ? num(r.cost) : price ? (num(r.i) * price.input + num(r.o) * price.output) / 1e6 : null;
      return { id: String(r.id), model: String(r.model), time: num(r.t), cost };
    });
    calls.sort(
      (a, b) => (b.cost ?? -1) - (a.cost ?? -1) || b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    );
    return calls.slice(0, limit);
  }

  /** Models with usage in the range that has no stored cost and no price: what "unpriced" means. */
  async unpricedModels(range: TimeRange, f: UsageFilter = {}): Promise<string[]> {
    const w = usageWhere(range, f);
    const rows = await this.rows(
      `SELECT DISTINCT model_name AS model FROM token_usage_log${w.sql}${w.sql ? ' AND' : ' WHERE'} cost IS NULL`,
      w.params
    );
    return rows
      .map((r) => String(r.model))
      .filter((m) => catalogPrice(m) === undefined)
      .sort();
  }

  /** The tenants with usage in the range, the biggest spender first. */
  async tenants(range: TimeRange): Promise<string[]> {
    return (await this.costBy('tenant', range)).map((g) => g.key!).filter((k) => k !== null);
  }

  /** Audit events matching the filters, newest first (ties: the higher id first), as the table sorts. */
  async auditEvents(range: TimeRange, f: AuditFilter = {}, limit?: number): Promise<AuditRow[]> {
    const w = auditWhere(range, f);
    const rows = await this.rows(
      `SELECT id, create_time AS t, user_id, tenant_id, action, details FROM audit_log${w.sql}
        ORDER BY create_time DESC, id DESC${limit === undefined ? '' : ' LIMIT ?'}`,
      limit === undefined ? w.params : [...w.params, limit]
    );
    return rows.map((r) => ({
      id: String(r.id),
      time: num(r.t),
      user: r.user_id === null ? null : String(r.user_id),
      tenant: r.tenant_id === null ? null : String(r.tenant_id),
      action: String(r.action),
      details: r.details === null ? null : String(r.details),
    }));
  }

  async auditCount(range: TimeRange, f: AuditFilter = {}): Promise<number> {
    const w = auditWhere(range, f);
    const [row] = await this.rows(`SELECT COUNT(*) AS n FROM audit_log${w.sql}`, w.params);
    return num(row?.n);
  }
}

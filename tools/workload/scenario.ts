/**
 * What happens inside one simulated request: who makes it, which database and model calls the
 * handler makes and how long each takes, whether it fails, and which ledger rows it leaves. Pure
 * and seeded: the same seed and the same `now` values give the same requests, failures included, so
 * tests (and two runs) can reproduce a trace, a log line and its rows.
 *
 * The timeline is built end-anchored: the request has just finished at `now`, so metrics, logs,
 * traces and rows are all emitted at once without holding requests open.
 */
import { modelByName, TENANTS, type Model, type Tenant, type User } from '../seed/catalog';
import type { AuditAction, AuditRow } from '../seed/audit';
import { uuid7Hex } from '../seed/ids';
import { cumulative, Rng } from '../seed/prng';
import type { UsageRow } from '../seed/usage';
import { callsModels, ENDPOINTS, type Endpoint } from './endpoints';
import { llmCall, type EmbeddingInput } from './llm';

/** Unhandled exceptions (Flask answers 500 and prometheus-flask-exporter counts an exception). */
export const EXCEPTION_RATE = 0.01;
/** Handled server errors: a model provider or a dependency fails, the handler answers 500. */
export const SERVER_ERROR_RATE = 0.02;
/** Model calls that time out (504); only on endpoints that call a model. */
export const TIMEOUT_RATE = 0.003;
/** Share of logins with a wrong password, and of those, addresses that match no account. */
export const LOGIN_FAILURE_RATE = 0.15;
export const UNKNOWN_EMAIL_SHARE = 0.25;
/** Share of chat requests made with the tenant's API key: RAGFlow attributes them to the owner. */
export const API_KEY_SHARE = 0.15;

/** The uuid7 node fields of live rows, distinct from the seed's so ids never collide with seeded ones. */
const USAGE_NODE = 0x3017;
const AUDIT_NODE = 0x3a17;
const CONVERSATION_NODE = 0x3c17;

export type DbSystem = 'mysql' | 'elasticsearch';

export interface DbPhase {
  kind: 'db';
  system: DbSystem;
  /** SELECT/INSERT/UPDATE for MySQL, search/index for the document engine. */
  operation: string;
  /** Table or index; undefined for a bare `SELECT 1`. */
  collection?: string;
  /** Offset from the request's start, ms. */
  offsetMs: number;
  durationMs: number;
  spanId: string;
  failed: boolean;
}

export interface LlmPhase {
  kind: 'llm';
  row: UsageRow;
  offsetMs: number;
  durationMs: number;
  spanId: string;
  failed: boolean;
}

export type Phase = DbPhase | LlmPhase;

export interface SimRequest {
  seq: number;
  endpoint: Endpoint;
  status: number;
  level: 'info' | 'warning' | 'error';
  msg: string;
  /** Set when the handler raised (Flask's 500 with an exception counted). */
  exceptionType?: string;
  /** Epoch ms: nginx received the request / sent the answer. */
  start: number;
  end: number;
  /** Offsets (ms from `start`) of the Flask handler, the part prometheus-flask-exporter times. */
  backendOffsetMs: number;
  backendMs: number;
  traceId: string;
  nginxSpanId: string;
  backendSpanId: string;
  phases: Phase[];
  tenant: Tenant | null;
  user: User | null;
  /** The address the request acted as (or tried to log in with); only ever logged masked. */
  email: string | null;
  ip: string;
  usage: UsageRow[];
  audit: AuditRow[];
}

type Fault = 'none' | 'exception' | 'serverError' | 'timeout';

interface TenantPick {
  tenant: Tenant;
  chatModels: Model[];
  chatCum: Float64Array;
  embedding: Model;
  rerank: Model | undefined;
  userCum: Float64Array;
}

const EXCEPTIONS = ['peewee.OperationalError', 'KeyError', 'elasticsearch.ConnectionTimeout'] as const;
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:141.0) Gecko/20100101 Firefox/141.0';

export class Scenario {
  private readonly rng: Rng;
  private readonly endpointCum = cumulative(ENDPOINTS.map((e) => e.weight));
  private readonly picks: TenantPick[] = TENANTS.map((tenant) => ({
    tenant,
    chatModels: tenant.chatModels.map(([name]) => modelByName(name)),
    chatCum: cumulative(tenant.chatModels.map(([, w]) => w)),
    embedding: modelByName(tenant.embeddingModel),
    rerank: tenant.rerankModel ? modelByName(tenant.rerankModel) : undefined,
    userCum: cumulative(tenant.users.map((u) => u.weight)),
  }));
  private readonly tenantCum = cumulative(TENANTS.map((t) => t.weight));
  private readonly conversations = new Map<string, { id: string; turnsLeft: number }>();
  private seq = 0;
  private rowSeq = 0;

  constructor(seed: string) {
    this.rng = new Rng(seed).fork('workload');
  }

  /** The next request, finished at `now` (epoch ms). */
  next(now: number): SimRequest {
    const rng = this.rng;
    const endpoint = ENDPOINTS[rng.weightedIndex(this.endpointCum)]!;
    const pick = this.picks[rng.weightedIndex(this.tenantCum)]!;
    const r = rng.next();
    let fault: Fault =
      r < EXCEPTION_RATE
        ? 'exception'
        : r < EXCEPTION_RATE + SERVER_ERROR_RATE
          ? 'serverError'
          : r < EXCEPTION_RATE + SERVER_ERROR_RATE + TIMEOUT_RATE
            ? 'timeout'
            : 'none';
    if (fault === 'timeout' && !callsModels(endpoint.kind)) {
      fault = 'none';
    }
    const b = new Timeline(rng, fault, callsModels(endpoint.kind));
    const req: SimRequest = {
      seq: this.seq++,
      endpoint,
      status: 200,
      level: 'info',
      msg: endpoint.msg,
      start: 0,
      end: 0,
      backendOffsetMs: 0,
      backendMs: 0,
      traceId: rng.hex(32),
      nginxSpanId: rng.hex(16),
      backendSpanId: rng.hex(16),
      phases: b.phases,
      tenant: endpoint.kind === 'healthz' ? null : pick.tenant,
      user: null,
      email: null,
      ip: '',
      usage: [],
      audit: [],
    };
    const user = this.userOf(pick, endpoint.kind === 'chat' && rng.chance(API_KEY_SHARE));
    let auditAction: AuditAction | undefined;
    let auditDetails: Record<string, unknown> = {};
    req.ip = user.ip;

    // nginx accepts the request and proxies it to the API server.
    b.gap(0.2, 2);
    req.backendOffsetMs = b.cursor;
    switch (endpoint.kind) {
      case 'healthz':
        b.db('mysql', 'SELECT');
        b.db('elasticsearch', 'search', 'ragflow_health');
        req.ip = '172.18.0.1';
        break;
      case 'login': {
        const wrongPassword = rng.chance(LOGIN_FAILURE_RATE);
        const unknown = wrongPassword && rng.chance(UNKNOWN_EMAIL_SHARE);
        const [local, domain] = user.email.split('@');
        req.email = unknown ? `${local}${rng.int(10)}@${domain}` : user.email;
        req.user = unknown ? null : user;
        b.db('mysql', 'SELECT', 'user');
        if (wrongPassword) {
          req.status = 401;
          req.level = 'warning';
          req.msg = unknown ? 'login failed: unknown email' : 'login failed: wrong password';
          auditAction = 'USER_LOGIN_FAILURE';
          auditDetails = { email: req.email, ip: req.ip, reason: unknown ? 'unknown_email' : 'wrong_password' };
        } else {
          b.db('mysql', 'UPDATE', 'user');
          auditAction = 'USER_LOGIN_SUCCESS';
          auditDetails = { email: user.email, ip: req.ip, channel: 'password', user_agent: USER_AGENT };
        }
        break;
      }
      case 'logout':
        this.actAs(req, user);
        b.db('mysql', 'SELECT', 'user');
        b.db('mysql', 'UPDATE', 'user');
        auditAction = 'USER_LOGOUT';
        auditDetails = { email: user.email, ip: req.ip };
        break;
      case 'datasetCreate': {
        this.actAs(req, user);
        b.db('mysql', 'SELECT', 'user');
        b.db('mysql', 'SELECT', 'tenant');
        b.db('mysql', 'INSERT', 'knowledgebase');
        auditAction = 'KB_CREATE';
        auditDetails = {
          kb_id: rng.hex(32),
          name: `Workload dataset ${req.seq}`,
          permission: 'team',
          parser_id: 'naive',
          embd_id: pick.tenant.embeddingModel,
        };
        break;
      }
      default:
        this.actAs(req, user);
        b.db('mysql', 'SELECT', 'user');
        this.modelRequest(b, req, pick, user, now);
    }

    if (!b.failed && (fault === 'exception' || fault === 'serverError')) {
      // No call took the fault: the handler itself raised, or answered 500, after what it had done.
      b.failed = true;
      if (fault === 'exception') {
        req.exceptionType = EXCEPTIONS[1];
      }
    }
    if (b.failed) {
      req.exceptionType ??= fault === 'exception' ? b.exceptionType : undefined;
      req.status = req.exceptionType ? 500 : fault === 'timeout' ? 504 : 500;
      req.level = 'error';
      req.msg = req.exceptionType
        ? 'unhandled exception'
        : fault === 'timeout'
          ? 'model call timed out'
          : callsModels(endpoint.kind)
            ? 'model call failed'
            : 'dependency failed';
      auditAction = undefined; // nothing was done, so nothing is audited
    }
    // Flask serialises the answer; nginx forwards it.
    b.gap(0.3, 3);
    req.backendMs = b.cursor - req.backendOffsetMs;
    b.gap(0.1, 1);

    const total = b.cursor;
    req.end = now;
    req.start = now - total;
    for (const phase of b.phases) {
      if (phase.kind === 'llm') {
        phase.row.time = Math.round(req.start + phase.offsetMs);
        phase.row.id = uuid7Hex(phase.row.time, rng.int(4096), rng.int(16384), USAGE_NODE, this.rowSeq++);
        req.usage.push(phase.row);
      }
    }
    if (auditAction) {
      const time = Math.round(req.start + req.backendOffsetMs + req.backendMs);
      req.audit.push({
        id: uuid7Hex(time, rng.int(4096), rng.int(16384), AUDIT_NODE, this.rowSeq++),
        userId: req.user?.id ?? null,
        tenantId: req.user ? pick.tenant.id : null,
        action: auditAction,
        details: JSON.stringify(auditDetails),
        time,
      });
    }
    return req;
  }

  private userOf(pick: TenantPick, apiKey: boolean): User {
    return apiKey ? pick.tenant.users[0]! : pick.tenant.users[this.rng.weightedIndex(pick.userCum)]!;
  }

  private actAs(req: SimRequest, user: User): void {
    req.user = user;
    req.email = user.email;
  }

  /** Chat, retrieval and chunk embedding: model calls around the document engine. */
  private modelRequest(b: Timeline, req: SimRequest, pick: TenantPick, user: User, now: number): void {
    const kind = req.endpoint.kind;
    const tenantId = pick.tenant.id;
    const index = `ragflow_${tenantId}`;
    if (kind === 'embedding') {
      b.db('mysql', 'SELECT', 'knowledgebase');
      b.llm(tenantId, user.id, pick.embedding, 'chunk', true);
      b.db('elasticsearch', 'index', index);
      b.db('mysql', 'UPDATE', 'document');
      return;
    }
    b.db('mysql', 'SELECT', kind === 'chat' ? 'dialog' : 'knowledgebase');
    // Retrieval ends with the query embedding (or the rerank) failing; chat with the answer failing.
    const rerank = pick.rerank && this.rng.chance(0.6) ? pick.rerank : undefined;
    b.llm(tenantId, user.id, pick.embedding, 'query', kind === 'retrieval' && !rerank);
    b.db('elasticsearch', 'search', index);
    if (rerank) {
      b.llm(tenantId, user.id, rerank, undefined, kind === 'retrieval');
    }
    if (kind === 'chat') {
      const model = pick.chatModels[this.rng.weightedIndex(pick.chatCum)]!;
      b.llm(tenantId, user.id, model, undefined, true, this.conversationOf(user.id, now));
      b.db('mysql', 'UPDATE', 'conversation');
    }
    // The ledger hook: one token_usage_log row per model call.
    b.db('mysql', 'INSERT', 'token_usage_log');
  }

  private conversationOf(userId: string, time: number): string {
    let conv = this.conversations.get(userId);
    if (!conv || conv.turnsLeft <= 0) {
      conv = {
        id: uuid7Hex(time, this.rng.int(4096), this.rng.int(16384), CONVERSATION_NODE, this.rowSeq++),
        turnsLeft: 1 + Math.floor(this.rng.logNormal(3, 0.6)),
      };
      this.conversations.set(userId, conv);
    }
    conv.turnsLeft--;
    return conv.id;
  }
}

/**
 * The handler's calls, one after the other, on a relative clock. Once a call fails the handler
 * stops: later calls are not made.
 */
class Timeline {
  readonly phases: Phase[] = [];
  cursor = 0;
  failed = false;
  exceptionType: string | undefined;
  /** The fault is spent once some call (or the handler) has failed. */
  private faultLeft: boolean;

  constructor(
    private readonly rng: Rng,
    private readonly fault: Fault,
    /** Model requests: their server errors come from the provider, not from the database. */
    private readonly modelFaultExpected: boolean
  ) {
    this.faultLeft = fault !== 'none';
  }

  gap(min: number, max: number): void {
    this.cursor += this.rng.between(min, max);
  }

  db(system: DbSystem, operation: string, collection?: string): void {
    if (this.failed) {
      return;
    }
    const median = system === 'mysql' ? 1.5 : operation === 'search' ? 25 : 12;
    const durationMs = this.rng.logNormal(median, 0.5);
    // An exception, or a non-model dependency failing, hits a database call chosen at random.
    let failed = false;
    if (this.faultLeft && this.fault !== 'timeout' && this.rng.chance(0.4)) {
      if (this.fault === 'exception') {
        failed = true;
        this.exceptionType = system === 'mysql' ? EXCEPTIONS[0] : EXCEPTIONS[2];
      } else if (this.fault === 'serverError' && !this.modelFaultExpected) {
        failed = true;
      }
    }
    this.gap(0.05, 0.5);
    this.phases.push({
      kind: 'db',
      system,
      operation,
      collection,
      offsetMs: this.cursor,
      durationMs,
      spanId: this.rng.hex(16),
      failed,
    });
    this.cursor += durationMs;
    if (failed) {
      this.failed = true;
      this.faultLeft = false;
    }
  }

  llm(
    tenantId: string,
    userId: string | null,
    model: Model,
    embeddingInput: EmbeddingInput | undefined,
    mayFail: boolean,
    conversationId: string | null = null
  ): void {
    if (this.failed) {
      return;
    }
    const fails = mayFail && this.faultLeft && (this.fault === 'serverError' || this.fault === 'timeout');
    const status: UsageRow['status'] = fails ? (this.fault === 'timeout' ? 'timeout' : 'error') : 'ok';
    this.gap(0.1, 1);
    const row = llmCall(this.rng, { tenantId, userId, model, time: 0, status, embeddingInput, conversationId });
    this.phases.push({
      kind: 'llm',
      row,
      offsetMs: this.cursor,
      durationMs: row.latencyMs,
      spanId: this.rng.hex(16),
      failed: fails,
    });
    this.cursor += row.latencyMs;
    if (fails) {
      this.failed = true;
      this.faultLeft = false;
    }
  }
}

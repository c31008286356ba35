/**
 * Audit events: logins (including one burst of failures from a single address), logouts,
 * knowledge-base, user, role and API-key changes. Events are generated in time order against a
 * small model of the world (which knowledge bases, keys and members exist, who has which role), so
 * an update or delete always refers to something that exists and `before` matches the last `after`.
 */
import { emailFor, TENANTS, type Tenant, type TenantRole, type User } from './catalog';
import { uuid1Hex, uuid7Hex } from './ids';
import { cumulative, Rng } from './prng';
import { DAY_MS, dayInWindow, HOUR_MS, slotWeights, type Window } from './rhythm';

export const AUDIT_ACTIONS = [
  'USER_LOGIN_SUCCESS',
  'USER_LOGIN_FAILURE',
  'USER_LOGOUT',
  'KB_CREATE',
  'KB_UPDATE',
  'KB_DELETE',
  'USER_CREATE',
  'USER_UPDATE',
  'USER_DELETE',
  'USER_ROLE_CHANGE',
  'API_KEY_CREATE',
  'API_KEY_REVOKE',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Relative frequency of each action outside the burst. */
export const ACTION_WEIGHTS: Readonly<Record<AuditAction, number>> = {
  USER_LOGIN_SUCCESS: 46,
  USER_LOGIN_FAILURE: 6,
  USER_LOGOUT: 9,
  KB_CREATE: 6,
  KB_UPDATE: 9,
  KB_DELETE: 3,
  USER_CREATE: 3,
  USER_UPDATE: 4,
  USER_DELETE: 1,
  USER_ROLE_CHANGE: 3,
  API_KEY_CREATE: 3,
  API_KEY_REVOKE: 2,
};

export interface AuditRow {
  id: string;
  userId: string | null;
  tenantId: string | null;
  action: AuditAction;
  /** JSON text. */
  details: string;
  /** Epoch ms (UTC): create_time and update_time. */
  time: number;
}

/** Audit events for `usageRows` usage rows: one per 50, at least 400. */
export function defaultAuditRows(usageRows: number): number {
  return Math.max(400, Math.round(usageRows / 50));
}

/** The burst of failed logins: a credential-stuffing run from one address on a weekend night. */
export interface Burst {
  start: number;
  events: number;
  ip: string;
  /** Tenant whose addresses are tried. */
  tenant: Tenant;
  userAgent: string;
}

export const BURST_IP = '203.0.113.77';

/**
 * Where the burst goes; it depends only on the window and the event count: on the Saturday nearest
 * to 40 % of the window, at 02:10 UTC.
 */
export function burstOf(win: Window, auditRows: number): Burst {
  const day = dayInWindow(win, 0.4, [6]);
  const start = Math.min(Math.max(day * DAY_MS + 2 * HOUR_MS + 10 * 60000, win.start), win.end - HOUR_MS);
  return {
    start,
    events: Math.min(auditRows, Math.max(40, Math.round(auditRows * 0.02))),
    ip: BURST_IP,
    tenant: TENANTS[0]!,
    userAgent: 'python-requests/2.32.3',
  };
}

interface Member {
  user: User;
  /** Created during the window (only those get deleted, so the catalog's users stay). */
  created: boolean;
  role: TenantRole;
  nickname: string;
  timezone: string;
}

interface Kb {
  id: string;
  name: string;
  description: string;
  permission: 'me' | 'team';
  parserId: string;
  docNum: number;
}

interface TenantState {
  tenant: Tenant;
  members: Member[];
  kbs: Kb[];
  apiKeys: string[];
}

const KB_TOPICS = [
  'Contracts',
  'HR Policies',
  'Product Manuals',
  'Support Tickets',
  'Research Papers',
  'Sales Playbook',
  'Compliance',
  'Engineering Wiki',
  'Onboarding',
  'Release Notes',
  'Claims',
  'Board Minutes',
];
const PARSERS = ['naive', 'book', 'laws', 'manual', 'paper', 'qa', 'table'];
const TIMEZONES = ['UTC+0\tEurope/London', 'UTC+1\tEurope/Berlin', 'UTC-5\tAmerica/New_York', 'UTC+8\tAsia/Shanghai'];
const CHANNELS = ['password', 'password', 'password', 'github', 'google'];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:141.0) Gecko/20100101 Firefox/141.0',
];
const NEW_FIRST = 'Aino Bela Cyrus Dalia Esko Flora Gideon Hedda Ilan Jovana Kofi Leila Mateo Nika'.split(' ');
const NEW_LAST = 'Achebe Berg Castillo Dahl Eriksen Fontaine Gallo Holm Ilić Jovanović Kaur Lund'.split(' ');
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const AUDIT_NODE = 0x0a0d;

/**
 * Every audit row of a run, in time order. Deterministic: the same window, count and seed give
 * the same rows.
 */
export function auditRows(win: Window, count: number, root: Rng): AuditRow[] {
  const rng = root.fork('audit');
  const burst = burstOf(win, count);

  // When: the regular events follow the traffic rhythm; the burst is a few minutes of rapid tries.
  const slotCum = cumulative(Array.from(slotWeights(win, root.fork('calendar'))));
  const regular = count - burst.events;
  const times: Array<[number, boolean]> = [];
  for (let i = 0; i < regular; i++) {
    const slot = rng.weightedIndex(slotCum);
    times.push([win.start + slot * HOUR_MS + Math.floor(rng.next() * HOUR_MS), false]);
  }
  let t = burst.start;
  for (let i = 0; i < burst.events; i++) {
    times.push([Math.min(t, win.end - 1), true]);
    t += Math.floor(rng.between(1500, 12000));
  }
  times.sort((x, y) => x[0] - y[0] || Number(x[1]) - Number(y[1]));

  const world = new World(rng);
  const actions = AUDIT_ACTIONS.filter((a) => ACTION_WEIGHTS[a] > 0);
  const actionCum = cumulative(actions.map((a) => ACTION_WEIGHTS[a]));
  const burstTargets = world.burstTargets(burst);
  let burstIndex = 0;
  return times.map(([time, inBurst], seq) => {
    const event = inBurst
      ? world.burstFailure(burst, burstTargets[burstIndex++ % burstTargets.length]!)
      : world.event(actions[rng.weightedIndex(actionCum)]!, time);
    return {
      id: uuid7Hex(time, rng.int(4096), rng.int(16384), AUDIT_NODE, seq),
      userId: event.userId,
      tenantId: event.tenantId,
      action: event.action,
      details: JSON.stringify(event.details),
      time,
    };
  });
}

interface Event {
  action: AuditAction;
  userId: string | null;
  tenantId: string | null;
  details: Record<string, unknown>;
}

class World {
  private readonly tenants: TenantState[];
  private readonly tenantCum: Float64Array;
  private createdUsers = 0;

  constructor(private readonly rng: Rng) {
    this.tenants = TENANTS.map((tenant) => ({
      tenant,
      members: tenant.users.map((user) => ({
        user,
        created: false,
        role: user.role,
        nickname: user.nickname,
        timezone: TIMEZONES[0]!,
      })),
      kbs: [],
      apiKeys: [],
    }));
    this.tenantCum = cumulative(TENANTS.map((t) => t.weight));
    // What existed before the window: a few knowledge bases and keys per tenant (not logged).
    for (const state of this.tenants) {
      const kbs = 2 + rng.int(4);
      for (let i = 0; i < kbs; i++) {
        state.kbs.push(this.newKb());
      }
      state.apiKeys.push(this.newToken());
    }
  }

  event(action: AuditAction, time: number): Event {
    const state = this.tenants[this.rng.weightedIndex(this.tenantCum)]!;
    switch (action) {
      case 'USER_LOGIN_SUCCESS':
      case 'USER_LOGOUT':
        return this.session(action, state);
      case 'USER_LOGIN_FAILURE':
        return this.loginFailure(state);
      case 'KB_CREATE':
        return this.kbCreate(state);
      case 'KB_UPDATE':
        return state.kbs.length > 0 ? this.kbUpdate(state) : this.kbCreate(state);
      case 'KB_DELETE':
        return state.kbs.length > 1 ? this.kbDelete(state) : this.kbCreate(state);
      case 'USER_CREATE':
        return this.userCreate(state, time);
      case 'USER_UPDATE':
        return this.userUpdate(state);
      case 'USER_DELETE':
        return this.userDelete(state) ?? this.userCreate(state, time);
      case 'USER_ROLE_CHANGE':
        return this.roleChange(state) ?? this.userCreate(state, time);
      case 'API_KEY_CREATE':
        return this.keyCreate(state);
      case 'API_KEY_REVOKE':
        return state.apiKeys.length > 0 ? this.keyRevoke(state) : this.keyCreate(state);
    }
  }

  private member(state: TenantState): Member {
    return this.rng.pick(state.members);
  }

  /** The owner or an admin: who manages members and keys. */
  private manager(state: TenantState): Member {
    const managers = state.members.filter((m) => m.role !== 'normal');
    return this.rng.pick(managers);
  }

  private ipOf(member: Member): string {
    // Mostly from the usual address, sometimes from elsewhere (travel, phone).
    return this.rng.chance(0.85) ? member.user.ip : `198.51.100.${200 + this.rng.int(50)}`;
  }

  private newKb(): Kb {
    const topic = this.rng.pick(KB_TOPICS);
    return {
      id: this.rng.hex(32),
      name: this.rng.chance(0.5) ? topic : `${topic} ${2024 + this.rng.int(3)}`,
      description: `${topic} documents`,
      permission: this.rng.chance(0.7) ? 'team' : 'me',
      parserId: this.rng.pick(PARSERS),
      docNum: this.rng.int(400),
    };
  }

  /** RAGFlow API tokens look like `ragflow-` followed by 32 URL-safe characters. */
  private newToken(): string {
    let token = 'ragflow-';
    for (let i = 0; i < 32; i++) {
      token += BASE62[this.rng.int(BASE62.length)];
    }
    return token;
  }

  private session(action: AuditAction, state: TenantState): Event {
    const m = this.member(state);
    const details: Record<string, unknown> = { email: m.user.email, ip: this.ipOf(m) };
    if (action === 'USER_LOGIN_SUCCESS') {
      details.channel = this.rng.pick(CHANNELS);
      details.user_agent = this.rng.pick(USER_AGENTS);
    }
    return { action, userId: m.user.id, tenantId: state.tenant.id, details };
  }

  private loginFailure(state: TenantState): Event {
    const m = this.member(state);
    const r = this.rng.next();
    if (r < 0.75) {
      return {
        action: 'USER_LOGIN_FAILURE',
        userId: m.user.id,
        tenantId: state.tenant.id,
        details: { email: m.user.email, ip: this.ipOf(m), reason: 'wrong_password' },
      };
    }
    // A mistyped address: the account does not exist, so there is no user or tenant.
    const [local, domain] = m.user.email.split('@');
    return {
      action: 'USER_LOGIN_FAILURE',
      userId: null,
      tenantId: null,
      details: { email: `${local}${this.rng.int(10)}@${domain}`, ip: this.ipOf(m), reason: 'unknown_email' },
    };
  }

  /** Addresses the burst tries, in order: the tenant's real ones and some guesses. */
  burstTargets(burst: Burst): Array<{ email: string; user: User | null }> {
    const domain = burst.tenant.domain;
    const targets: Array<{ email: string; user: User | null }> = burst.tenant.users.map((user) => ({
      email: user.email,
      user,
    }));
    for (const local of ['admin', 'root', 'test', 'info', 'support']) {
      targets.push({ email: `${local}@${domain}`, user: null });
    }
    return targets;
  }

  burstFailure(burst: Burst, target: { email: string; user: User | null }): Event {
    return {
      action: 'USER_LOGIN_FAILURE',
      userId: target.user?.id ?? null,
      tenantId: target.user ? burst.tenant.id : null,
      details: {
        email: target.email,
        ip: burst.ip,
        reason: target.user ? 'wrong_password' : 'unknown_email',
        user_agent: burst.userAgent,
      },
    };
  }

  private kbCreate(state: TenantState): Event {
    const actor = this.member(state);
    const kb = this.newKb();
    kb.docNum = 0;
    state.kbs.push(kb);
    return {
      action: 'KB_CREATE',
      userId: actor.user.id,
      tenantId: state.tenant.id,
      details: {
        kb_id: kb.id,
        name: kb.name,
        permission: kb.permission,
        parser_id: kb.parserId,
        embd_id: state.tenant.embeddingModel,
      },
    };
  }

  private kbUpdate(state: TenantState): Event {
    const actor = this.member(state);
    const kb = this.rng.pick(state.kbs);
    const field = this.rng.pick(['name', 'description', 'permission', 'parser_id'] as const);
    let before: string;
    let after: string;
    switch (field) {
      case 'name':
        before = kb.name;
        after = kb.name.endsWith(' (archived)') ? kb.name.slice(0, -11) : `${kb.name} (archived)`;
        kb.name = after;
        break;
      case 'description':
        before = kb.description;
        after = `${kb.description}, updated ${1 + this.rng.int(9)}x`;
        kb.description = after;
        break;
      case 'permission':
        before = kb.permission;
        kb.permission = kb.permission === 'me' ? 'team' : 'me';
        after = kb.permission;
        break;
      default:
        before = kb.parserId;
        after = this.rng.pick(PARSERS.filter((p) => p !== kb.parserId));
        kb.parserId = after;
    }
    kb.docNum += this.rng.int(20);
    return {
      action: 'KB_UPDATE',
      userId: actor.user.id,
      tenantId: state.tenant.id,
      details: { kb_id: kb.id, name: kb.name, before: { [field]: before }, after: { [field]: after } },
    };
  }

  private kbDelete(state: TenantState): Event {
    const actor = this.manager(state);
    const index = this.rng.int(state.kbs.length);
    const [kb] = state.kbs.splice(index, 1);
    return {
      action: 'KB_DELETE',
      userId: actor.user.id,
      tenantId: state.tenant.id,
      details: { kb_id: kb!.id, name: kb!.name, doc_num: kb!.docNum },
    };
  }

  private userCreate(state: TenantState, time: number): Event {
    const actor = this.manager(state);
    const n = this.createdUsers++;
    const first = NEW_FIRST[n % NEW_FIRST.length]!;
    const last = NEW_LAST[Math.floor(n / NEW_FIRST.length) % NEW_LAST.length]!;
    const suffix = n >= NEW_FIRST.length * NEW_LAST.length ? String(n) : '';
    const email = emailFor(first, last + suffix, state.tenant.domain, 'first.last');
    const user: User = {
      id: uuid1Hex(time, this.rng.int(10000), this.rng.int(16384), 0x0ce0, n),
      tenantId: state.tenant.id,
      email,
      nickname: `${first} ${last}`,
      role: 'normal',
      weight: 20,
      ip: `192.0.2.${200 + (n % 50)}`,
    };
    state.members.push({ user, created: true, role: 'normal', nickname: user.nickname, timezone: TIMEZONES[0]! });
    return {
      action: 'USER_CREATE',
      userId: actor.user.id,
      tenantId: state.tenant.id,
      details: { user_id: user.id, email, nickname: user.nickname, role: 'normal', invited_by: actor.user.email },
    };
  }

  private userUpdate(state: TenantState): Event {
    const m = this.member(state);
    let details: Record<string, unknown>;
    if (this.rng.chance(0.5)) {
      const before = m.nickname;
      m.nickname = before.includes(' ') ? before.split(' ')[0]! : `${before} ${this.rng.pick(NEW_LAST)}`;
      details = {
        user_id: m.user.id,
        email: m.user.email,
        before: { nickname: before },
        after: { nickname: m.nickname },
      };
    } else {
      const before = m.timezone;
      m.timezone = this.rng.pick(TIMEZONES.filter((tz) => tz !== before));
      details = {
        user_id: m.user.id,
        email: m.user.email,
        before: { timezone: before },
        after: { timezone: m.timezone },
      };
    }
    return { action: 'USER_UPDATE', userId: m.user.id, tenantId: state.tenant.id, details };
  }

  private userDelete(state: TenantState): Event | undefined {
    const created = state.members.filter((m) => m.created);
    if (created.length === 0) {
      return undefined;
    }
    const victim = this.rng.pick(created);
    state.members.splice(state.members.indexOf(victim), 1);
    const owner = state.members.find((m) => m.role === 'owner')!;
    return {
      action: 'USER_DELETE',
      userId: owner.user.id,
      tenantId: state.tenant.id,
      details: { user_id: victim.user.id, email: victim.user.email, nickname: victim.nickname },
    };
  }

  private roleChange(state: TenantState): Event | undefined {
    const candidates = state.members.filter((m) => m.role !== 'owner');
    if (candidates.length === 0) {
      return undefined;
    }
    const owner = state.members.find((m) => m.role === 'owner')!;
    const target = this.rng.pick(candidates);
    const before = target.role;
    target.role = before === 'admin' ? 'normal' : 'admin';
    return {
      action: 'USER_ROLE_CHANGE',
      userId: owner.user.id,
      tenantId: state.tenant.id,
      details: {
        member_id: target.user.id,
        email: target.user.email,
        before: { role: before },
        after: { role: target.role },
      },
    };
  }

  private keyCreate(state: TenantState): Event {
    const actor = this.manager(state);
    const token = this.newToken();
    state.apiKeys.push(token);
    return {
      action: 'API_KEY_CREATE',
      userId: actor.user.id,
      tenantId: state.tenant.id,
      details: { token, source: this.rng.pick(['sdk', 'agent', 'chat_embed']) },
    };
  }

  private keyRevoke(state: TenantState): Event {
    const actor = this.manager(state);
    const [token] = state.apiKeys.splice(this.rng.int(state.apiKeys.length), 1);
    return { action: 'API_KEY_REVOKE', userId: actor.user.id, tenantId: state.tenant.id, details: { token } };
  }
}

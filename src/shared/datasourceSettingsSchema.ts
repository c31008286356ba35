/**
 * The rules of a ledger datasource's settings, once for both sides. The backend validates with them
 * (pkg/settings.ts; its health check shows the first issue as `Settings: <path>: <message>.`), and the
 * config editor shows the same issues inline, under the field each concerns, in a sentence that names
 * the field by its label: each rule says both (`schema` and its `page` wording). Only the backend and
 * the config editor import this module, as it brings zod; names, defaults and limits are in
 * datasourceSettings.ts.
 */
import * as z from './zod';
import {
  BUDGETS_MAX,
  DEFAULT_AUDIT_COLUMNS,
  DEFAULT_SETTINGS,
  DEFAULT_TENANT_COLUMNS,
  DEFAULT_USAGE_COLUMNS,
  DEFAULT_USER_COLUMNS,
  IDENTIFIER_MAX_LENGTH,
  IDENTIFIER_PATTERN,
  NAME_MODES,
  ORG_ROLES,
  PRICE_OVERRIDES_MAX,
  ROLLUP_MODES,
  SETTINGS_LIMITS,
  TIME_AXES,
  TLS_MODES,
  USER_LABELS,
  presentsClientCert,
  type LedgerJsonData,
  type LedgerSecureJsonData,
  type PriceOverride,
  type TenantBudget,
  type TlsMode,
} from './datasourceSettings';
import { DATE_PATTERN, isCalendarDate, modelKey } from './pricing';

export type SettingsIssue = z.core.$ZodIssue;

/** How the settings page says an issue, given the label of the field it concerns ("Port", "Model"). */
type PageWording = (issue: SettingsIssue, label: string) => string;

/** One value's rule: its schema, and how the settings page says what the schema refuses. */
interface Rule {
  schema: z.ZodMiniType;
  page: PageWording;
}

const formatNumber = (value: number | bigint) => value.toLocaleString('en-US');
const quoted = (value: unknown) => JSON.stringify(value);
const isBlank = (value: string) => value.trim() === '';

const mustBeText: PageWording = (issue, label) => `${label} must be text; ${quoted(issue.input)} is not.`;

/** Free text up to `max` characters. */
function text(max: number) {
  return {
    schema: z.string().check(z.maxLength(max)),
    page: (issue, label) =>
      issue.code === 'too_big' ? `${label} is longer than ${formatNumber(max)} characters.` : mustBeText(issue, label),
  } satisfies Rule;
}

/** The name an entry is known by (a model, a tenant): not blank, up to `max` characters. */
function entryName(max: number) {
  return {
    schema: z.string().check(
      z.refine((value) => !isBlank(value), 'is empty'),
      z.maxLength(max)
    ),
    page: (issue, label) =>
      issue.code === 'too_big' ? `${label} is longer than ${formatNumber(max)} characters.` : `${label} is empty.`,
  } satisfies Rule;
}

function wholeNumber(limits: { min: number; max: number }) {
  return {
    schema: z.int().check(z.minimum(limits.min), z.maximum(limits.max)),
    page: (issue, label) =>
      `${label} must be a whole number from ${formatNumber(limits.min)} to ${formatNumber(limits.max)}; ${String(issue.input)} is not.`,
  } satisfies Rule;
}

/** An amount in USD, any fraction: from 0 on (`zero: 'allowed'`), or above 0. */
function amount(zero: 'allowed' | 'refused') {
  return {
    schema: z.number().check(zero === 'allowed' ? z.minimum(0) : z.positive()),
    page: (issue, label) => {
      if (issue.input === undefined) {
        return `${label} is empty.`;
      }
      if (issue.code === 'too_small') {
        const floor = formatNumber(issue.minimum);
        return `${label} must be ${issue.inclusive ? `${floor} or more` : `more than ${floor}`}; ${String(issue.input)} is not.`;
      }
      return `${label} must be a number; ${quoted(issue.input)} is not.`;
    },
  } satisfies Rule;
}

/** A day, YYYY-MM-DD, that the calendar has (2025-02-30 is refused). */
const day = {
  schema: z
    .string()
    .check(
      z.regex(DATE_PATTERN, { error: 'expected a date as YYYY-MM-DD', abort: true }),
      z.refine(isCalendarDate, 'not a calendar date')
    ),
  page: (issue, label) => {
    if (issue.input === undefined || issue.input === '') {
      return `${label} is empty.`;
    }
    if (issue.code === 'custom') {
      return `${label}: ${String(issue.input)} is not a calendar date.`;
    }
    return `${label} must be a date as YYYY-MM-DD; ${quoted(issue.input)} is not.`;
  },
} satisfies Rule;

const IDENTIFIER_MESSAGE = `expected a plain identifier (letters, digits, _; at most ${IDENTIFIER_MAX_LENGTH})`;

/** A table or column name: a plain identifier, or empty for the default name. */
const identifier = {
  schema: z.string().check(
    z.maxLength(IDENTIFIER_MAX_LENGTH, IDENTIFIER_MESSAGE),
    z.refine((value) => value === '' || IDENTIFIER_PATTERN.test(value), IDENTIFIER_MESSAGE)
  ),
  page: (issue) =>
    issue.code === 'too_big'
      ? `"${String(issue.input)}" is longer than ${IDENTIFIER_MAX_LENGTH} characters.`
      : `"${String(issue.input)}" is not a plain identifier: use letters, digits and _, and do not start with a digit.`,
} satisfies Rule;

/** A column-name map: known meanings only (a typo is an error), each an identifier or '' for the default. */
function columns<T extends object>(defaults: T) {
  const shape = Object.fromEntries(Object.keys(defaults).map((key) => [key, z.optional(identifier.schema)]));
  return {
    schema: z.strictObject(shape as Record<keyof T & string, z.ZodMiniOptional<typeof identifier.schema>>),
    page: (issue, label) => {
      if (issue.path.length > 0) {
        return identifier.page(issue);
      }
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map(quoted).join(', ');
        return `${label}: ${keys} ${issue.keys.length === 1 ? 'is' : 'are'} not one of the columns listed here.`;
      }
      return `${label} must be a map of column names; ${quoted(issue.input)} is not.`;
    },
  } satisfies Rule;
}

function choice<const V extends readonly [string, ...string[]]>(values: V) {
  return {
    schema: z.enum(values),
    page: (issue, label) => `${label} must be one of ${values.join(', ')}; ${quoted(issue.input)} is not.`,
  } satisfies Rule;
}

type Fields = Record<string, Rule>;
type EntryShape<F extends Fields> = { [K in keyof F]: F[K]['schema'] };

/** A list of entries with the given fields, at most `max` of them. */
function list<F extends Fields>(fields: F, max: number, plural: string) {
  const shape = Object.fromEntries(Object.entries(fields).map(([key, rule]) => [key, rule.schema]));
  const entry = z.object(shape as EntryShape<F>);
  const rule = {
    schema: z.array(entry).check(z.maxLength(max)),
    // The list's own issue; its entries' issues are said by their fields' rules (see listErrors).
    page: (issue, label) =>
      issue.code === 'too_big' && Array.isArray(issue.input)
        ? `${formatNumber(issue.input.length)} ${plural}: at most ${formatNumber(max)} are allowed.`
        : `${label}: ${issue.message}.`,
  } satisfies Rule;
  return { ...rule, fields, entry };
}
type ListRule<F extends Fields> = ReturnType<typeof list<F>>;

const PRICE_FIELDS = {
  model: entryName(128),
  effectiveFrom: day,
  inputPerMillion: amount('allowed'),
  outputPerMillion: amount('allowed'),
} satisfies { [K in keyof PriceOverride]-?: Rule };

const BUDGET_FIELDS = {
  tenant: entryName(128),
  monthlyBudget: amount('refused'),
} satisfies { [K in keyof TenantBudget]-?: Rule };

/** Every jsonData setting's rule. An absent setting is always allowed: its default applies. */
const SETTINGS = {
  description: { schema: z.string(), page: mustBeText },
  host: text(255),
  port: wholeNumber(SETTINGS_LIMITS.port),
  database: text(64),
  user: text(128),
  tlsMode: choice(TLS_MODES),
  usageTable: identifier,
  auditTable: identifier,
  usageColumns: columns(DEFAULT_USAGE_COLUMNS),
  auditColumns: columns(DEFAULT_AUDIT_COLUMNS),
  timeAxis: choice(TIME_AXES),
  names: choice(NAME_MODES),
  tenantTable: identifier,
  tenantColumns: columns(DEFAULT_TENANT_COLUMNS),
  userTable: identifier,
  userColumns: columns(DEFAULT_USER_COLUMNS),
  userLabel: choice(USER_LABELS),
  pinnedTenant: text(128),
  maxRows: wholeNumber(SETTINGS_LIMITS.maxRows),
  queryTimeoutSeconds: wholeNumber(SETTINGS_LIMITS.queryTimeoutSeconds),
  auditMinRole: choice(ORG_ROLES),
  piiMinRole: choice(ORG_ROLES),
  prices: list(PRICE_FIELDS, PRICE_OVERRIDES_MAX, 'prices'),
  budgets: list(BUDGET_FIELDS, BUDGETS_MAX, 'budgets'),
  rollups: choice(ROLLUP_MODES),
  rollupMaxAgeSeconds: wholeNumber(SETTINGS_LIMITS.rollupMaxAgeSeconds),
} satisfies { [K in keyof LedgerJsonData]-?: Rule };

type Settings = typeof SETTINGS;
type OptionalShape = { [K in keyof Settings]: z.ZodMiniOptional<Settings[K]['schema']> };

/** jsonData, each setting by its rule. Keys the plugin does not know are ignored. */
export const ledgerJsonDataSchema = z.object(
  Object.fromEntries(Object.entries(SETTINGS).map(([key, rule]) => [key, z.optional(rule.schema)])) as OptionalShape
);
export const priceOverrideSchema = SETTINGS.prices.entry;
export const tenantBudgetSchema = SETTINGS.budgets.entry;

export type CheckedJsonData = z.output<typeof ledgerJsonDataSchema>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compile-time: the schema takes exactly the LedgerJsonData the editor writes. */
export type JsonDataMatchesItsType = Assert<Same<CheckedJsonData, LedgerJsonData>>;

const requiredText = (message: string) => z.string(message).check(z.refine((value) => !isBlank(value), message));

/**
 * What the backend cannot connect without. The settings page marks these fields as required rather
 * than flagging them, so that a new datasource does not open full of errors.
 */
export const requiredSettingsSchema = z.object({
  host: requiredText('the MySQL host is not set'),
  database: requiredText('the database (schema) that holds the ledger tables is not set'),
});

export type SecretKey = keyof LedgerSecureJsonData;
/** Whether a secret is set: the backend knows the decrypted values, the page the stored flags and typed values. */
export type IsSecretSet = (key: SecretKey) => boolean;

/** The secrets the TLS mode needs together: a certificate the connection uses needs what goes with it. */
export const tlsSecretsSchema = z
  .object({
    tlsMode: z.enum(TLS_MODES),
    tlsCACert: z.boolean(),
    tlsClientCert: z.boolean(),
    tlsClientKey: z.boolean(),
  })
  .check(
    z.superRefine((tls, ctx) => {
      // verify-full without a CA certificate checks against the usual public authorities.
      if (tls.tlsMode === 'verify-ca' && !tls.tlsCACert) {
        ctx.addIssue({ code: 'custom', path: ['tlsCACert'], message: 'Verify CA needs the CA certificate' });
      }
      if (presentsClientCert(tls.tlsMode) && tls.tlsClientCert && !tls.tlsClientKey) {
        ctx.addIssue({ code: 'custom', path: ['tlsClientKey'], message: 'A client certificate needs its key' });
      }
    })
  );

const tlsSecretsOf = (tlsMode: TlsMode, isSet: IsSecretSet) => ({
  tlsMode,
  tlsCACert: isSet('tlsCACert'),
  tlsClientCert: isSet('tlsClientCert'),
  tlsClientKey: isSet('tlsClientKey'),
});

export type SettingsCheck = { ok: true; jsonData: CheckedJsonData } | { ok: false; issue: SettingsIssue };

/**
 * The backend's check of a datasource's settings: every setting, then the required ones, then the
 * TLS secrets. The first issue is the one reported; its path names the setting (`prices.3.model`).
 */
export function checkSettings(jsonData: unknown, isSet: IsSecretSet): SettingsCheck {
  const settings = ledgerJsonDataSchema.safeParse(jsonData);
  if (!settings.success) {
    return { ok: false, issue: settings.error.issues[0] };
  }
  const tlsMode = settings.data.tlsMode ?? DEFAULT_SETTINGS.tlsMode;
  const error =
    requiredSettingsSchema.safeParse(settings.data).error ??
    tlsSecretsSchema.safeParse(tlsSecretsOf(tlsMode, isSet)).error;
  return error ? { ok: false, issue: error.issues[0] } : { ok: true, jsonData: settings.data };
}

// The settings page: the same schemas, their issues said in the page's words.

const pageIssues = (schema: z.ZodMiniType, value: unknown): SettingsIssue[] =>
  schema.safeParse(value, { reportInput: true }).error?.issues ?? [];

const samePath = (a: readonly PropertyKey[], b: readonly PropertyKey[]) =>
  a.length === b.length && a.every((key, index) => key === b[index]);

export type ListKey = 'prices' | 'budgets';
export type SettingKey = Exclude<keyof Settings, ListKey>;

/**
 * What the settings page says of one setting's value, under the field labelled `label`, or
 * `undefined` when it is fine or unset (the default applies). `at` picks a part of the value: a
 * column's meaning in a column map (`['model']`); empty, the value as a whole.
 */
export function settingError(
  key: SettingKey,
  value: unknown,
  label: string,
  at: readonly PropertyKey[] = []
): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const rule: Rule = SETTINGS[key];
  const issue = pageIssues(rule.schema, value).find((i) => samePath(i.path, at));
  return issue && rule.page(issue, label);
}

/** What the settings page says under the TLS secrets' fields, by secret. */
export function tlsSecretErrors(tlsMode: TlsMode, isSet: IsSecretSet): Partial<Record<SecretKey, string>> {
  const errors: Partial<Record<SecretKey, string>> = {};
  for (const issue of pageIssues(tlsSecretsSchema, tlsSecretsOf(tlsMode, isSet))) {
    if (issue.code === 'custom') {
      errors[issue.path[0] as SecretKey] ??= `${issue.message}.`;
    }
  }
  return errors;
}

export type EntryErrors<T> = Partial<Record<keyof T, string>>;

export interface ListErrors<T> {
  /** By entry, by field. */
  entries: Array<EntryErrors<T>>;
  /** The list's own: more entries than the backend takes. */
  list: string | undefined;
}

function listErrors<F extends Fields>(
  rule: ListRule<F>,
  drafts: readonly unknown[],
  labels: Record<keyof F, string>
): ListErrors<Record<keyof F, unknown>> {
  const issues = pageIssues(rule.schema, drafts);
  const listIssue = issues.find((issue) => issue.path.length === 0);
  // An oversized list is refused before its entries are read: then read them one by one.
  const entryIssues = (index: number) =>
    listIssue
      ? pageIssues(rule.entry, drafts[index])
      : issues.filter((issue) => issue.path[0] === index).map((issue) => ({ ...issue, path: issue.path.slice(1) }));
  const fields = Object.keys(rule.fields) as Array<keyof F & string>;
  return {
    entries: drafts.map((_draft, index) => {
      const found = entryIssues(index);
      const errors: EntryErrors<Record<keyof F, unknown>> = {};
      for (const field of fields) {
        const issue = found.find((i) => samePath(i.path, [field]));
        if (issue) {
          errors[field] = rule.fields[field].page(issue, labels[field]);
        }
      }
      return errors;
    }),
    list: listIssue && rule.page(listIssue, ''),
  };
}

/** The indexes of entries that share a key with another entry; entries without a key are skipped. */
function repeatedIndexes<T>(entries: readonly T[], keyOf: (entry: T, index: number) => string | undefined): number[] {
  const byKey = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    const key = keyOf(entry, index);
    if (key !== undefined) {
      byKey.set(key, [...(byKey.get(key) ?? []), index]);
    }
  });
  return [...byKey.values()].filter((indexes) => indexes.length > 1).flat();
}

/**
 * What the settings page says of the price list: each entry's fields, the list's length, and the
 * same model (as the backend matches names) priced twice from one day. The backend takes the last
 * of those two, so the page only points at them.
 */
export function priceListErrors(
  drafts: ReadonlyArray<Partial<PriceOverride>>,
  labels: Record<keyof PriceOverride, string>
): ListErrors<PriceOverride> {
  const errors = listErrors(SETTINGS.prices, drafts, labels);
  const repeated = repeatedIndexes(drafts, (price, index) => {
    const { model, effectiveFrom } = errors.entries[index];
    return model === undefined && effectiveFrom === undefined
      ? `${modelKey(String(price.model))} ${price.effectiveFrom}`
      : undefined;
  });
  for (const index of repeated) {
    errors.entries[index].model =
      `Another row also prices this model from ${drafts[index].effectiveFrom}; only the last one listed applies.`;
  }
  return errors;
}

/**
 * What a settings page says of a budget list: each entry's fields, the list's length, and a tenant
 * (matched exactly) budgeted twice. The datasource's backend takes the last of two budgets
 * (`repeated: 'last-wins'`: the page only points at them); the app's page compares one budget per
 * tenant (`'refused'`).
 */
export function budgetListErrors(
  drafts: ReadonlyArray<Partial<TenantBudget>>,
  labels: Record<keyof TenantBudget, string>,
  repeated: 'last-wins' | 'refused'
): ListErrors<TenantBudget> {
  const errors = listErrors(SETTINGS.budgets, drafts, labels);
  const indexes = repeatedIndexes(drafts, (budget, index) =>
    errors.entries[index].tenant === undefined ? String(budget.tenant) : undefined
  );
  for (const index of indexes) {
    errors.entries[index].tenant =
      repeated === 'last-wins'
        ? 'Another row also budgets this tenant; only the last one listed applies.'
        : `${labels.tenant} "${String(drafts[index].tenant)}" has more than one budget; give each tenant one.`;
  }
  return errors;
}

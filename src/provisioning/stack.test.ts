/**
 * @jest-environment-options {"customExportConditions": ["node"]}
 */
// Under jsdom, `yaml` would resolve to its untranspiled ESM browser build; its Node build is CommonJS.
//
// The demo stack (docker-compose.yaml and deploy/) checked without a Docker engine: the shapes Compose
// and each service accept, and that the pieces point at one another (ports, labels, files, users).
import fs from 'node:fs';
import path from 'node:path';
import { parse, type YAMLSeq } from 'yaml';
import { APP_PLUGIN_ID, DATASOURCE_PLUGIN_ID } from '../shared/ids';
import { serviceHealthQueries } from '../pages/ServiceHealth/serviceHealthQueries';
import { PROVISIONED_SERVICE, readText, readYaml, REPO_ROOT, yamlFiles } from './provisioningFiles';

type Condition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
  interval?: string;
  timeout?: string;
  retries?: number;
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  extends?: { file: string; service: string };
  entrypoint?: string[];
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  labels?: Record<string, string>;
  healthcheck?: Healthcheck;
  restart?: string;
  depends_on?: Record<string, { condition: Condition }>;
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/** Compose's `!override` on a sequence: replace what `extends` brings instead of appending to it. */
class Override {
  constructor(readonly items: unknown[]) {}
}
const composeTags = [
  { tag: '!override', collection: 'seq' as const, resolve: (seq: YAMLSeq) => new Override(seq.toJSON()) },
];

const readRepoYaml = <T>(rel: string): T =>
  parse(readText(path.join(REPO_ROOT, rel)), { customTags: composeTags }) as T;

const compose = readRepoYaml<Compose>('docker-compose.yaml');
const services = compose.services;
const names = Object.keys(services);
const base = readRepoYaml<Compose>('.config/docker-compose-base.yaml');

/** A service as Compose sees it: `extends` merged (mappings merged, sequences appended unless `!override`). */
function effective(name: string): Service {
  const own = services[name];
  if (!own.extends) {
    return own;
  }
  const parent = base.services[own.extends.service];
  const merged: Record<string, unknown> = { ...parent };
  for (const [key, value] of Object.entries(own)) {
    const inherited = (parent as Record<string, unknown>)[key];
    if (value instanceof Override) {
      merged[key] = value.items;
    } else if (Array.isArray(value) && Array.isArray(inherited)) {
      merged[key] = [...inherited, ...value];
    } else if (value && typeof value === 'object' && inherited && typeof inherited === 'object') {
      merged[key] = { ...inherited, ...value };
    } else {
      merged[key] = value;
    }
  }
  delete merged.extends;
  return merged as Service;
}

/** `${NAME:-default}` → default; other text unchanged. */
function composeDefault(value: string): string {
  return value.replace(/\$\{\w+:-([^}]*)\}/g, '$1');
}

/** Runs once and exits: what `service_completed_successfully` may wait for. */
function isOneShot(s: Service): boolean {
  return s.restart === 'no' && s.healthcheck?.disable === true;
}

/**
 * Images without a shell or an HTTP client, where Compose cannot run a health check; whoever needs
 * them waits for `service_started`.
 */
const NO_HEALTHCHECK_IMAGES = ['grafana/alloy', 'jaegertracing/jaeger', 'otel/opentelemetry-collector-contrib'];

const imageName = (image: string) => image.replace(/:[^/:]+$/, '');

/** The host-side files of the bind mounts (`./path:/in/container[:ro]`). */
function bindMounts(s: Service): Array<{ source: string; target: string }> {
  return (s.volumes ?? [])
    .map((v) => v.split(':'))
    .filter(([source]) => source.startsWith('.') || source.startsWith('/'))
    .map(([source, target]) => ({ source, target }));
}

const flagValue = (args: string[] | undefined, flag: string) => {
  const i = (args ?? []).indexOf(flag);
  return i < 0 ? undefined : args![i + 1];
};

describe('docker-compose.yaml', () => {
  it('runs the whole demo stack', () => {
    expect(names.sort()).toEqual(
      [
        'alloy',
        'grafana',
        'ingest',
        'jaeger',
        'loki',
        'mysql',
        'otel-collector',
        'prometheus',
        'rollup',
        'seed',
        'workload',
      ].sort()
    );
  });

  it.each(names)('%s has a pinned image or a build from the repository', (name) => {
    const s = effective(name);
    expect(Boolean(s.image) || Boolean(s.build)).toBe(true);
    if (s.image) {
      const tag = /:([^/:]+)$/.exec(s.image)?.[1];
      expect(tag).toBeDefined();
      expect(tag).not.toBe('latest');
      expect(tag).toMatch(/\d/);
    }
    if (s.build) {
      // A context is relative to the file that sets it: Grafana's comes from .config/.
      const own = services[name].build?.context;
      const context = own
        ? path.join(REPO_ROOT, own)
        : path.join(REPO_ROOT, path.dirname(services[name].extends!.file), s.build.context);
      expect(fs.existsSync(path.join(context, s.build.dockerfile ?? 'Dockerfile'))).toBe(true);
    }
  });

  it.each(names)('%s has a health check, runs once, or has no shell to run one', (name) => {
    const s = effective(name);
    if (isOneShot(s)) {
      return;
    }
    if (s.healthcheck?.test === undefined) {
      expect(NO_HEALTHCHECK_IMAGES).toContain(imageName(s.image ?? ''));
      return;
    }
    expect(s.healthcheck.disable).not.toBe(true);
    const test = s.healthcheck.test;
    expect(Array.isArray(test) ? ['CMD', 'CMD-SHELL'] : ['string']).toContain(
      Array.isArray(test) ? test[0] : typeof test
    );
    expect(s.healthcheck.interval).toMatch(/^\d+s$/);
    expect(s.healthcheck.retries).toBeGreaterThan(0);
  });

  it.each(names)('%s depends only on services that exist, with a condition they can meet', (name) => {
    for (const [target, { condition }] of Object.entries(effective(name).depends_on ?? {})) {
      expect(names).toContain(target);
      const dep = effective(target);
      switch (condition) {
        case 'service_healthy':
          expect(dep.healthcheck?.test).toBeDefined();
          break;
        case 'service_completed_successfully':
          expect(isOneShot(dep)).toBe(true);
          break;
        case 'service_started':
          expect(isOneShot(dep)).toBe(false);
          break;
        default:
          throw new Error(`${name} → ${target}: unknown condition ${condition}`);
      }
    }
  });

  it('has no dependency cycle, and everything Grafana shows is up before Grafana is', () => {
    const visit = (name: string, seen: string[]): string[] => {
      expect(seen).not.toContain(name);
      return [name, ...Object.keys(services[name].depends_on ?? {}).flatMap((d) => visit(d, [...seen, name]))];
    };
    const beforeGrafana = new Set(visit('grafana', []));
    for (const name of names.filter((n) => n !== 'grafana')) {
      expect(beforeGrafana.has(name)).toBe(true);
    }
    expect(services.grafana.depends_on).toMatchObject({
      mysql: { condition: 'service_healthy' },
      seed: { condition: 'service_completed_successfully' },
      prometheus: { condition: 'service_healthy' },
      loki: { condition: 'service_healthy' },
    });
  });

  it.each(names)('%s mounts only files and directories that exist', (name) => {
    // Paths are relative to the file that names them: the inherited ones to .config/.
    const own = services[name];
    const inherited = own.extends ? base.services[own.extends.service] : undefined;
    const mounts = [
      ...bindMounts(own).map((m) => ({ ...m, dir: REPO_ROOT })),
      ...(inherited ? bindMounts(inherited) : []).map((m) => ({
        ...m,
        dir: path.join(REPO_ROOT, path.dirname(own.extends!.file)),
      })),
    ];
    for (const { source, dir } of mounts) {
      if (source.startsWith('/')) {
        // The log shipper reads the Docker socket of the host.
        expect(source).toBe('/var/run/docker.sock');
        continue;
      }
      expect([source, fs.existsSync(path.join(dir, source))]).toEqual([source, true]);
    }
  });

  it('declares the named volumes it uses', () => {
    const used = names.flatMap((n) =>
      (services[n].volumes ?? []).map((v) => v.split(':')[0]).filter((v) => /^[a-z][\w-]*$/.test(v))
    );
    expect(used.length).toBeGreaterThan(0);
    for (const volume of used) {
      expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    }
  });

  it("publishes Grafana and the Jaeger UI only; the workload's metrics port stays internal", () => {
    const published = names.flatMap((n) =>
      (effective(n).ports ?? []).map((p) => ({ n, host: String(p).split(':')[0] }))
    );
    // Not the scaffold's delve port (2345): the base file publishes it, the demo overrides the list.
    expect(published.sort((a, b) => a.host.localeCompare(b.host))).toEqual([
      { n: 'jaeger', host: '16686' },
      { n: 'grafana', host: '3000' },
    ]);
    expect(published.map((p) => p.host)).not.toContain('9100');
    const workload = services.workload;
    expect(workload.ports).toBeUndefined();
    expect(workload.expose).toEqual(['9100']);
    expect(flagValue(workload.command, '--metrics-port')).toBe('9100');
    expect(flagValue(workload.command, '--metrics-host')).toBe('0.0.0.0');
    const health = JSON.stringify(workload.healthcheck?.test);
    expect(health).toContain('http://127.0.0.1:9100/healthz');
  });

  it('runs the workload as the monitored service, sending traces to the collector', () => {
    const command = services.workload.command;
    expect(command?.[0]).toBe('.build/workload.cjs');
    expect(flagValue(command, '--service')).toBe(PROVISIONED_SERVICE);
    expect(flagValue(command, '--otlp-url')).toBe('http://otel-collector:4318');
  });

  it('fills the ledger through the ingest: the workload has no database account', () => {
    const workload = services.workload;
    expect(workload.environment?.MYSQL_URL).toBeUndefined();
    expect(flagValue(workload.command, '--ingest-url')).toBe('http://ingest:4318');
    expect(workload.depends_on?.ingest).toEqual({ condition: 'service_healthy' });
    expect(workload.depends_on?.mysql).toBeUndefined();
    // One demo key: sent by the workload and the collector, hashed by the ingest's entrypoint.
    const key = services.ingest.environment?.LLMOPS_INGEST_KEY ?? '';
    expect(composeDefault(key)).not.toBe('');
    expect(workload.environment?.LLMOPS_INGEST_KEY).toBe(key);
    expect(services['otel-collector'].environment?.LLMOPS_INGEST_KEY).toBe(key);
    expect(services['otel-collector'].depends_on?.ingest).toEqual({ condition: 'service_healthy' });
    const entrypoint = (services.ingest.entrypoint ?? []).join(' ');
    expect(entrypoint).toContain('.build/ingest.cjs hash-key "$$LLMOPS_INGEST_KEY"');
    expect(entrypoint).toContain('LLMOPS_INGEST_KEYS=');
  });

  it('runs the ingest as ledger_ingest, on the compose network only, ready when the database is', () => {
    const ingest = services.ingest;
    expect(ingest.build).toEqual(services.workload.build);
    expect(ingest.ports).toBeUndefined();
    expect(ingest.expose).toEqual(['4318']);
    expect(flagValue(ingest.command, '--listen')).toBe('0.0.0.0:4318');
    expect(flagValue(ingest.command, '--mysql-host')).toBe('mysql');
    expect(flagValue(ingest.command, '--mysql-database')).toBe(services.mysql.environment?.MYSQL_DATABASE);
    expect(flagValue(ingest.command, '--mysql-user')).toBe('ledger_ingest');
    expect(ingest.environment?.LLMOPS_INGEST_DB_PASSWORD).toBe(services.mysql.environment?.LEDGER_INGEST_PASSWORD);
    expect(JSON.stringify(ingest.healthcheck?.test)).toContain('http://127.0.0.1:4318/readyz');
    expect(ingest.depends_on).toEqual({
      mysql: { condition: 'service_healthy' },
      seed: { condition: 'service_completed_successfully' },
    });
  });

  it('runs Grafana with both plugin ids allowed unsigned and anonymous access off', () => {
    const grafana = effective('grafana');
    const allowed = grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS.split(',');
    expect(allowed).toEqual(expect.arrayContaining([APP_PLUGIN_ID, DATASOURCE_PLUGIN_ID]));
    expect(composeDefault(grafana.build?.args?.anonymous_auth_enabled ?? '')).toBe('false');
    expect(grafana.environment?.GF_AUTH_ANONYMOUS_ENABLED).toBeUndefined();
    expect(grafana.volumes).toEqual(
      expect.arrayContaining([
        '../dist:/var/lib/grafana/plugins/llmops-observability-app',
        '../provisioning:/etc/grafana/provisioning',
      ])
    );
  });

  it('gives Grafana and MySQL the same ledger_ro password, and the seed its working user', () => {
    const grafanaPassword = services.grafana.environment?.LEDGER_DB_PASSWORD ?? '';
    expect(composeDefault(grafanaPassword)).not.toBe('');
    expect(services.mysql.environment?.LEDGER_DB_PASSWORD).toBe(grafanaPassword);
    expect(services.mysql.environment?.MYSQL_DATABASE).toBe('rag_flow');
    const root = services.mysql.environment?.MYSQL_ROOT_PASSWORD ?? '';
    expect(composeDefault(services.seed.environment?.MYSQL_URL ?? '')).toBe(
      `mysql://root:${composeDefault(root)}@mysql:3306/rag_flow`
    );
  });

  it('seeds deterministic demo data once MySQL is healthy', () => {
    const seed = services.seed;
    expect(seed.build).toEqual(services.workload.build);
    expect(seed.command?.[0]).toBe('.build/seed.cjs');
    expect(flagValue(seed.command, '--seed')).toMatch(/^\w+$/);
    expect(flagValue(seed.command, '--rows')).toMatch(/^\d+$/);
    // Every `up` runs it again: the tables already hold rows then.
    expect(seed.command).toContain('--replace');
    expect(seed.depends_on).toEqual({ mysql: { condition: 'service_healthy' } });
    // It loads its rows with LOAD DATA LOCAL INFILE (tools/seed/load.ts), off by default in MySQL 8.
    expect(services.mysql.command).toContain('--local-infile=1');
  });
});

describe('MySQL initialisation (deploy/mysql/)', () => {
  const initScripts = bindMounts(services.mysql)
    .filter((m) => m.target.startsWith('/docker-entrypoint-initdb.d/'))
    .map((m) => ({ ...m, name: path.basename(m.target) }));
  const usersScript = readText(path.join(REPO_ROOT, 'deploy/mysql/02-ledger-users.sh'));

  it('creates the schema before the users, in the order the entrypoint runs them', () => {
    const ordered = [...initScripts].sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(ordered.map((m) => m.source)).toEqual([
      './deploy/mysql/01-directory.sql',
      './schema/mysql/001_ledger.sql',
      './schema/mysql/003_rollups.sql',
      './schema/mysql/007_audit_chain.sql',
      './deploy/mysql/02-ledger-users.sh',
    ]);
  });

  it("creates the rollup job's user from the repository's template, with the job's password", () => {
    const template = bindMounts(services.mysql).find((m) => m.source === './schema/mysql/004_rollup_user.sql');
    expect(template).toBeDefined();
    expect(usersScript).toContain(template!.target);
    expect(usersScript).toContain('__LEDGER_ROLLUP_PASSWORD__');
    expect(usersScript).toContain('$LEDGER_ROLLUP_PASSWORD');
    // The same password in the database and in the job.
    expect(services.mysql.environment?.LEDGER_ROLLUP_PASSWORD).toBe(
      services.rollup.environment?.LEDGER_ROLLUP_PASSWORD
    );
    const args = services.rollup.command ?? [];
    expect(flagValue(args, '--user')).toBe('ledger_rollup');
    expect(flagValue(args, '--host')).toBe('mysql');
    expect(flagValue(args, '--database')).toBe(services.mysql.environment?.MYSQL_DATABASE);
  });

  it('has the rollup job maintain the ledger with the default retention, for real (no dry run)', () => {
    const args = services.rollup.command ?? [];
    expect(args).toContain('--maintain');
    expect(args).not.toContain('--dry-run');
    // The defaults: audit events a year, usage rows forever.
    expect(flagValue(args, '--audit-retention-days')).toBeUndefined();
    expect(flagValue(args, '--usage-retention-days')).toBeUndefined();
  });

  it.each([
    ['ledger_ro', './schema/mysql/002_readonly_user.sql', '__LEDGER_RO_PASSWORD__', '$LEDGER_DB_PASSWORD'],
    ['ledger_ingest', './schema/mysql/006_ingest_user.sql', '__LEDGER_INGEST_PASSWORD__', '$LEDGER_INGEST_PASSWORD'],
  ])("creates %s from the repository's template, and no user of its own", (_user, source, placeholder, variable) => {
    const template = bindMounts(services.mysql).find((m) => m.source === source);
    expect(template).toBeDefined();
    expect(usersScript).toContain(template!.target);
    expect(usersScript).toContain(placeholder);
    expect(usersScript).toContain(variable);
    expect(usersScript.match(/GRANT [^;]+;/g) ?? []).toEqual([]);
    expect(fs.statSync(path.join(REPO_ROOT, 'deploy/mysql/02-ledger-users.sh')).mode & 0o111).not.toBe(0);
  });

  it("gives the rollup job its maintenance grants (008) after 004 and the audit chain's tables", () => {
    const template = bindMounts(services.mysql).find((m) => m.source === './schema/mysql/008_maintenance_user.sql');
    expect(template).toBeDefined();
    const use = usersScript.indexOf(template!.target);
    expect(use).toBeGreaterThan(usersScript.indexOf('/ledger-schema/004_rollup_user.sql'));
    expect(services.rollup.command).toContain('--maintain');
  });
});

describe('deploy/prometheus/prometheus.yml', () => {
  const config = readRepoYaml<{
    global: { scrape_interval: string };
    scrape_configs: Array<{ job_name: string; metrics_path?: string; static_configs: Array<{ targets: string[] }> }>;
  }>('deploy/prometheus/prometheus.yml');

  it('scrapes the workload as job "ragflow", the job the Service Health queries select', () => {
    const job = config.scrape_configs.find((j) => j.job_name === PROVISIONED_SERVICE);
    expect(job?.static_configs.flatMap((c) => c.targets)).toEqual(['workload:9100']);
    expect(job?.metrics_path ?? '/metrics').toBe('/metrics');
    const promql = serviceHealthQueries(PROVISIONED_SERVICE).filter((q) => q.language === 'promql');
    expect(promql.length).toBeGreaterThan(0);
    for (const q of promql) {
      expect(q.expr).toContain(`job="${PROVISIONED_SERVICE}"`);
    }
  });

  it('scrapes at the interval the Prometheus datasource assumes', () => {
    const ds = readYaml('datasources/prometheus.yaml') as {
      datasources: Array<{ jsonData: { timeInterval: string } }>;
    };
    expect(config.global.scrape_interval).toBe(ds.datasources[0].jsonData.timeInterval);
  });

  it('is mounted where the image reads its configuration', () => {
    expect(services.prometheus.volumes).toContain(
      './deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro'
    );
  });
});

describe('deploy/otel-collector/config.yaml', () => {
  interface Pipeline {
    receivers: string[];
    processors?: string[];
    exporters: string[];
  }
  const config = readRepoYaml<{
    receivers: Record<string, { protocols: { http?: { endpoint: string } } }>;
    processors: Record<string, Record<string, unknown>>;
    exporters: Record<string, { endpoint: string; tls?: { insecure: boolean } }>;
    extensions?: Record<string, unknown>;
    service: { extensions?: string[]; pipelines: Record<string, Pipeline> };
  }>('deploy/otel-collector/config.yaml');
  const traces = config.service.pipelines['traces/jaeger'];
  const llmops = config.service.pipelines['traces/llmops'];
  const transform = config.processors['transform/scrub'] as {
    trace_statements: Array<{ context: string; statements: string[] }>;
  };
  const statements = transform.trace_statements.flatMap((s) => s.statements);
  const stringArgs = (fn: string) =>
    statements.filter((s) => s.startsWith(`${fn}(`)).map((s) => [...s.matchAll(/"([^"]*)"/g)].map((m) => m[1]));
  // Go's RE2 `(?i)` prefix as a JavaScript flag.
  const goRegex = (source: string) =>
    source.startsWith('(?i)') ? new RegExp(source.slice(4), 'i') : new RegExp(source);

  it('has pipelines that name only components it defines', () => {
    for (const pipeline of Object.values(config.service.pipelines)) {
      pipeline.receivers.forEach((r) => expect(Object.keys(config.receivers)).toContain(r));
      (pipeline.processors ?? []).forEach((p) => expect(Object.keys(config.processors)).toContain(p));
      pipeline.exporters.forEach((e) => expect(Object.keys(config.exporters)).toContain(e));
    }
    (config.service.extensions ?? []).forEach((e) => expect(Object.keys(config.extensions ?? {})).toContain(e));
    const component = /^[a-z][a-z0-9_]*(\/[\w-]+)?$/;
    [config.receivers, config.processors, config.exporters].forEach((group) =>
      Object.keys(group).forEach((id) => expect(id).toMatch(component))
    );
  });

  it('receives OTLP/HTTP on 4318, where the workload sends, for Jaeger and for the ingest', () => {
    expect(config.receivers.otlp.protocols.http?.endpoint).toBe('0.0.0.0:4318');
    expect(traces.receivers).toEqual(['otlp']);
    expect(llmops.receivers).toEqual(['otlp']);
    expect(Object.keys(config.service.pipelines).sort()).toEqual(['traces/jaeger', 'traces/llmops']);
  });

  it('sends every GenAI span to the ingest: no sampling, no scrubbing, the key, retries', () => {
    expect(llmops.processors).toEqual(['filter/genai', 'batch']);
    const filter = config.processors['filter/genai'] as { traces: { span: string[] } };
    // Drops a span only when it has none of the attributes an LLM call has.
    expect(filter.traces.span).toHaveLength(1);
    for (const attribute of ['gen_ai.operation.name', 'gen_ai.request.model', 'llm.model_name']) {
      expect(filter.traces.span[0]).toContain(`attributes["${attribute}"] == nil`);
    }
    expect(filter.traces.span[0]).not.toContain(' or ');
    expect(llmops.exporters).toEqual(['otlp_http/llmops']);
    const exporter = config.exporters['otlp_http/llmops'] as unknown as {
      endpoint: string;
      headers: Record<string, string>;
      retry_on_failure: { enabled: boolean };
      sending_queue: { enabled: boolean };
    };
    expect(exporter.endpoint).toBe('http://ingest:4318');
    expect(exporter.headers.Authorization).toBe('Bearer ${env:LLMOPS_INGEST_KEY}');
    expect(exporter.retry_on_failure.enabled).toBe(true);
    expect(exporter.sending_queue.enabled).toBe(true);
  });

  it('samples traces, scrubs them, then batches them', () => {
    const sampler = config.processors.probabilistic_sampler as { sampling_percentage: number };
    expect(sampler.sampling_percentage).toBeGreaterThan(0);
    expect(sampler.sampling_percentage).toBeLessThan(100);
    expect(traces.processors).toEqual(['probabilistic_sampler', 'transform/scrub', 'batch']);
  });

  it('deletes attributes whose keys could hold prompts, messages or e-mail addresses, everywhere', () => {
    expect(transform.trace_statements.map((s) => s.context).sort()).toEqual(['resource', 'span', 'spanevent']);
    const deletions = stringArgs('delete_matching_keys');
    expect(deletions).toHaveLength(3);
    for (const [pattern] of deletions) {
      const re = goRegex(pattern);
      for (const key of [
        'gen_ai.prompt',
        'llm.prompts',
        'gen_ai.completion.0.content',
        'llm.input_messages',
        'message',
        'user.email',
        'Email',
        'enduser.id',
        'user_id',
        'e-mail',
      ]) {
        expect([key, re.test(key)]).toEqual([key, true]);
      }
      for (const key of [
        'http.route',
        'http.response.status_code',
        'db.system',
        'service.name',
        'tenant_id',
        'llm.model_name',
      ]) {
        expect([key, re.test(key)]).toEqual([key, false]);
      }
    }
  });

  it('masks e-mail addresses left in any attribute value', () => {
    const masks = stringArgs('replace_all_patterns');
    expect(masks).toHaveLength(3);
    for (const [mode, pattern, replacement] of masks) {
      expect(mode).toBe('value');
      expect(replacement).not.toMatch(/@/);
      const re = new RegExp(pattern, 'g');
      expect('login failed for alice.smith+rag@mail.example.co.uk'.replace(re, replacement)).toBe(
        `login failed for ${replacement}`
      );
      expect('GET /v1/chat 200 in 35 ms'.replace(re, replacement)).toBe('GET /v1/chat 200 in 35 ms');
    }
  });

  it('exports to Jaeger over OTLP/gRPC', () => {
    expect(traces.exporters).toEqual(['otlp_grpc/jaeger']);
    expect(config.exporters['otlp_grpc/jaeger']).toEqual({ endpoint: 'jaeger:4317', tls: { insecure: true } });
    expect(names).toContain('jaeger');
  });

  it('is mounted where the contrib image reads its configuration', () => {
    expect(services['otel-collector'].volumes).toContain(
      './deploy/otel-collector/config.yaml:/etc/otelcol-contrib/config.yaml:ro'
    );
  });

  it('runs in the release the tests build their collector from (tests/tools/otelcol)', () => {
    const goMod = fs.readFileSync(path.join(REPO_ROOT, 'tests', 'tools', 'otelcol', 'go.mod'), 'utf8');
    const contrib = [
      ...goMod.matchAll(/^\s*(github\.com\/open-telemetry\/opentelemetry-collector-contrib\/\S+) v(\S+)/gm),
    ];
    expect(contrib.length).toBeGreaterThan(0);
    const versions = new Set(contrib.map((m) => m[2]));
    expect(versions.size).toBe(1);
    expect(services['otel-collector'].image).toBe(`otel/opentelemetry-collector-contrib:${[...versions][0]}`);
  });
});

describe('logs: deploy/loki/loki.yaml and deploy/alloy/config.alloy', () => {
  const loki = readRepoYaml<{
    auth_enabled: boolean;
    server: { http_listen_port: number };
    common: { storage: { filesystem: Record<string, string> }; replication_factor: number };
    schema_config: { configs: Array<{ store: string; object_store: string; schema: string }> };
  }>('deploy/loki/loki.yaml');
  const alloy = readText(path.join(REPO_ROOT, 'deploy/alloy/config.alloy'));

  it('runs Loki as one process on 3100 with filesystem storage', () => {
    expect(loki.auth_enabled).toBe(false);
    expect(loki.server.http_listen_port).toBe(3100);
    expect(loki.common.replication_factor).toBe(1);
    expect(Object.values(loki.common.storage.filesystem).every((dir) => dir.startsWith('/loki/'))).toBe(true);
    expect(loki.schema_config.configs).toEqual([
      expect.objectContaining({ store: 'tsdb', object_store: 'filesystem', schema: 'v13' }),
    ]);
    expect(services.loki.command).toEqual(['-config.file=/etc/loki/loki.yaml']);
    expect(services.loki.volumes).toContain('loki-data:/loki');
  });

  it("ships the workload's stdout to Loki with service_name=ragflow, the stream the Service Health page reads", () => {
    const label = 'llmops.logs.service_name';
    expect(services.workload.labels?.[label]).toBe(PROVISIONED_SERVICE);
    expect(alloy).toContain(`values = ["${label}"]`);
    expect(alloy).toContain(`source_labels = ["__meta_docker_container_label_${label.replace(/\./g, '_')}"]`);
    expect(alloy).toMatch(/target_label\s*=\s*"service_name"/);
    expect(alloy).toContain('url = "http://loki:3100/loki/api/v1/push"');
    expect(services.alloy.command).toContain('/etc/alloy/config.alloy');
    const logql = serviceHealthQueries(PROVISIONED_SERVICE).filter((q) => q.language === 'logql');
    expect(logql.length).toBeGreaterThan(0);
    for (const q of logql) {
      expect(q.expr).toContain(`{service_name="${PROVISIONED_SERVICE}"}`);
    }
  });

  it('balances the braces of every Alloy block', () => {
    // Whole-line comments only: `//` also occurs in the URLs.
    const uncommented = alloy.replace(/^\s*\/\/.*$/gm, '');
    const code = uncommented.replace(/"[^"]*"/g, '""');
    let depth = 0;
    for (const c of code) {
      depth += c === '{' ? 1 : c === '}' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    const blocks = [...uncommented.matchAll(/^([a-z_.]+)\s+"(\w+)"\s*\{/gm)].map((m) => `${m[1]}.${m[2]}`);
    expect(blocks).toEqual([
      'discovery.docker.labelled',
      'discovery.relabel.labelled',
      'loki.source.docker.labelled',
      'loki.write.local',
    ]);
    // Every component reference names a block defined here.
    for (const [, ref] of code.matchAll(/=\s*\[?([a-z_]+\.[a-z_.]+)\.(?:targets|rules|receiver)/g)) {
      expect(blocks).toContain(ref);
    }
  });
});

describe('provisioned datasources point at the stack', () => {
  /** The port each service listens on inside the compose network. */
  const LISTENS: Record<string, number> = { prometheus: 9090, loki: 3100, jaeger: 16686, mysql: 3306 };

  it.each(yamlFiles('datasources'))('%s', (file) => {
    const { datasources } = readYaml(file) as {
      datasources: Array<{ url?: string; jsonData?: { host?: string; port?: number } }>;
    };
    for (const ds of datasources) {
      const { host, port } = ds.url
        ? (() => {
            const url = new URL(ds.url);
            return { host: url.hostname, port: Number(url.port) };
          })()
        : { host: ds.jsonData?.host, port: ds.jsonData?.port };
      expect(names).toContain(host);
      expect(port).toBe(LISTENS[host!]);
      expect(services.grafana.depends_on).toHaveProperty(host!);
    }
  });

  it("uses Loki's own port", () => {
    const loki = readRepoYaml<{ server: { http_listen_port: number } }>('deploy/loki/loki.yaml');
    expect(LISTENS.loki).toBe(loki.server.http_listen_port);
  });
});

describe('package.json', () => {
  it('starts the stack with `npm run server` and waits until it is ready', () => {
    const pkg = JSON.parse(readText(path.join(REPO_ROOT, 'package.json'))) as { scripts: Record<string, string> };
    expect(pkg.scripts.server).toBe('node scripts/server.mjs');
    // After its checks, set-up and build, the script hands over to Compose (scripts/server.test.ts
    // runs its checks).
    expect(readText(path.join(REPO_ROOT, 'scripts', 'server.mjs'))).toContain(
      "run('docker', ['compose', 'up', '--build', '--wait', ...args]);"
    );
  });
});

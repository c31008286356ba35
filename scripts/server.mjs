// npm run server — the demo stack on a fresh clone, in one command:
// 1. checks for Docker Compose v2 (2.24.4 or later: docker-compose.yaml uses `!override`) and a
//    running Docker engine, and stops at once with one line naming what is missing and where to get it;
// 2. installs node_modules (npm ci) when they are missing or older than package-lock.json;
// 3. builds the plugin (dist/, which the Grafana container mounts);
// 4. `docker compose up --build --wait` with any extra arguments (`npm run server -- --force-recreate`).
// `--check` runs step 1 only.
import { spawnSync } from 'node:child_process';
import { ensureNodeModules, findProgram, nodeVersionProblem, ROOT } from './lib/setup.mjs';

/** `!override` in docker-compose.yaml arrived in Compose 2.24.4. */
const MIN_COMPOSE = [2, 24, 4];
const GET_DOCKER = 'https://docs.docker.com/get-started/get-docker/';
const GET_COMPOSE = 'https://docs.docker.com/compose/install/';

function docker(args, env) {
  const r = spawnSync('docker', args, { env, encoding: 'utf8', timeout: 20_000 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}`.trim(), err: `${r.stderr ?? ''}`.trim() };
}

function olderThan(version, min) {
  for (let i = 0; i < min.length; i++) {
    if ((version[i] ?? 0) !== min[i]) {
      return (version[i] ?? 0) < min[i];
    }
  }
  return false;
}

/** What stops the stack from starting, as one line; undefined when Docker and Compose are ready. */
function dockerProblem(env = process.env) {
  if (!findProgram(['docker'], env)) {
    return `npm run server needs Docker with Compose v2 (${MIN_COMPOSE.join('.')} or later), and docker is not installed: get it from ${GET_DOCKER}`;
  }
  const problems = [];
  const compose = docker(['compose', 'version', '--short'], env);
  const version = /^v?(\d+)\.(\d+)\.(\d+)/.exec(compose.out);
  if (!compose.ok || !version) {
    problems.push(
      `Docker Compose v2 is missing (\`docker compose\` is not a docker command here): install the Compose plugin, ${GET_COMPOSE}`
    );
  } else if (olderThan(version.slice(1).map(Number), MIN_COMPOSE)) {
    problems.push(
      `Docker Compose ${compose.out} is too old (docker-compose.yaml needs ${MIN_COMPOSE.join('.')} or later): update it, ${GET_COMPOSE}`
    );
  }
  const engine = docker(['info', '--format', '{{.ServerVersion}}'], env);
  if (!engine.ok || engine.out === '') {
    problems.push(
      `the Docker engine is not running or not reachable (docker info failed): start Docker Engine or Docker Desktop, ${GET_DOCKER}`
    );
  }
  return problems.length > 0 ? `npm run server: ${problems.join('; and ')}` : undefined;
}

function run(command, args) {
  const r = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    process.exit(r.status ?? 1);
  }
}

function main() {
  const problem = dockerProblem() ?? nodeVersionProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const args = process.argv.slice(2);
  if (args.includes('--check')) {
    console.log('npm run server: Docker and Compose are ready');
    return;
  }
  ensureNodeModules();
  run('npm', ['run', '--silent', 'build']);
  run('docker', ['compose', 'up', '--build', '--wait', ...args]);
}

main();

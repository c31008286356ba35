/**
 * Which Playwright projects this run selected, from the command line. The `shell` project is not a
 * default one (`npx playwright test` runs the Grafana projects), so the shell environment, which
 * takes a database and a host to build, starts only when `--project shell` asks for it.
 */

/** The names or patterns given with `--project`; empty when none was given. */
export function selectedProjects(argv: string[] = process.argv): string[] {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--project') {
      // Variadic, as Playwright reads it: every following argument up to the next option.
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) {
        names.push(argv[++i]!);
      }
    } else if (arg.startsWith('--project=')) {
      names.push(arg.slice('--project='.length));
    }
  }
  return names.flatMap((n) => n.split(',')).filter((n) => n !== '');
}

function matches(pattern: string, name: string): boolean {
  const escaped = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`).test(name.toLowerCase());
}

/** Whether this run includes the `shell` project (`--project shell`, or a pattern that matches it). */
export function runsShellProject(argv: string[] = process.argv): boolean {
  return selectedProjects(argv).some((p) => matches(p, 'shell'));
}

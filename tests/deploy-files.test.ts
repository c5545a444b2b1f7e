import fs from 'node:fs';
import path from 'node:path';

// This machine cannot build the image, so CI checks the deploy files agree with what it does run:
// the Dockerfile's install, build and start commands are those of scripts/production-check.sh
// (which CI runs), and .env.example lists exactly the settings server/config.ts reads.
const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The commands a Dockerfile runs: RUN lines (split at &&) and the exec-form CMD. */
function dockerCommands(dockerfile: string): string[] {
  const lines = dockerfile.replace(/\\\n\s*/g, ' ').split('\n');
  const runs = lines.filter((line) => line.startsWith('RUN ')).flatMap((line) => line.slice(4).split('&&').map((part) => part.trim()));
  const cmd = lines.find((line) => line.startsWith('CMD '));
  return [...runs, ...(cmd ? [(JSON.parse(cmd.slice(4)) as string[]).join(' ')] : [])];
}

describe('deploy files', () => {
  it('the Dockerfile installs, builds and starts with the commands the production check runs', () => {
    const script = read('scripts/production-check.sh');
    const commands = dockerCommands(read('Dockerfile')).filter((command) => /^(npm|node) /.test(command) && command !== 'npm cache clean --force');
    expect(commands).toEqual([
      'npm ci --ignore-scripts --no-audit --no-fund',
      'npm run build',
      'npm ci --omit=dev --ignore-scripts --no-audit --no-fund',
      'node dist/server/index.js',
    ]);
    for (const command of commands) expect(script).toContain(command);
  });

  it('the image runs as a non-root user, checks /healthz and stops with SIGTERM', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(dockerfile).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(dockerfile).toMatch(/^ENV .*HOST=0\.0\.0\.0/m);
  });

  it('compose and the systemd unit start node directly, the app after PostgreSQL is healthy', () => {
    const compose = read('compose.yaml');
    expect(compose).toContain('image: postgres:15');
    expect(compose).toMatch(/depends_on:\s+db:\s+condition: service_healthy/);
    expect(compose).toContain('/readyz');
    expect(read('deploy/counterclaim.service')).toMatch(/^ExecStart=\/usr\/bin\/node dist\/server\/index\.js$/m);
  });

  it('.env.example lists exactly the settings server/config.ts reads', () => {
    const config = read('server/config.ts');
    const read_ = new Set([...config.matchAll(/env\.([A-Z][A-Z0-9_]*)|env, '([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1] ?? m[2]));
    const example = read('.env.example');
    const composeOnly = example.slice(example.indexOf('# compose.yaml only'));
    const listed = new Set([...example.replace(composeOnly, '').matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    expect([...listed].sort()).toEqual([...read_].sort());
  });
});

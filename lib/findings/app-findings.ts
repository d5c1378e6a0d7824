import type { Instruction } from 'dockerfile-ast';
import type { FinalFile } from '@/lib/image-files/analyse-layers';
import { bytesUnder } from '@/lib/image-files/summarise';

// What an image ships that its application does not need at run time, proven from its
// files and its Dockerfile's final stage: a development server as the command, tests,
// docs and sources beside what runs, dev dependencies in node_modules, and a runtime a
// static site does not need.

export interface AppFinding {
  id: 'dev-server-in-image' | 'sources-shipped' | 'dev-dependencies-shipped' | 'runtime-not-needed';
  title: string;
  where: { line?: number; path?: string };
  bytes: number | null;
  fix: string;
  detail: string;
}

export interface AppFindingInput {
  /** the final stage's instructions */
  finalStage: Instruction[];
  final: Map<string, FinalFile>;
  /** the repository's package.json devDependencies, where it has one */
  devDependencies: string[];
}

const lineOf = (instruction: Instruction) => (instruction.getRange().start.line ?? 0) + 1;

/** Commands that serve an application for development: they watch and rebuild, and ship the toolchain to do it. */
const DEV_SERVERS: [RegExp, string][] = [
  [/\bnodemon\b/, 'nodemon'],
  [/\breact-scripts\s+start\b/, 'react-scripts start'],
  [/\bvite(?!\s+(build|preview))(\s|"|$)/, 'vite (its dev server)'],
  [/\bng\s+serve\b/, 'ng serve'],
  [/\bvue-cli-service\s+serve\b/, 'vue-cli-service serve'],
  [/\bwebpack(-dev-server|\s+serve)\b/, 'webpack-dev-server'],
  [/\bts-node(-dev)?\b/, 'ts-node'],
  [/\btsx\s+watch\b/, 'tsx watch'],
  [/\bnext\s+dev\b/, 'next dev'],
  [/\bnpm\s+run\s+dev\b|\byarn\s+dev\b|\bpnpm\s+(run\s+)?dev\b/, 'the dev script'],
  [/\bmanage\.py\s+runserver\b/, 'Django’s runserver'],
  [/\bflask\s+run\b/, 'flask run'],
];

/** Commands that serve files and nothing else: a static site. */
const STATIC_SERVERS = /\bserve\s+(-s\s+)?\S*|\bhttp-server\b|\bvite\s+preview\b/;

const TEST_OR_DOC =
  /(^|\/)(__tests__|__mocks__|tests?|spec|docs?|coverage|\.github|\.git|e2e|cypress)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)(README|CHANGELOG|CONTRIBUTING)(\.\w+)?$/i;

/** An instruction's command as words: the exec form's array joined, the shell form as written. */
function words(content: string): string {
  if (!content.trim().startsWith('[')) return content;
  try {
    const parsed: unknown = JSON.parse(content);
    return Array.isArray(parsed) ? parsed.map(String).join(' ') : content;
  } catch {
    return content;
  }
}

/** The final stage's ENTRYPOINT and CMD (the last of each), as words. */
function command(stage: Instruction[]): { text: string; line?: number } {
  const last = (keyword: string) => [...stage].reverse().find((i) => i.getKeyword() === keyword);
  const parts = [last('ENTRYPOINT'), last('CMD')].filter((i): i is Instruction => i !== undefined);
  const text = parts.map((i) => words(i.getArgumentsContent() ?? '')).join(' ');
  const cmd = last('CMD') ?? last('ENTRYPOINT');
  return { text, line: cmd ? lineOf(cmd) : undefined };
}

function workdir(stage: Instruction[]): string | null {
  const dir = [...stage]
    .reverse()
    .find((i) => i.getKeyword() === 'WORKDIR')
    ?.getArgumentsContent()
    ?.trim();
  if (!dir || dir === '/') return null;
  return dir.replace(/\/$/, '');
}

export function findAppIssues(input: AppFindingInput): AppFinding[] {
  const findings: AppFinding[] = [];
  const cmd = command(input.finalStage);
  const where = cmd.line ? { line: cmd.line } : {};

  // 1. a development server as the command
  const dev = DEV_SERVERS.find(([pattern]) => pattern.test(cmd.text));
  if (dev) {
    findings.push({
      id: 'dev-server-in-image',
      title: `The image runs a development server (${dev[1]})`,
      where,
      bytes: null,
      fix: 'Build the application in a builder stage (npm run build) and run what it builds: node on the built server, or a small static server for a front-end app.',
      detail:
        'A development server watches files and rebuilds on change: it needs the whole toolchain and every dev dependency in the image, starts slowly and is not made for production traffic.',
    });
  }

  // 2. tests, docs and the like next to the application
  const app = workdir(input.finalStage);
  if (app) {
    let bytes = 0;
    let count = 0;
    for (const [path, file] of input.final) {
      if (file.type === 'dir' || !path.startsWith(`${app}/`) || path.includes('/node_modules/')) continue;
      if (TEST_OR_DOC.test(path.slice(app.length + 1))) {
        bytes += file.size;
        count += 1;
      }
    }
    if (count >= 3 && bytes >= 16 * 1024) {
      findings.push({
        id: 'sources-shipped',
        title: `The image ships ${count} test, documentation and repository files under ${app}`,
        where: { path: app },
        bytes,
        fix: 'List tests, docs, .git and the like in .dockerignore, or copy only what runs into the final stage.',
        detail: `${count} files (${bytes} bytes) under ${app} are tests, documentation or repository metadata; nothing at run time reads them.`,
      });
    }
  }

  // 3. dev dependencies in node_modules
  if (input.devDependencies.length) {
    const shipped: { name: string; bytes: number; path: string }[] = [];
    for (const name of input.devDependencies) {
      for (const root of [app, ''].filter((r): r is string => r !== null)) {
        const dir = `${root}/node_modules/${name}`;
        if (input.final.get(dir)?.type === 'dir' || input.final.has(`${dir}/package.json`)) {
          shipped.push({ name, path: dir, bytes: bytesUnder(input.final, dir).bytes });
          break;
        }
      }
    }
    if (shipped.length) {
      const bytes = shipped.reduce((sum, s) => sum + s.bytes, 0);
      const names = shipped
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 5)
        .map((s) => s.name);
      findings.push({
        id: 'dev-dependencies-shipped',
        title: `${shipped.length} dev dependenc${shipped.length === 1 ? 'y is' : 'ies are'} in the image (${names.join(', ')}${shipped.length > 5 ? ', …' : ''})`,
        where: { path: shipped[0]!.path.replace(/\/node_modules\/.*$/, '/node_modules') },
        bytes,
        fix: 'Install with npm ci --omit=dev in the final stage, or npm prune --omit=dev in the builder before copying node_modules.',
        detail: `package.json lists them as devDependencies: ${shipped.map((s) => s.name).join(', ')} (${bytes} bytes). They build and test the application; it does not run with them.`,
      });
    }
  }

  // 4. a static site served by a Node.js runtime
  const node = input.final.get('/usr/local/bin/node') ?? input.final.get('/usr/bin/node');
  if (node && STATIC_SERVERS.test(cmd.text)) {
    const modules = ['/usr/local/lib/node_modules', ...(app ? [`${app}/node_modules`] : [])].reduce((sum, dir) => sum + bytesUnder(input.final, dir).bytes, 0);
    findings.push({
      id: 'runtime-not-needed',
      title: 'A static site is served by the Node.js runtime',
      where,
      bytes: node.size + modules,
      fix: 'Copy the built files (dist/ or build/) onto a small static server image (busybox httpd, nginx) in the final stage: no Node.js at run time.',
      detail: `The command (${cmd.text.slice(0, 80)}) serves files; node (${node.size} bytes) and node_modules come along only to do that.`,
    });
  }
  return findings;
}

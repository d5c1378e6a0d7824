import { appendFileSync, existsSync, mkdtempSync, openAsBlob, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ignore from '@balena/dockerignore';
import { create as createTar } from 'tar';
import { evaluateFailOn, FailOnError, parseFailOn, type FailOnRule } from '@/lib/cli/fail-on';
import { summaryMarkdown } from '@/lib/cli/markdown';
import { formatBytes } from '@/lib/format';
import type { AnalysisJson } from '@/lib/analyses/analysis-json';
import type { RepositoryJson, HistoryEntryJson } from '@/lib/repositories/repository-json';

// shipshape analyse <git-url|dir> [--ref] [--subdir] [--repository] [--server] [--token]
//   [--fail-on "size>50MB,growth>5%,efficiency<0.95,wasted>10MB"] [--json] [--markdown FILE]
// shipshape analyse --image <reference|docker save file> [--registry-user USER] (the password in
//   $SHIPSHAPE_REGISTRY_PASSWORD): an image that exists already, analysed as it is
// Exit codes: 0 every rule passed, 1 a rule failed, 2 an error (what happened is printed).

const USAGE = `Usage: shipshape analyse <git-url|dir> [options]
       shipshape analyse --image <image reference|docker save .tar/.tar.gz> [options]

  --ref REF            branch, tag or commit of a git URL
  --subdir DIR         the folder of the repository to analyse
  --repository NAME    the repository an uploaded folder is of (default: the folder's name)
  --server URL         the Shipshape server (default: $SHIPSHAPE_URL, else http://localhost:3000)
  --token TOKEN        an API token (default: $SHIPSHAPE_TOKEN)
  --fail-on RULES      e.g. "size>50MB,growth>5%,efficiency<0.95,wasted>10MB"
                       (a variant after a colon: size:repository>1GB; default multi-stage)
  --platform P         also build the multi-stage image for P (linux/arm64)
  --image              the source is an image: a reference the server pulls, or a docker save file;
                       rules without a variant judge it (size>200MB)
  --registry-user U    the registry's user for --image (the password or token in $SHIPSHAPE_REGISTRY_PASSWORD)
  --json               print the result as JSON
  --markdown FILE      write a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)

Exit codes: 0 passed, 1 a rule failed (the repository's budget or --fail-on), 2 an error.`;

class CliError extends Error {}

interface Options {
  source: string;
  ref?: string;
  subdir?: string;
  repository?: string;
  server: string;
  token?: string;
  rules: FailOnRule[];
  platform?: string;
  image: boolean;
  registryUser?: string;
  json: boolean;
  markdown?: string;
}

function readOptions(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ref: { type: 'string' },
      subdir: { type: 'string' },
      repository: { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      'fail-on': { type: 'string' },
      platform: { type: 'string' },
      image: { type: 'boolean', default: false },
      'registry-user': { type: 'string' },
      json: { type: 'boolean', default: false },
      markdown: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const [command, source, ...rest] = positionals;
  if (command !== 'analyse' && command !== 'analyze') throw new CliError(`Unknown command "${command ?? ''}".\n\n${USAGE}`);
  if (!source || rest.length) throw new CliError(`Give one ${values.image ? 'image reference or docker save file' : 'git URL or folder'} to analyse.\n\n${USAGE}`);
  if (!values.image && values['registry-user']) throw new CliError('--registry-user is for --image.');
  const server = values.server ?? process.env.SHIPSHAPE_URL ?? 'http://localhost:3000';
  if (!/^https?:\/\//.test(server)) throw new CliError(`--server must be an http(s) URL, not "${server}".`);
  return {
    source,
    ref: values.ref,
    subdir: values.subdir,
    repository: values.repository,
    server: server.replace(/\/+$/, ''),
    token: values.token ?? process.env.SHIPSHAPE_TOKEN ?? undefined,
    rules: values['fail-on'] ? parseFailOn(values['fail-on'], values.image ? 'image' : 'multi-stage') : [],
    platform: values.platform,
    image: values.image ?? false,
    registryUser: values['registry-user'],
    json: values.json ?? false,
    markdown: values.markdown,
  };
}

const GIT_URL = /^(https?|ssh|git):\/\/|^[^@/:\s]+@[^:/\s]+:/;

/** Talks to the server; its error messages are shown as they are. */
async function api<T>(options: Options, pathname: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${options.server}${pathname}`, {
      ...init,
      headers: { Accept: 'application/json', ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}), ...init.headers },
    });
  } catch (error) {
    throw new CliError(
      `Could not reach the Shipshape server at ${options.server}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}. Check --server (or SHIPSHAPE_URL).`,
    );
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new CliError(`${options.server} answered ${response.status} with something that is not Shipshape's JSON. Check --server.`);
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${response.status}`;
    throw new CliError(`The server refused: ${message}`);
  }
  return body as T;
}

/** The folder as a .tar.gz, without what its .dockerignore excludes (and without .git). */
async function archiveFolder(dir: string): Promise<string> {
  const ignoreFile = path.join(dir, '.dockerignore');
  const rules = ignore().add(['.git', ...(existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8').split('\n') : [])]);
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-cli-')), `${path.basename(path.resolve(dir)) || 'repository'}.tar.gz`);
  await createTar(
    { gzip: true, cwd: dir, file: out, portable: true, filter: (name) => name === '.' || !rules.ignores(name.replace(/^\.\//, '')) },
    readdirSync(dir).filter((name) => !rules.ignores(name)),
  );
  return out;
}

/** The folder's commit, when it is a git checkout. */
function folderCommit(dir: string): { sha: string; subject: string } | null {
  try {
    const [sha = '', subject = ''] = execFileSync('git', ['-C', dir, 'log', '-1', '--format=%H%n%s'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n');
    return /^[0-9a-f]{40,64}$/.test(sha) ? { sha, subject } : null;
  } catch {
    return null;
  }
}

/** An image: its docker save file uploaded, or its reference for the server to pull (with the registry's credentials, when given). */
async function submitImage(options: Options): Promise<string> {
  if (options.ref || options.subdir || options.platform) throw new CliError('--ref, --subdir and --platform are for repositories; an image is analysed as it is.');
  if (existsSync(options.source) && statSync(options.source).isFile()) {
    const form = new FormData();
    form.set('type', 'image-archive');
    form.set('archive', await openAsBlob(options.source), path.basename(options.source));
    return (await api<{ id: string }>(options, '/api/analyses', { method: 'POST', body: form })).id;
  }
  const password = process.env.SHIPSHAPE_REGISTRY_PASSWORD;
  if (options.registryUser && !password) throw new CliError('--registry-user needs the password (or token) in $SHIPSHAPE_REGISTRY_PASSWORD.');
  const credentials = options.registryUser ? { username: options.registryUser, password } : undefined;
  const body = { source: { type: 'image', ref: options.source, ...(credentials ? { credentials } : {}) } };
  return (await api<{ id: string }>(options, '/api/analyses', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).id;
}

async function submit(options: Options): Promise<string> {
  if (options.image) return submitImage(options);
  const analysisOptions = options.platform ? { platforms: [options.platform] } : {};
  if (GIT_URL.test(options.source)) {
    const body = { source: { type: 'git', url: options.source, ref: options.ref, subdir: options.subdir }, options: analysisOptions };
    return (await api<{ id: string }>(options, '/api/analyses', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).id;
  }
  if (!existsSync(options.source) || !statSync(options.source).isDirectory()) {
    throw new CliError(`"${options.source}" is neither a git URL (https://…, ssh://…, git@host:…) nor a folder.`);
  }
  if (options.ref) throw new CliError('--ref is for git URLs; a folder is uploaded as it is.');
  const archive = await archiveFolder(options.source);
  try {
    const form = new FormData();
    form.set('archive', await openAsBlob(archive), path.basename(archive));
    form.set('repository', options.repository ?? path.basename(path.resolve(options.source)));
    if (options.subdir) form.set('subdir', options.subdir);
    form.set('options', JSON.stringify(analysisOptions));
    const commit = folderCommit(options.source);
    if (commit) {
      form.set('commitSha', commit.sha);
      form.set('commitSubject', commit.subject);
    }
    return (await api<{ id: string }>(options, '/api/analyses', { method: 'POST', body: form })).id;
  } finally {
    rmSync(path.dirname(archive), { recursive: true, force: true });
  }
}

const FINISHED = new Set(['succeeded', 'failed', 'canceled']);

/** A bar per phase on a terminal; a line per change otherwise (CI logs). */
function progressLine(analysis: AnalysisJson): string {
  const p = analysis.progress;
  if (!p) return analysis.status;
  const fraction = p.percent !== undefined ? p.percent / 100 : p.bytes ? p.bytes.done / Math.max(1, p.bytes.total) : p.total ? (p.step ?? 0) / p.total : null;
  const bar = fraction === null ? '' : `[${'#'.repeat(Math.round(Math.min(1, fraction) * 20)).padEnd(20, '.')}] `;
  return `${p.phase.padEnd(10)} ${bar}${p.message}`;
}

async function waitFor(options: Options, id: string): Promise<AnalysisJson> {
  const tty = process.stderr.isTTY && !options.json;
  let last = '';
  for (;;) {
    const analysis = await api<AnalysisJson>(options, `/api/analyses/${id}`);
    const line = progressLine(analysis);
    if (line !== last) {
      if (tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns || 100) - 1)}`);
      else process.stderr.write(`${line}\n`);
      last = line;
    }
    if (FINISHED.has(analysis.status)) {
      if (tty) process.stderr.write('\n');
      return analysis;
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}

/** What growth is measured against: the server's baseline (a budget), else the repository's previous succeeded analysis. */
async function baselineSizes(options: Options, analysis: AnalysisJson): Promise<Record<string, number> | null> {
  if (analysis.verdict?.baseline) return analysis.verdict.baseline.sizes;
  if (!analysis.repository) return null;
  const repository = await api<RepositoryJson & { history: HistoryEntryJson[] }>(options, `/api/repositories/${analysis.repository.id}`);
  const before = repository.history.filter((h) => h.status === 'succeeded' && h.analysisId !== analysis.id && h.createdAt < analysis.createdAt).at(-1);
  if (!before) return null;
  return Object.fromEntries(before.variants.filter((v) => v.sizeBytes !== null).map((v) => [v.kind, v.sizeBytes!]));
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  const id = await submit(options);
  process.stderr.write(`Analysing ${options.source} on ${options.server}: ${options.server}/analyses/${id}\n`);
  const analysis = await waitFor(options, id);
  if (analysis.status !== 'succeeded') {
    throw new CliError(`The analysis ${analysis.status === 'canceled' ? 'was canceled' : `failed: ${analysis.error ?? 'no reason given'}`} (${options.server}/analyses/${id}).`);
  }
  const baseline = await baselineSizes(options, analysis);
  const checks = [...(analysis.verdict?.checks ?? []), ...evaluateFailOn(options.rules, analysis, baseline)];
  const pass = checks.every((c) => c.pass);
  const markdown = summaryMarkdown({ url: options.server, analysis, baselineSizes: baseline, checks, pass });
  if (options.markdown) writeFileSync(options.markdown, markdown);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdown);
  if (options.json) {
    console.log(JSON.stringify({ id, url: `${options.server}/analyses/${id}`, pass, checks, baselineSizes: baseline, analysis }, null, 2));
  } else {
    const c = analysis.comparison;
    if (c) console.log(`${formatBytes(c.singleStageBytes)} single-stage → ${formatBytes(c.multiStageBytes)} multi-stage`);
    for (const v of analysis.variants) console.log(`  ${v.kind.padEnd(28)} ${v.sizeBytes === null ? v.status : formatBytes(v.sizeBytes)}`);
    for (const warning of analysis.warnings ?? []) console.log(`warning: ${warning.message}`);
    for (const check of checks) console.log(`${check.pass ? 'pass' : 'FAIL'}  ${check.rule} (${check.variant}): ${check.message}`);
    console.log(pass ? (checks.length ? 'Every rule passed.' : 'No rules to check (set a budget, or pass --fail-on).') : 'A rule failed.');
  }
  return pass ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof CliError || error instanceof FailOnError;
    console.error(known ? (error as Error).message : `shipshape: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);

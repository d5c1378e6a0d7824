import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { findPort, listFiles, readIfExists } from '@/lib/stacks/fs-helpers';
import { StackNotDetectedError, type DetectOptions, type PythonStack } from '@/lib/stacks/types';

interface PyProject {
  project?: { name?: string; dependencies?: string[]; scripts?: Record<string, string> };
  tool?: { poetry?: { name?: string; dependencies?: Record<string, unknown>; scripts?: Record<string, string> }; uv?: unknown };
  'build-system'?: unknown;
}

interface Candidate {
  entry: string;
  command: string[];
  why: string;
  file: string | null;
}

/** `web: gunicorn app:app --bind 0.0.0.0:$PORT` -> the web process's command. */
function procfileCommand(text: string): string[] | null {
  const line = text.split('\n').find((l) => /^web\s*:/.test(l)) ?? text.split('\n').find((l) => /^\w+\s*:/.test(l));
  if (!line) return null;
  const command = line
    .replace(/^\w+\s*:\s*/, '')
    .replace(/\$\{?PORT\}?/g, '8000')
    .trim();
  return command ? command.split(/\s+/) : null;
}

function dependencyNames(root: string, pyproject: PyProject | null): string[] {
  const names: string[] = [];
  const requirements = readIfExists(path.join(root, 'requirements.txt')) ?? '';
  for (const line of requirements.split('\n')) {
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    if (m && !line.trim().startsWith('-')) names.push(m[1]!.toLowerCase());
  }
  for (const dep of pyproject?.project?.dependencies ?? []) names.push(/^[A-Za-z0-9._-]+/.exec(dep)?.[0].toLowerCase() ?? '');
  for (const dep of Object.keys(pyproject?.tool?.poetry?.dependencies ?? {})) names.push(dep.toLowerCase());
  return names.filter(Boolean);
}

/** `app.run()` with no host (Flask's default is 127.0.0.1), with the port it asks for (5000 by default); null otherwise. */
export function flaskOnLoopback(text: string): { port: number } | null {
  const call = /\b\w+\.run\(([^)]*)\)/.exec(text);
  if (!call) return null;
  const args = call[1] ?? '';
  if (/\bhost\s*=|^\s*["']/.test(args)) return null;
  const port = /\bport\s*=\s*(\d{2,5})/.exec(args)?.[1];
  return { port: port ? Number(port) : 5000 };
}

/** A module defining `app = Flask(...)` / `FastAPI(...)`, for gunicorn or uvicorn. */
function findWsgiApp(root: string, files: string[]): { module: string; file: string; asgi: boolean } | null {
  for (const file of files) {
    const text = readIfExists(path.join(root, file)) ?? '';
    const m = /^(\w+)\s*=\s*(Flask|FastAPI|Starlette|Quart)\(/m.exec(text);
    if (m) return { module: `${file.replace(/\.py$/, '').replace(/\//g, '.')}:${m[1]}`, file, asgi: m[2] !== 'Flask' };
  }
  return null;
}

export function detectPython(root: string, options: DetectOptions = {}): PythonStack | null {
  const requirements = readIfExists(path.join(root, 'requirements.txt'));
  const pyprojectText = readIfExists(path.join(root, 'pyproject.toml'));
  if (requirements === null && pyprojectText === null) return null;
  let pyproject: PyProject | null = null;
  if (pyprojectText !== null) {
    try {
      pyproject = parseToml(pyprojectText) as PyProject;
    } catch (error) {
      throw new StackNotDetectedError(`pyproject.toml is not valid TOML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const reasons: string[] = [];
  let buildTool = 'pip';
  let dependencies: PythonStack['dependencies'] = 'none';
  if (requirements !== null) {
    dependencies = 'requirements';
    reasons.push('requirements.txt lists the dependencies: they are installed with pip into /install in the builder.');
  } else if (pyproject?.tool?.poetry) {
    buildTool = 'poetry';
    dependencies = 'pyproject';
    reasons.push('pyproject.toml is a Poetry project: the builder installs it (and its dependencies) with pip from its poetry-core build backend.');
  } else if (pyproject?.project) {
    buildTool = readIfExists(path.join(root, 'uv.lock')) !== null ? 'uv' : 'pip';
    dependencies = 'pyproject';
    reasons.push(`pyproject.toml declares a PEP 621 project${buildTool === 'uv' ? ' managed with uv (uv.lock)' : ''}: the builder installs it with pip.`);
  }

  const pyFiles = listFiles(root, (f) => f.endsWith('.py') && f.split('/').length <= 2);
  const deps = dependencyNames(root, pyproject);
  const candidates: Candidate[] = [];
  const procfile = readIfExists(path.join(root, 'Procfile'));
  const fromProcfile = procfile ? procfileCommand(procfile) : null;
  if (fromProcfile) candidates.push({ entry: 'Procfile', command: fromProcfile, why: `Procfile's web process: ${fromProcfile.join(' ')}.`, file: null });
  const app = findWsgiApp(root, pyFiles);
  if (app && deps.includes('gunicorn') && !app.asgi) {
    candidates.push({ entry: app.module, command: ['gunicorn', app.module, '--bind', '0.0.0.0:8000'], why: `gunicorn serves the Flask app ${app.module}.`, file: app.file });
  }
  if (app && deps.includes('uvicorn')) {
    candidates.push({
      entry: app.module,
      command: ['uvicorn', app.module, '--host', '0.0.0.0', '--port', '8000'],
      why: `uvicorn serves the ASGI app ${app.module}.`,
      file: app.file,
    });
  }
  const scripts = { ...(pyproject?.project?.scripts ?? {}), ...(pyproject?.tool?.poetry?.scripts ?? {}) };
  for (const [name, target] of Object.entries(scripts)) {
    candidates.push({ entry: name, command: [name], why: `the console script ${name} (${target}) from pyproject.toml.`, file: null });
  }
  for (const dir of listFiles(root, (f) => /^[A-Za-z_]\w*\/__main__\.py$/.test(f) || /^src\/[A-Za-z_]\w*\/__main__\.py$/.test(f))) {
    const pkg = dir.split('/').slice(-2)[0]!;
    candidates.push({ entry: `-m ${pkg}`, command: ['python', '-m', pkg], why: `the package ${pkg} has a __main__.py.`, file: dir });
  }
  for (const file of ['main.py', 'app.py', 'server.py', '__main__.py']) {
    if (!pyFiles.includes(file)) continue;
    const loopback = app && app.file === file && !app.asgi ? flaskOnLoopback(readIfExists(path.join(root, file)) ?? '') : null;
    if (app && loopback) {
      // app.run() listens on 127.0.0.1 unless told otherwise: nothing outside the container reaches it
      const command = ['flask', '--app', app.module, 'run', '--host', '0.0.0.0', '--port', String(loopback.port)];
      candidates.push({
        entry: file,
        command,
        why: `${file} starts the Flask app with app.run(), which listens on 127.0.0.1 only (unreachable from outside the container): it runs as \`${command.join(' ')}\`, the same app on every interface.`,
        file,
      });
    } else candidates.push({ entry: file, command: ['python', file], why: `${file} is the program.`, file });
  }
  if (!candidates.length) {
    throw new StackNotDetectedError(
      'Found a Python project but no entry point: looked for a Procfile, a gunicorn/uvicorn app, [project.scripts], a package with __main__.py, and main.py/app.py/server.py.',
    );
  }
  const wanted = options.entryPoint;
  const chosen = wanted === undefined ? candidates[0]! : candidates.find((c) => c.entry === wanted);
  if (!chosen) throw new StackNotDetectedError(`The entry point "${wanted}" was not found. Choose one of: ${candidates.map((c) => c.entry).join(', ')}.`);
  reasons.push(`Runs ${chosen.why.charAt(0).toLowerCase()}${chosen.why.slice(1)}`);
  const entryPoints = [...new Set([chosen.entry, ...candidates.map((c) => c.entry)])];
  const sourceFile = chosen.file ?? pyFiles.find((f) => !f.startsWith('test')) ?? null;
  const texts = (chosen.file ? [chosen.file] : pyFiles.slice(0, 10)).map((f) => readIfExists(path.join(root, f)) ?? '');
  return {
    language: 'python',
    buildTool,
    entryPoint: chosen.entry,
    entryPoints,
    sourceFile,
    reasons,
    dependencies,
    command: chosen.command,
    port: chosen.command[0] === 'flask' ? Number(chosen.command.at(-1)) : chosen.command.some((c) => c.includes('8000')) ? 8000 : findPort(texts),
  };
}

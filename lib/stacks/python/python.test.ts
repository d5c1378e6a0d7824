import { describe, expect, it } from 'vitest';
import { writeTree } from '../../../tests/helpers/write-tree';
import { expectValidDockerfile } from '../../../tests/helpers/valid-dockerfile';
import { detectPython } from '@/lib/stacks/python/detect-python';
import { generatePython } from '@/lib/stacks/python/generate-python';

describe('detectPython', () => {
  it('returns null without requirements.txt or pyproject.toml', () => {
    expect(detectPython(writeTree({ 'main.py': 'print(1)\n' }))).toBeNull();
  });

  it('runs main.py of a requirements.txt project', () => {
    expect(detectPython(writeTree({ 'requirements.txt': '# stdlib only\n', 'main.py': 'print("hi")\n' }))).toMatchObject({
      buildTool: 'pip',
      dependencies: 'requirements',
      command: ['python', 'main.py'],
      sourceFile: 'main.py',
    });
  });

  it('prefers the Procfile web process', () => {
    const stack = detectPython(writeTree({ 'requirements.txt': 'gunicorn\n', Procfile: 'web: gunicorn app:app --bind 0.0.0.0:$PORT\n', 'app.py': 'app = None\n' }));
    expect(stack?.command).toEqual(['gunicorn', 'app:app', '--bind', '0.0.0.0:8000']);
    expect(stack?.entryPoint).toBe('Procfile');
  });

  it('serves a Flask app with gunicorn and a FastAPI app with uvicorn', () => {
    const flask = detectPython(writeTree({ 'requirements.txt': 'flask==3.0\ngunicorn\n', 'web/server.py': 'from flask import Flask\napp = Flask(__name__)\n' }));
    expect(flask?.command).toEqual(['gunicorn', 'web.server:app', '--bind', '0.0.0.0:8000']);
    expect(flask?.port).toBe(8000);
    const fast = detectPython(writeTree({ 'requirements.txt': 'fastapi\nuvicorn[standard]\n', 'main.py': 'from fastapi import FastAPI\napi = FastAPI()\n' }));
    expect(fast?.command).toEqual(['uvicorn', 'main:api', '--host', '0.0.0.0', '--port', '8000']);
  });

  it('reads Poetry projects and their scripts', () => {
    const stack = detectPython(
      writeTree({
        'pyproject.toml':
          '[tool.poetry]\nname = "shop"\nversion = "1.0.0"\n\n[tool.poetry.dependencies]\npython = "^3.12"\n\n[tool.poetry.scripts]\nshop = "shop.cli:main"\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n',
        'shop/__init__.py': '',
        'shop/cli.py': 'def main(): pass\n',
      }),
    );
    expect(stack).toMatchObject({ buildTool: 'poetry', dependencies: 'pyproject', command: ['shop'], entryPoint: 'shop' });
  });

  it('reads PEP 621 projects managed with uv, and packages with __main__.py', () => {
    const stack = detectPython(
      writeTree({ 'pyproject.toml': '[project]\nname = "tool"\nversion = "0.1"\ndependencies = ["httpx>=0.27"]\n', 'uv.lock': 'version = 1\n', 'tool/__main__.py': 'print(1)\n' }),
    );
    expect(stack).toMatchObject({ buildTool: 'uv', command: ['python', '-m', 'tool'], sourceFile: 'tool/__main__.py' });
  });

  it('says what it looked for when there is no entry point', () => {
    expect(() => detectPython(writeTree({ 'requirements.txt': 'requests\n', 'lib/util.py': '' }))).toThrow(/no entry point: looked for a Procfile/);
  });
});

describe('generatePython', () => {
  it('installs into /install in a slim builder and copies it onto slim, as uid 1001', () => {
    const stack = detectPython(writeTree({ 'requirements.txt': '', 'main.py': 'print("hi")\n' }))!;
    const { singleStage, multiStage, finalBase } = generatePython(stack);
    expect(singleStage).toContain('FROM python:3.12\n');
    expect(multiStage).toContain('FROM python:3.12-slim AS builder');
    expect(multiStage).toContain('RUN --mount=type=cache,target=/root/.cache/pip mkdir -p /install && pip install --prefix=/install -r requirements.txt');
    expect(multiStage).toContain('COPY --from=builder /install /usr/local');
    expect(multiStage).toContain('RUN useradd --uid 1001');
    expect(multiStage).toMatch(/USER app\nCMD \["python", "main.py"\]/);
    expect(finalBase.base.image).toBe('python:3.12-slim');
    expectValidDockerfile(singleStage);
    expectValidDockerfile(multiStage);
  });
});

describe('a Flask app started with app.run()', () => {
  const flaskApp = (run: string) =>
    writeTree({
      'requirements.txt': 'flask==3.0.3\n',
      'app.py': `from flask import Flask\n\napp = Flask(__name__)\n\n@app.get("/")\ndef hello():\n    return "hi"\n\nif __name__ == "__main__":\n    ${run}\n`,
    });

  it('listens on 127.0.0.1 by default: it runs through flask run on every interface, on the port it asked for', () => {
    expect(detectPython(flaskApp('app.run()'))).toMatchObject({ command: ['flask', '--app', 'app:app', 'run', '--host', '0.0.0.0', '--port', '5000'], port: 5000 });
    const stack = detectPython(flaskApp('app.run(debug=False, port=8080)'))!;
    expect(stack).toMatchObject({ command: ['flask', '--app', 'app:app', 'run', '--host', '0.0.0.0', '--port', '8080'], port: 8080 });
    expect(stack.reasons.join(' ')).toMatch(/listens on 127\.0\.0\.1 only/);
    expect(generatePython(stack).multiStage).toContain('CMD ["flask", "--app", "app:app", "run", "--host", "0.0.0.0", "--port", "8080"]');
  });

  it('one that names its host is run as written', () => {
    expect(detectPython(flaskApp('app.run(host="0.0.0.0", port=8000)'))!.command).toEqual(['python', 'app.py']);
  });
});

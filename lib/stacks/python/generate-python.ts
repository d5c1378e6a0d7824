import { builderImages, FINAL_BASES } from '@/lib/base-images/catalog';
import { cacheMounts, dockerfile, dockerignoreFor, execForm, runAsNonRoot } from '@/lib/stacks/dockerfile-text';
import type { GeneratedDockerfiles, PythonStack } from '@/lib/stacks/types';

const PIP_CACHE = '/root/.cache/pip';

function installFiles(stack: PythonStack): string | false {
  if (stack.dependencies === 'requirements') return 'COPY requirements.txt .';
  return false;
}

export function generatePython(stack: PythonStack): GeneratedDockerfiles {
  const fromProject = stack.dependencies === 'pyproject';
  const singleStage = dockerfile(
    "# Single-stage: the full Python image with compilers and headers, plus pip's cache",
    `FROM ${builderImages.pythonSdk}`,
    'WORKDIR /app',
    'COPY . .',
    stack.dependencies === 'requirements' && 'RUN pip install -r requirements.txt',
    fromProject && 'RUN pip install .',
    stack.port !== null && `EXPOSE ${stack.port}`,
    `CMD ${execForm(stack.command)}`,
  );
  const base = FINAL_BASES.pythonSlim;
  const multiStage = dockerfile(
    '# Stage 1: build dependencies (C extensions may need the build tools here)',
    `FROM ${builderImages.pythonSlim} AS builder`,
    'WORKDIR /app',
    installFiles(stack),
    fromProject && 'COPY . .',
    '# Install dependencies into /install (empty when there are none)',
    stack.dependencies === 'requirements'
      ? `RUN ${cacheMounts(PIP_CACHE)}mkdir -p /install && pip install --prefix=/install -r requirements.txt`
      : fromProject
        ? `RUN ${cacheMounts(PIP_CACHE)}mkdir -p /install && pip install --prefix=/install .`
        : 'RUN mkdir -p /install',
    '',
    '# Stage 2: the same slim runtime, without the build tools',
    `FROM ${base.image}`,
    'WORKDIR /app',
    'COPY --from=builder /install /usr/local',
    'COPY . .',
    runAsNonRoot(base, stack.port, stack.command),
  );
  return {
    singleStage,
    multiStage,
    finalBase: {
      base,
      reason: 'Python is interpreted, so the runtime must ship (no scratch); python:3.12-slim has it without compilers and headers, which stay in the builder.',
    },
    alternatives: [],
    dockerignore: dockerignoreFor(['__pycache__/', '*.pyc', '.venv/', 'venv/', '.pytest_cache/', '.mypy_cache/', 'Dockerfile*']),
  };
}

import { builderImages, FINAL_BASES, nonRootLines, type FinalBase } from '@/lib/base-images/catalog';
import { cacheMounts, dockerfile, dockerignoreFor, execForm } from '@/lib/stacks/dockerfile-text';
import type { GeneratedDockerfiles, JvmStack } from '@/lib/stacks/types';

const MAVEN_REPO = '/root/.m2';
const GRADLE_HOME = '/home/gradle/.gradle';

function runCommand(stack: JvmStack, jar: string): string[] {
  const a = stack.artifact;
  if (a.kind === 'distribution') return [`/app/bin/${a.name}`];
  return a.executable || !a.mainClass ? ['java', '-jar', jar] : ['java', '-cp', jar, a.mainClass];
}

function builderImage(stack: JvmStack): string {
  return stack.buildTool === 'maven' ? builderImages.maven : builderImages.gradle;
}

function multiStage(stack: JvmStack, base: FinalBase): string {
  const maven = stack.buildTool === 'maven';
  const cache = cacheMounts(maven ? MAVEN_REPO : GRADLE_HOME);
  const a = stack.artifact;
  return dockerfile(
    `# Stage 1: build with ${maven ? 'Maven' : 'Gradle'} on the JDK, on the engine's own platform (the jar runs on any CPU)`,
    `FROM --platform=$BUILDPLATFORM ${builderImage(stack)} AS builder`,
    !maven && `ENV GRADLE_USER_HOME=${GRADLE_HOME}`,
    'WORKDIR /app',
    `COPY ${stack.buildFiles.join(' ')} ./`,
    stack.hasGradleDir && 'COPY gradle ./gradle',
    !maven && '# Download dependencies first (cache optimization)',
    !maven && `RUN ${cache}gradle dependencies --no-daemon`,
    'COPY src ./src',
    `RUN ${cache}${stack.task}`,
    '',
    '# Stage 2: a Java runtime only (no JDK, no build tool)',
    `FROM ${base.image}`,
    'WORKDIR /app',
    a.kind === 'distribution' ? `COPY --from=builder /app/build/install/${a.name}/ /app/` : `COPY --from=builder /app/${a.path} app.jar`,
    nonRootLines(base),
    `CMD ${execForm(runCommand(stack, 'app.jar'))}`,
  );
}

export function generateJvm(stack: JvmStack): GeneratedDockerfiles {
  const a = stack.artifact;
  const singleStage = dockerfile(
    `# Single-stage: the JDK, ${stack.buildTool === 'maven' ? 'Maven and its repository' : 'Gradle and its caches'} ship with the app`,
    `FROM ${builderImage(stack)}`,
    'WORKDIR /app',
    'COPY . .',
    `RUN ${stack.task}`,
    a.kind === 'distribution'
      ? `CMD ${execForm([`/app/build/install/${a.name}/bin/${a.name}`])}`
      : a.path.includes('*')
        ? `CMD ${JSON.stringify(['sh', '-c', `exec ${runCommand(stack, a.path).join(' ')}`]).replace(/","/g, '", "')}`
        : `CMD ${execForm(runCommand(stack, a.path))}`,
  );
  const base = FINAL_BASES.jreAlpine;
  return {
    singleStage,
    multiStage: multiStage(stack, base),
    finalBase: {
      base,
      reason:
        'A JVM app needs the JDK to build but only a Java runtime to run: eclipse-temurin:21-jre-alpine leaves the compiler, the build tool and its caches behind. It runs as a non-root user.',
    },
    alternatives: [FINAL_BASES.jre].map((b) => ({ base: b, dockerfile: multiStage(stack, b) })),
    dockerignore: dockerignoreFor(stack.buildTool === 'maven' ? ['target/', 'Dockerfile*'] : ['build/', '.gradle/', 'Dockerfile*']),
  };
}

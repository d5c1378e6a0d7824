import { describe, expect, it } from 'vitest';
import { writeTree } from '../../../tests/helpers/write-tree';
import { expectValidDockerfile } from '../../../tests/helpers/valid-dockerfile';
import { detectJvm } from '@/lib/stacks/jvm/detect-jvm';
import { generateJvm } from '@/lib/stacks/jvm/generate-jvm';

const pom = (extra = '') => `<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>greeter</artifactId>
  <version>1.2.0</version>
  ${extra}
</project>
`;
const javaMain = 'package com.example;\n\npublic class App {\n  public static void main(String[] args) { System.out.println("hi"); }\n}\n';

describe('Maven', () => {
  it('finds the main class in the sources and runs it from the jar', () => {
    const stack = detectJvm(writeTree({ 'pom.xml': pom(), 'src/main/java/com/example/App.java': javaMain }))!;
    expect(stack).toMatchObject({ language: 'java', buildTool: 'maven', entryPoint: 'com.example.App', sourceFile: 'src/main/java/com/example/App.java' });
    expect(stack.artifact).toEqual({ kind: 'jar', path: 'target/greeter-1.2.0.jar', mainClass: 'com.example.App', executable: false });
    const { singleStage, multiStage, finalBase, alternatives } = generateJvm(stack);
    expect(singleStage).toContain('FROM maven:3-eclipse-temurin-21\n');
    expect(singleStage).toContain('CMD ["java", "-cp", "target/greeter-1.2.0.jar", "com.example.App"]');
    expect(multiStage).toContain('RUN --mount=type=cache,target=/root/.m2 mvn -B package -DskipTests');
    expect(multiStage).toContain('FROM eclipse-temurin:21-jre-alpine\nWORKDIR /app\nCOPY --from=builder /app/target/greeter-1.2.0.jar app.jar');
    expect(multiStage).toContain('RUN addgroup -g 1001 -S app && adduser -u 1001 -S -G app -H -D app\nUSER app');
    expect(multiStage).toContain('CMD ["java", "-cp", "app.jar", "com.example.App"]');
    expect(finalBase.base.image).toBe('eclipse-temurin:21-jre-alpine');
    expect(alternatives[0]!.dockerfile).toContain('RUN useradd --uid 1001');
    for (const text of [singleStage, multiStage, alternatives[0]!.dockerfile]) expectValidDockerfile(text);
  });

  it('starts with java -jar when the jar declares its Main-Class, and uses finalName', () => {
    const stack = detectJvm(
      writeTree({
        'pom.xml': pom(
          '<build><finalName>app</finalName><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>com.example.App</mainClass></manifest></archive></configuration></plugin></plugins></build>',
        ),
        'src/main/java/com/example/App.java': javaMain,
      }),
    )!;
    expect(stack.artifact).toEqual({ kind: 'jar', path: 'target/app.jar', mainClass: null, executable: true });
    expect(generateJvm(stack).multiStage).toContain('CMD ["java", "-jar", "app.jar"]');
  });

  it('recognises Kotlin sources and refuses a multi-module parent', () => {
    const kotlin = detectJvm(writeTree({ 'pom.xml': pom(), 'src/main/kotlin/com/example/Main.kt': 'package com.example\n\nfun main() { println("hi") }\n' }));
    expect(kotlin).toMatchObject({ language: 'kotlin', entryPoint: 'com.example.MainKt' });
    expect(() => detectJvm(writeTree({ 'pom.xml': pom('<packaging>pom</packaging><modules><module>api</module></modules>') }))).toThrow(/multi-module parent/);
  });
});

describe('Gradle', () => {
  it('reads a Kotlin DSL build with the shadow plugin: shadowJar to a JRE', () => {
    const stack = detectJvm(
      writeTree({
        'build.gradle.kts':
          'plugins {\n  kotlin("jvm") version "2.0.0"\n  id("com.gradleup.shadow") version "8.3.0"\n  application\n}\napplication { mainClass.set("com.example.ApplicationKt") }\n',
        'settings.gradle.kts': 'rootProject.name = "ktor-app"\n',
        'gradle/libs.versions.toml': '',
        'src/main/kotlin/com/example/Application.kt': 'package com.example\n\nfun main() {}\n',
      }),
    )!;
    expect(stack).toMatchObject({ language: 'kotlin', buildTool: 'gradle', gradleDsl: 'kotlin', task: 'gradle shadowJar --no-daemon', hasGradleDir: true });
    expect(stack.buildFiles).toEqual(['build.gradle.kts', 'settings.gradle.kts']);
    const { multiStage, singleStage } = generateJvm(stack);
    expect(multiStage).toContain('FROM --platform=$BUILDPLATFORM gradle:8.14-jdk21 AS builder');
    expect(multiStage).toContain('COPY build.gradle.kts settings.gradle.kts ./\nCOPY gradle ./gradle');
    expect(multiStage).toContain('RUN --mount=type=cache,target=/home/gradle/.gradle gradle dependencies --no-daemon');
    expect(multiStage).toContain('COPY --from=builder /app/build/libs/*-all.jar app.jar');
    expect(multiStage).toContain('CMD ["java", "-jar", "app.jar"]');
    expectValidDockerfile(multiStage);
    expectValidDockerfile(singleStage);
  });

  it('reads a Groovy build with the application plugin: installDist and its start script', () => {
    const stack = detectJvm(
      writeTree({
        'build.gradle': "plugins {\n  id 'java'\n  id 'application'\n}\napplication {\n  mainClass = 'com.example.App'\n}\n",
        'settings.gradle': "rootProject.name = 'greeter'\n",
        'src/main/java/com/example/App.java': javaMain,
      }),
    )!;
    expect(stack).toMatchObject({ language: 'java', gradleDsl: 'groovy', task: 'gradle installDist --no-daemon', artifact: { kind: 'distribution', name: 'greeter' } });
    const { multiStage } = generateJvm(stack);
    expect(multiStage).toContain('COPY --from=builder /app/build/install/greeter/ /app/');
    expect(multiStage).toContain('CMD ["/app/bin/greeter"]');
    expectValidDockerfile(multiStage);
  });
});

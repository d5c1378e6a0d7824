import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { isDir, listFiles, readIfExists } from '@/lib/stacks/fs-helpers';
import { StackNotDetectedError, type DetectOptions, type JvmStack } from '@/lib/stacks/types';

interface MainClass {
  name: string;
  file: string;
}

/** Classes with a main method: `public static void main` in Java, top-level `fun main` in Kotlin. */
function findMainClasses(root: string): MainClass[] {
  const out: MainClass[] = [];
  for (const file of listFiles(root, (f) => /^src\/main\/(java|kotlin)\/.+\.(java|kt)$/.test(f))) {
    const text = readIfExists(path.join(/*turbopackIgnore: true*/ root, file)) ?? '';
    const pkg = /^\s*package\s+([\w.]+)/m.exec(text)?.[1];
    const base = path.posix.basename(file).replace(/\.(java|kt)$/, '');
    const qualify = (name: string) => (pkg ? `${pkg}.${name}` : name);
    if (file.endsWith('.java') && /public\s+static\s+void\s+main\s*\(/.test(text)) out.push({ name: qualify(base), file });
    if (file.endsWith('.kt') && /^fun\s+main\s*\(/m.test(text)) out.push({ name: qualify(`${base}Kt`), file });
  }
  return out;
}

function languageOf(root: string, buildText: string): 'java' | 'kotlin' {
  return isDir(path.join(root, 'src/main/kotlin')) || /kotlin\("jvm"\)|org\.jetbrains\.kotlin|kotlin-maven-plugin/.test(buildText) ? 'kotlin' : 'java';
}

function pick(mains: MainClass[], declared: string | null, wanted: string | undefined, reasons: string[]): MainClass | null {
  if (wanted !== undefined) {
    const found = mains.find((m) => m.name === wanted);
    if (!found) throw new StackNotDetectedError(`The entry point "${wanted}" was not found. Choose one of: ${mains.map((m) => m.name).join(', ')}.`);
    reasons.push(`Runs ${wanted}, as asked.`);
    return found;
  }
  if (declared) return mains.find((m) => m.name === declared) ?? { name: declared, file: '' };
  return mains[0] ?? null;
}

function detectMaven(root: string, pomText: string, options: DetectOptions): JvmStack {
  const pom = (new XMLParser({ ignoreAttributes: true }).parse(pomText) as { project?: Record<string, unknown> }).project ?? {};
  const text = (key: string) => (typeof pom[key] === 'string' || typeof pom[key] === 'number' ? String(pom[key]) : null);
  const artifactId = text('artifactId') ?? 'app';
  const version = text('version');
  if (text('packaging') === 'pom' || pom.modules) {
    throw new StackNotDetectedError('pom.xml is a multi-module parent (packaging pom): give the module that builds the service as "subdir".');
  }
  const build = (pom.build ?? {}) as { finalName?: string };
  const finalName = build.finalName ?? (version && !version.includes('$') ? `${artifactId}-${version}` : null);
  const jar = finalName && !finalName.includes('$') ? `target/${finalName}.jar` : `target/${artifactId}-*.jar`;
  const declared = /<mainClass>\s*([\w.$]+)\s*<\/mainClass>/.exec(pomText)?.[1] ?? null;
  const fat = /maven-shade-plugin|maven-assembly-plugin|spring-boot-maven-plugin/.test(pomText);
  const executable = (declared !== null && /maven-jar-plugin|maven-shade-plugin|maven-assembly-plugin/.test(pomText)) || /spring-boot-maven-plugin/.test(pomText);
  const reasons = [`pom.xml builds ${artifactId} with Maven (${jar}).`];
  const mains = findMainClasses(root);
  const main = pick(mains, declared, options.entryPoint, reasons);
  if (!main && !executable)
    throw new StackNotDetectedError('Found pom.xml but no main class: looked for <mainClass> in pom.xml and `public static void main` / `fun main` under src/main.');
  reasons.push(executable ? 'The jar declares its Main-Class: it starts with java -jar.' : `Starts the class ${main!.name} from the jar.`);
  if (
    !fat &&
    /<dependencies>/.test(pomText) &&
    /<dependency>\s*(?:(?!<scope>test<\/scope>)[\s\S])*?<\/dependency>/.test(pomText.replace(/<dependencyManagement>[\s\S]*?<\/dependencyManagement>/, ''))
  ) {
    reasons.push('Warning: the pom has runtime dependencies but no shade, assembly or Spring Boot plugin, so they are not inside the jar.');
  }
  return {
    language: languageOf(root, pomText),
    buildTool: 'maven',
    gradleDsl: null,
    entryPoint: main?.name ?? artifactId,
    entryPoints: mains.length ? [...new Set([main?.name ?? '', ...mains.map((m) => m.name)].filter(Boolean))] : [artifactId],
    sourceFile: main?.file || mains[0]?.file || null,
    reasons,
    artifact: { kind: 'jar', path: jar, mainClass: executable ? null : (main?.name ?? null), executable },
    task: 'mvn -B package -DskipTests',
    buildFiles: ['pom.xml'],
    hasGradleDir: false,
  };
}

function detectGradle(root: string, buildFile: string, buildText: string, options: DetectOptions): JvmStack {
  const dsl = buildFile.endsWith('.kts') ? 'kotlin' : 'groovy';
  const settings =
    readIfExists(path.join(root, dsl === 'kotlin' ? 'settings.gradle.kts' : 'settings.gradle')) ??
    readIfExists(path.join(root, 'settings.gradle.kts')) ??
    readIfExists(path.join(root, 'settings.gradle')) ??
    '';
  const name = /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(settings)?.[1] ?? path.basename(root);
  const shadow = /com\.github\.johnrengelman\.shadow|com\.gradleup\.shadow|id\s*\(?\s*["']shadow["']/.test(buildText);
  const application = /\bapplication\b/.test(buildText);
  const declared = /mainClass(?:Name)?\s*(?:\.set\()?\s*=?\s*\(?["']([\w.$]+)["']/.exec(buildText)?.[1] ?? null;
  const reasons = [`${buildFile} (${dsl === 'kotlin' ? 'Kotlin' : 'Groovy'} DSL) builds ${name} with Gradle.`];
  const mains = findMainClasses(root);
  const main = pick(mains, declared, options.entryPoint, reasons);
  let artifact: JvmStack['artifact'];
  let task: string;
  if (shadow) {
    task = 'shadowJar';
    artifact = { kind: 'jar', path: 'build/libs/*-all.jar', mainClass: null, executable: true };
    reasons.push('The shadow plugin builds one fat jar (shadowJar) with every dependency inside: it starts with java -jar.');
  } else if (application) {
    task = 'installDist';
    artifact = { kind: 'distribution', name };
    reasons.push(`The application plugin lays out build/install/${name} (jars and a start script): the final stage copies that folder.`);
  } else {
    task = 'jar';
    artifact = { kind: 'jar', path: 'build/libs/*.jar', mainClass: main?.name ?? null, executable: false };
    reasons.push('Neither shadow nor application plugin: the plain jar is run with java -cp (dependencies are not inside it).');
  }
  if (!main && artifact.kind === 'jar' && !artifact.executable) throw new StackNotDetectedError(`Found ${buildFile} but no main class.`);
  return {
    language: languageOf(root, buildText),
    buildTool: 'gradle',
    gradleDsl: dsl,
    entryPoint: main?.name ?? name,
    entryPoints: mains.length ? [...new Set([main?.name ?? '', ...mains.map((m) => m.name)].filter(Boolean))] : [name],
    sourceFile: main?.file || mains[0]?.file || null,
    reasons,
    artifact,
    task: `gradle ${task} --no-daemon`,
    buildFiles: [buildFile, 'settings.gradle.kts', 'settings.gradle', 'gradle.properties'].filter(
      (f, i) => i === 0 || readIfExists(path.join(/*turbopackIgnore: true*/ root, f)) !== null,
    ),
    hasGradleDir: isDir(path.join(root, 'gradle')),
  };
}

export function detectJvm(root: string, options: DetectOptions = {}): JvmStack | null {
  const pom = readIfExists(path.join(root, 'pom.xml'));
  if (pom !== null) return detectMaven(root, pom, options);
  for (const file of ['build.gradle.kts', 'build.gradle']) {
    const text = readIfExists(path.join(/*turbopackIgnore: true*/ root, file));
    if (text !== null) return detectGradle(root, file, text, options);
  }
  return null;
}

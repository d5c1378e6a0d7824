import path from 'node:path';
import { getSettings } from '@/lib/env';
import { getDocker, currentEngine } from '@/lib/docker/client';
import { engineFacts } from '@/lib/docker/engine-facts';
import { inspectImage } from '@/lib/docker/inspect-image';
import { loadImageArchive } from '@/lib/docker/load-image';
import { authFor, engineWords, pullImage, registryDigest, repositoryOf, statusOf, type PullProgress } from '@/lib/docker/pull-image';
import { checkHost } from '@/lib/sources/host-check';
import { registryHost } from '@/lib/build-policy/image-access';
import { parseImageRef } from '@/lib/sources/image-ref';
import { SourceFetchError } from '@/lib/sources/errors';
import type { ImageSpec } from '@/lib/sources/source-input';
import { readUpload } from '@/lib/analyses/store/uploads';
import { createVariant, markBuilding, saveBuildEnd, saveBuiltImage, saveFilesError } from '@/lib/analyses/store/variants';
import { UserFacingError } from '@/lib/errors';
import { analyseVariantFiles } from '@/lib/analyses/analyse-files';
import { imageSourceTag } from '@/lib/docker/cleanup';
import type { AnalysisProgress } from '@/lib/analyses/kinds';
import { formatBytes } from '@/lib/format';
import { log } from '@/lib/log';

// An image that exists already (in a registry, or a `docker save` file) is analysed as
// it is: one variant, "image", with the engine's sizes, its history and its files, as a
// built variant has them. It is put on the engine under Shipshape's own name
// (shipshape/<analysis>:image), the name removed with the analysis.

export const IMAGE_KIND = 'image';

interface ImageRun {
  analysisId: string;
  workDir: string;
  setProgress: (progress: AnalysisProgress) => Promise<void>;
  signal: AbortSignal;
}

function pullWords(p: PullProgress): string {
  const bytes = p.bytes ? `, ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytes)}` : '';
  return `${p.layersDone} of ${p.layers} layers${bytes}`;
}

/** Pulls the image from its registry, pinned by digest, and names it `tag`; returns what the log says. */
async function pull(spec: Extract<ImageSpec, { type: 'image' }>, tag: string, run: ImageRun): Promise<string> {
  const reference = parseImageRef(spec.ref);
  if (!reference) throw new SourceFetchError(`"${spec.ref}" is not an image reference.`);
  const settings = getSettings();
  // a registry is a host this server makes the engine reach: the same rules as git hosts
  await checkHost(registryHost(reference.ref), settings.sourceHostAllowlist, `The registry of ${reference.ref}`);
  const docker = getDocker();
  const auth = authFor(reference.ref, spec.credentials);
  await run.setProgress({ phase: 'fetching', message: `Asking ${reference.registry} for ${reference.ref}` });
  let digest: string | undefined;
  try {
    digest = reference.digest ?? (await registryDigest(docker, reference.ref, auth));
  } catch (error) {
    const words = engineWords(error);
    if (statusOf(error) === 401 || statusOf(error) === 403 || /unauthorized|authentication required|denied|no basic auth credentials/i.test(words)) {
      throw new SourceFetchError(
        auth
          ? `${reference.registry} refused the credentials for ${reference.ref} (${words}). Check the username and password (or token) and that it may pull this repository.`
          : `${reference.registry} asks for credentials to pull ${reference.ref} (${words}). Give them with the submission, or ask the operator to add them to REGISTRY_CREDENTIALS.`,
      );
    }
    if (statusOf(error) === 404 || /not found|manifest unknown/i.test(words))
      throw new SourceFetchError(`${reference.registry} has no image ${reference.ref} (${words}). Check its name and tag.`);
    throw new SourceFetchError(`${reference.registry} did not answer for ${reference.ref}: ${words}. Check that the engine reaches it (a registry mirror may be needed).`);
  }
  const pinned = digest ? `${repositoryOf(reference.ref)}@${digest}` : reference.ref;
  const lines = [`Pulling ${pinned}${digest && !reference.digest ? ` for ${reference.ref}` : ''}`];
  let last = '';
  try {
    await pullImage(docker, pinned, {
      auth,
      signal: run.signal,
      onProgress: (p) => {
        const words = pullWords(p);
        if (words === last) return;
        last = words;
        run
          .setProgress({ phase: 'fetching', message: `Pulling ${reference.ref}: ${words}`, percent: p.bytes ? Math.floor((100 * p.bytesDone) / p.bytes) : undefined })
          .catch(() => undefined);
      },
    });
  } catch (error) {
    run.signal.throwIfAborted();
    throw new SourceFetchError(`The engine could not pull ${pinned}: ${engineWords(error)}.`);
  }
  lines.push(`Pulled: ${last || 'every layer was on the engine already'}`);
  const [repo, tagName] = [tag.slice(0, tag.lastIndexOf(':')), tag.slice(tag.lastIndexOf(':') + 1)];
  await docker.getImage(pinned).tag({ repo, tag: tagName });
  return `${lines.join('\n')}\n`;
}

/** Loads the uploaded `docker save` file under `tag`; returns what the log says. */
async function load(spec: Extract<ImageSpec, { type: 'image-upload' }>, tag: string, run: ImageRun): Promise<string> {
  await run.setProgress({ phase: 'fetching', message: `Loading ${spec.filename} into the engine` });
  const file = path.join(run.workDir, 'image.tar');
  await readUpload(spec.analysisId, file);
  // unpacked, an image archive may be as large as a repository may be
  await loadImageArchive(file, tag, { maxBytes: getSettings().limits.maxRepoBytes, signal: run.signal });
  return `Loaded ${spec.filename} as ${tag}\n`;
}

/** Puts the image on the engine, inspects it and reads its files into the "image" variant. */
export async function analyseImage(spec: ImageSpec, run: ImageRun): Promise<void> {
  const { analysisId, setProgress, signal } = run;
  const engine = await engineFacts();
  const tag = imageSourceTag(analysisId);
  const variantId = await createVariant({
    analysisId,
    kind: IMAGE_KIND,
    dockerfile: '',
    baseImages: [],
    builder: 'classic',
    finalBase: null,
    platform: null,
    engineFacts: { name: currentEngine().name, ...engine },
  });
  await markBuilding(variantId);
  let pulled: string;
  try {
    pulled = spec.type === 'image' ? await pull(spec, tag, run) : await load(spec, tag, run);
  } catch (error) {
    // the analysis fails with the reason (run-analysis.ts); the variant says it too
    if (!signal.aborted)
      await saveBuildEnd(variantId, { status: 'failed', error: error instanceof UserFacingError ? error.message : 'The image could not be put on the engine.', log: '' });
    throw error;
  }
  signal.throwIfAborted();
  await setProgress({ phase: 'inspecting', message: 'Inspecting the image', variant: IMAGE_KIND });
  const facts = await inspectImage(tag, engine);
  await saveBuiltImage(variantId, {
    imageId: facts.id,
    imageTag: tag,
    sizeBytes: facts.sizeSource === 'engine' ? facts.sizeBytes : null,
    sizeSource: facts.sizeSource,
    engineSizes: facts.engineSizes,
    buildSeconds: null,
    log: pulled,
    baseLayers: null,
    layers: facts.layers.map((layer) => ({ historyId: layer.historyId, createdBy: layer.createdBy, sizeBytes: layer.sizeBytes, empty: layer.empty, createdAt: layer.createdAt })),
  });
  try {
    await analyseVariantFiles({
      variantId,
      kind: IMAGE_KIND,
      imageId: facts.id,
      sizeBytes: facts.sizeSource === 'engine' ? facts.sizeBytes : (facts.engineSizes.content ?? facts.engineSizes.inspect),
      computeSizes: facts.sizeSource === 'computed',
      dockerfile: '',
      setProgress,
      signal,
    });
  } catch (error) {
    signal.throwIfAborted();
    log.error({ err: error, variantId }, 'file analysis failed');
    await saveFilesError(variantId, `The image's files could not be read: ${(error as Error).message}`);
  }
}

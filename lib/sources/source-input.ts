import { z } from 'zod';
import { analysisOptionsSchema } from '@/lib/analyses/options';
import { SAMPLE_NAMES } from '@/lib/sources/samples';
import { imageSourceSchema, type RegistryCredentials } from '@/lib/sources/image-ref';

/** A folder inside the repository: relative, no `..`, no option-like names. */
export const subdirSchema = z
  .string()
  .trim()
  .max(255)
  .transform((s) => s.replace(/^\.\/+/, '').replace(/\/+$/, ''))
  .refine((s) => !s.startsWith('/') && !s.split('/').includes('..') && !s.startsWith('-'), {
    message: 'must be a folder inside the repository, like services/api (no leading / and no ..)',
  })
  .transform((s) => (s === '' || s === '.' ? undefined : s));

/** A branch, tag or commit; never something git could read as an option. */
export const refSchema = z
  .string()
  .trim()
  .max(255)
  .regex(/^[A-Za-z0-9._/][A-Za-z0-9._/+-]*$/, 'must be a branch, tag or commit id (letters, digits, . _ / + -)')
  .refine((s) => !s.includes('..'), { message: 'must not contain ..' });

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

export const gitSourceSchema = z.object({
  type: z.literal('git'),
  url: z.string().trim().min(1, 'is required').max(2048),
  ref: optional(refSchema),
  subdir: optional(subdirSchema),
});

export const sampleSourceSchema = z.object({
  type: z.literal('sample'),
  name: z.enum(SAMPLE_NAMES),
  subdir: optional(subdirSchema),
});

export const submissionSchema = z.object({
  source: z.discriminatedUnion('type', [gitSourceSchema, sampleSourceSchema, imageSourceSchema]),
  options: analysisOptionsSchema.optional(),
});

/** What an upload is: a repository's archive (the default), or an image (`docker save` output). */
export const uploadTypeSchema = z.object({
  type: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.enum(['archive', 'image-archive']).default('archive')),
});

/** The form fields that may come with an uploaded archive. */
/** A repository's name for uploads (the team's, whoever uploads): printable, no control characters. */
export const repositoryNameSchema = z
  .string()
  .trim()
  .min(1, 'Name the repository (form field "repository").')
  .max(200, 'A repository name has at most 200 characters.')
  .regex(/^[^\p{Cc}]+$/u, 'A repository name cannot hold control characters.');

export const archiveFieldsSchema = z.object({
  subdir: optional(subdirSchema),
  /** the options as a JSON string (a form field) */
  options: optional(z.string().max(2000)),
  /** the repository the upload is of (without it: the file's name, per uploader) */
  repository: optional(repositoryNameSchema),
  /** the commit uploaded, as git names it (the CLI reads it from the folder's git) */
  commitSha: optional(
    z
      .string()
      .trim()
      .regex(/^[0-9a-f]{7,64}$/i, 'commitSha must be a git commit id (hex).')
      .toLowerCase(),
  ),
  commitSubject: optional(
    z
      .string()
      .max(1000)
      .transform((text) =>
        text
          .replace(/\p{Cc}/gu, ' ')
          .trim()
          .slice(0, 200),
      ),
  ),
});

export type SampleSource = z.infer<typeof sampleSourceSchema>;

/** What an analysis fetches; the git URL may carry credentials and is never stored whole. */
export type SourceSpec =
  | { type: 'git'; url: string; ref?: string; subdir?: string }
  | { type: 'sample'; name: SampleSource['name']; subdir?: string }
  | { type: 'archive'; file: string; filename: string; subdir?: string }
  /** an uploaded archive kept in the database (lib/analyses/store/uploads.ts) until its analysis ends */
  | { type: 'upload'; analysisId: string; filename: string; subdir?: string }
  /** an image in a registry, analysed as it is (no build) */
  | { type: 'image'; ref: string; credentials?: RegistryCredentials }
  /** an uploaded `docker save` file kept in the database like an upload */
  | { type: 'image-upload'; analysisId: string; filename: string };

/** The sources that are an image already: analysed as one variant, "image", with no build. */
export type ImageSpec = Extract<SourceSpec, { type: 'image' | 'image-upload' }>;

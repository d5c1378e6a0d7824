import { z } from 'zod';
import {
  analysisOptionsSchema,
  archiveFieldsSchema,
  uploadTypeSchema,
  budgetSchema,
  compareQuerySchema,
  downloadFormatSchema,
  filesQuerySchema,
  repositoryQuerySchema,
  shareRequestSchema,
  sharedCompareQuerySchema,
  submissionSchema,
  tokenCreateSchema,
  variantExportQuerySchema,
} from '@/lib/api/schemas';
import { ERROR_STATUS } from '@/lib/errors';

// The OpenAPI 3.1 description of the API, made from the zod schemas the routes validate
// with (lib/api/schemas.ts): request bodies and query parameters are never written twice.

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

/** What a request may send (defaults and transforms as a client sees them). */
function schemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function queryParameters(schema: z.ZodType) {
  const json = schemaOf(schema);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: property }));
}

const pathParameter = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
const id = pathParameter('id', 'an analysis id');
const repositoryId = pathParameter('id', 'a repository id');
const kind = pathParameter('kind', 'a variant: single-stage, multi-stage, repository, multi-stage:<base> or multi-stage:<os>-<arch>');
const token = pathParameter('token', "a share link's token");

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
        message: { type: 'string', description: 'what happened and what to do, in words for a person' },
        fields: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
};

const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const errors = {
  default: { description: 'an error (ERROR_STATUS maps its code to the status)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
};
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schemaOf(schema) } } });
const download = { description: 'an attachment', content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } } };

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const archiveFields = schemaOf(archiveFieldsSchema);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shipshape',
      version: '1',
      description: 'Single- vs multi-stage Docker images, measured on a real engine. Sign in, or send an API token as "Authorization: Bearer <token>".',
    },
    servers: [{ url: serverUrl }],
    components: {
      schemas: { Error: errorBody, AnalysisOptions: schemaOf(analysisOptionsSchema), Budget: schemaOf(budgetSchema) },
      securitySchemes: { token: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' } },
    },
    security: [{ token: [] }, { session: [] }],
    paths: {
      '/api/analyses': {
        post: {
          summary: 'Submit a repository (a git URL, a built-in sample, or an uploaded archive) or an image (a reference, or a docker save file with type=image-archive)',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: schemaOf(submissionSchema) },
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['archive'],
                  properties: {
                    archive: {
                      type: 'string',
                      format: 'binary',
                      description: 'a .tar.gz, .tgz or .zip of the repository, or with type=image-archive a docker save .tar or .tar.gz (MAX_UPLOAD_MB)',
                    },
                    ...schemaOf(uploadTypeSchema).properties,
                    ...archiveFields.properties,
                  },
                },
              },
            },
          },
          responses: { 202: json('{"id"}: queued'), ...errors },
        },
        get: { summary: 'The newest analyses', responses: { 200: json('{"analyses": [...]}'), ...errors } },
      },
      '/api/analyses/{id}': {
        parameters: [id],
        get: { summary: 'One analysis: variants, layers, sizes, findings, verdict', responses: { 200: json('the analysis'), ...errors } },
        delete: { summary: 'Delete an analysis (its submitter or an admin): images, then numbers', responses: { 204: { description: 'deleted' }, ...errors } },
      },
      '/api/analyses/{id}/cancel': {
        parameters: [id],
        post: { summary: 'Cancel a queued or running analysis', responses: { 200: json('canceled'), 202: json('canceling'), ...errors } },
      },
      '/api/analyses/{id}/share': {
        parameters: [id],
        post: { summary: 'Make a (new) share link', requestBody: body(shareRequestSchema), responses: { 201: json('the link'), ...errors } },
        delete: { summary: 'Revoke the share link', responses: { 200: json('revoked'), ...errors } },
      },
      '/api/analyses/{id}/variants/{kind}/files': {
        parameters: [id, kind],
        get: { summary: 'One folder of an image as of a layer', parameters: queryParameters(filesQuerySchema), responses: { 200: json('the folder'), ...errors } },
      },
      '/api/analyses/{id}/variants/{kind}/export': {
        parameters: [id, kind],
        get: { summary: "An image's layers or files, as CSV or JSON", parameters: queryParameters(variantExportQuerySchema), responses: { 200: download, ...errors } },
      },
      '/api/compare': {
        get: { summary: 'Two images, layer by layer and file by file', parameters: queryParameters(compareQuerySchema), responses: { 200: json('the comparison'), ...errors } },
      },
      '/api/repositories': {
        get: {
          summary: "The team's repositories, with their newest analysis",
          parameters: queryParameters(repositoryQuerySchema),
          responses: { 200: json('{"repositories", "nextCursor"}'), ...errors },
        },
      },
      '/api/repositories/export': {
        get: {
          summary: 'The repositories as CSV or JSON',
          parameters: [...queryParameters(downloadFormatSchema), ...queryParameters(repositoryQuerySchema)],
          responses: { 200: download, ...errors },
        },
      },
      '/api/repositories/{id}': { parameters: [repositoryId], get: { summary: 'A repository, its budget and its history', responses: { 200: json('the repository'), ...errors } } },
      '/api/repositories/{id}/budget': {
        parameters: [repositoryId],
        put: {
          summary: "Set the repository's budget (members and admins)",
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Budget' } } } },
          responses: { 200: json('the repository'), ...errors },
        },
      },
      '/api/repositories/{id}/export': {
        parameters: [repositoryId],
        get: { summary: 'The history as CSV or JSON', parameters: queryParameters(downloadFormatSchema), responses: { 200: download, ...errors } },
      },
      '/api/share/{token}': { parameters: [token], get: { summary: 'A shared analysis (no sign-in)', security: [], responses: { 200: json('the analysis'), ...errors } } },
      '/api/share/{token}/compare': {
        parameters: [token],
        get: {
          summary: 'Two variants of a shared analysis (no sign-in)',
          security: [],
          parameters: queryParameters(sharedCompareQuerySchema),
          responses: { 200: json('the comparison'), ...errors },
        },
      },
      '/api/tokens': {
        post: { summary: 'A new API token for yourself (shown once)', requestBody: body(tokenCreateSchema), responses: { 201: json('the token'), ...errors } },
        get: { summary: 'Your tokens (never the tokens themselves)', responses: { 200: json('{"tokens"}'), ...errors } },
      },
      '/api/health': { get: { summary: 'The engines and the database', security: [], responses: { 200: json('healthy'), 503: json('an engine or the database is down') } } },
      '/api/openapi.json': { get: { summary: 'This document', security: [], responses: { 200: json('OpenAPI 3.1') } } },
    },
  };
}

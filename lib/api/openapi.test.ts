import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/lib/api/openapi';
import { budgetSchema } from '@/lib/repositories/budget';

describe('the OpenAPI document', () => {
  const doc = openApiDocument('https://shipshape.example') as {
    openapi: string;
    paths: Record<
      string,
      Record<string, { parameters?: { name: string }[]; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; anyOf?: unknown[] } }> } }>
    >;
    components: { schemas: { Budget: { properties: Record<string, unknown> } } };
  };

  it('is OpenAPI 3.1 and names the routes issues and tools rely on', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/analyses', '/api/analyses/{id}', '/api/repositories', '/api/repositories/{id}', '/api/repositories/{id}/budget', '/api/compare']),
    );
  });

  it('describes requests from the very schemas the routes parse with', () => {
    expect(Object.keys(doc.components.schemas.Budget.properties).sort()).toEqual(Object.keys(budgetSchema.shape).sort());
    expect(doc.paths['/api/repositories']!.get!.parameters!.map((p) => p.name)).toEqual(['q', 'stack', 'status', 'overBudget', 'sort', 'cursor', 'limit']);
    const upload = doc.paths['/api/analyses']!.post!.requestBody!.content['multipart/form-data']!.schema.properties!;
    expect(Object.keys(upload)).toEqual(['archive', 'type', 'subdir', 'options', 'repository', 'commitSha', 'commitSubject']);
    expect(upload.type).toMatchObject({ enum: ['archive', 'image-archive'] });
    expect(doc.paths['/api/analyses']!.post!.requestBody!.content['application/json']).toBeDefined();
  });
});

import { NextResponse } from 'next/server';
import { originOf, withErrors } from '@/lib/api/errors';
import { openApiDocument } from '@/lib/api/openapi';

// GET /api/openapi.json - the API's OpenAPI 3.1 description, from the schemas the routes validate with
export const GET = withErrors(async (request: Request) => NextResponse.json(openApiDocument(originOf(request))));

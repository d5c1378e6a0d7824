import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as schemaWasm from '@prisma/prisma-schema-wasm';

// prisma/schema.prisma as Prisma's own schema parser (the wasm build the CLI uses) reads
// it: what the migrations of each database are checked against.

export interface DmmfField {
  name: string;
  kind: 'scalar' | 'object' | 'enum';
  type: string;
  isRequired: boolean;
  isId: boolean;
  hasDefaultValue: boolean;
  default?: { name: string } | string | number | boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
export interface Dmmf {
  datamodel: {
    models: { name: string; dbName: string | null; fields: DmmfField[]; primaryKey: { fields: string[] } | null }[];
    indexes: { model: string; type: 'id' | 'unique' | 'normal'; fields: { name: string }[] }[];
  };
}

export function loadDmmf(): Dmmf {
  const schema = readFileSync(path.join(process.cwd(), 'prisma', 'schema.prisma'), 'utf8');
  return JSON.parse(schemaWasm.get_dmmf(JSON.stringify({ prismaSchema: schema }))) as Dmmf;
}

/** The SQL default a field's @default produces, or undefined for none (client-side cuid()). */
export function sqlDefault(field: DmmfField): string | undefined {
  if (!field.hasDefaultValue || field.default === undefined) return undefined;
  if (typeof field.default === 'object') return field.default.name === 'now' ? 'CURRENT_TIMESTAMP' : undefined;
  if (typeof field.default === 'string') return `'${field.default}'`;
  return String(field.default);
}

#!/usr/bin/env node
// `npm run schemas`: writes the JSON Schemas awsarch ships (schemas/) from their definitions in the code,
// after `npm run build`. A test fails when a shipped schema differs from what this would write.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { landingZoneJsonSchema } from '../dist/landing-zone/file/schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemas = { 'landing-zone.schema.json': landingZoneJsonSchema() };
for (const [file, schema] of Object.entries(schemas)) {
  writeFileSync(join(root, 'schemas', file), `${JSON.stringify(schema, null, 2)}\n`);
  process.stdout.write(`wrote schemas/${file}\n`);
}

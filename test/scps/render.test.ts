import { describe, expect, test } from 'vitest';
import { findBundled, loadBundledTemplates, parseTemplate, policyNameFromFile } from '../../src/scps/catalog.js';
import { overridesFor, parseParameterAssignments, renderTemplate } from '../../src/scps/render.js';
import type { ScpTemplate } from '../../src/scps/template-model.js';

const template: ScpTemplate = {
  name: 'Example',
  description: 'An example.',
  parameters: {
    regions: {
      type: 'list',
      description: 'allowed Regions',
      default: ['us-east-1'],
      itemPattern: '^[a-z]{2}(-[a-z]+)+-\\d+$',
    },
    exempt: { type: 'list', description: 'exempt roles', default: ['arn:aws:iam::*:role/BreakGlass'] },
    keys: { type: 'list', description: 'tag keys', default: ['owner', 'env'] },
    bucket: { type: 'string', description: 'a bucket', default: 'logs' },
  },
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Regions',
        Effect: 'Deny',
        NotAction: 'iam:*',
        Resource: 'arn:aws:s3:::{{bucket}}/*',
        Condition: {
          StringNotEquals: { 'aws:RequestedRegion': '{{regions}}' },
          ArnNotLike: { 'aws:PrincipalArn': ['{{exempt}}', 'arn:aws:iam::*:role/Pipeline'] },
        },
      },
      {
        $forEach: 'keys',
        Sid: 'Tag{{index}}',
        Effect: 'Deny',
        Action: 'ec2:RunInstances',
        Resource: '*',
        Condition: { Null: { 'aws:RequestTag/{{item}}': 'true' } },
      },
    ],
  },
};

describe('renderTemplate', () => {
  test('fills in defaults: whole-value lists, lists spliced into lists, strings inside strings, $forEach per item', () => {
    const rendered = renderTemplate(template);
    const statements = rendered.document.Statement as Array<Record<string, unknown>>;
    expect(statements[0]).toMatchObject({
      Resource: 'arn:aws:s3:::logs/*',
      Condition: {
        StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] },
        ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/BreakGlass', 'arn:aws:iam::*:role/Pipeline'] },
      },
    });
    expect(statements.slice(1)).toEqual([
      {
        Sid: 'Tag1',
        Effect: 'Deny',
        Action: 'ec2:RunInstances',
        Resource: '*',
        Condition: { Null: { 'aws:RequestTag/owner': 'true' } },
      },
      {
        Sid: 'Tag2',
        Effect: 'Deny',
        Action: 'ec2:RunInstances',
        Resource: '*',
        Condition: { Null: { 'aws:RequestTag/env': 'true' } },
      },
    ]);
    expect(rendered.content).toBe(JSON.stringify(rendered.document));
    expect(rendered.size).toBe(rendered.content.length);
    expect(rendered.sourceMap.get('Statement[2].Condition')).toBe('Statement[1].Condition');
    expect(rendered.sourceMap.get('Statement[0].Condition.ArnNotLike.aws:PrincipalArn[1]')).toBe(
      'Statement[0].Condition.ArnNotLike.aws:PrincipalArn[1]',
    );
  });

  test('overrides: comma lists, and Policy.key beats key', () => {
    const assignments = parseParameterAssignments([
      'regions=eu-west-1, eu-central-1',
      'Example.regions=eu-north-1',
      'Other.regions=us-west-2',
    ]);
    const rendered = renderTemplate(template, overridesFor('Example', assignments));
    expect(rendered.parameters.regions).toEqual(['eu-north-1']);
    expect(renderTemplate(template, overridesFor('Example', assignments.slice(0, 1))).parameters.regions).toEqual([
      'eu-west-1',
      'eu-central-1',
    ]);
  });

  test.each([
    [{ regions: 'mars-1' }, /regions has "mars-1", which does not look right/],
    [{ regions: '' }, /needs at least one value/],
  ])('rejects bad parameter values (%o)', (overrides, message) => {
    expect(() => renderTemplate(template, overrides)).toThrow(message);
  });

  test('a parameter without default must be given', () => {
    const needy: ScpTemplate = {
      ...template,
      parameters: { ...template.parameters, bucket: { type: 'string', description: 'a bucket' } },
    };
    expect(() => renderTemplate(needy)).toThrow(/needs the parameter bucket/);
    expect(renderTemplate(needy, { bucket: 'b' }).content).toContain('arn:aws:s3:::b/*');
  });

  test('template mistakes are reported: undeclared placeholders, a list inside a string', () => {
    expect(() => renderTemplate({ ...template, document: { Version: '{{nope}}' } })).toThrow(
      /not a declared parameter/,
    );
    expect(() => renderTemplate({ ...template, document: { Version: 'x-{{regions}}' } })).toThrow(
      /is a list and can only stand alone/,
    );
  });

  test('bad --param syntax', () => {
    expect(() => parseParameterAssignments(['regions'])).toThrow(/is not key=value/);
  });
});

describe('catalog', () => {
  test('bundled templates are found by name or file stem, case-insensitively', async () => {
    const templates = await loadBundledTemplates();
    expect(findBundled(templates, 'requireregions')?.template.name).toBe('RequireRegions');
    expect(findBundled(templates, 'deny-public-s3')?.template.name).toBe('DenyPublicS3');
    expect(findBundled(templates, 'Nope')).toBeUndefined();
  });

  test('parameters shared between templates are defined the same way everywhere', async () => {
    const templates = await loadBundledTemplates();
    const seen = new Map<string, unknown>();
    for (const { template: bundled } of templates) {
      for (const [name, spec] of Object.entries(bundled.parameters)) {
        if (seen.has(name)) expect(spec, `${bundled.name}.${name}`).toEqual(seen.get(name));
        else seen.set(name, spec);
      }
    }
    expect(seen.has('breakGlassRoleArns')).toBe(true);
  });

  test('template files are checked: bad JSON with a position, a missing description', () => {
    expect(() => parseTemplate('{"name": "X",}', 't.json')).toThrow(/t\.json: unexpected '}'.* at line 1, column 14/);
    expect(() => parseTemplate(JSON.stringify({ name: 'X', document: {} }), 't.json')).toThrow(/t\.json: description/);
  });

  test('policy names from file names', () => {
    expect(policyNameFromFile('guardrails/deny-leaving-org.json')).toBe('DenyLeavingOrg');
    expect(policyNameFromFile('2024.json')).toBe('Scp2024');
  });
});

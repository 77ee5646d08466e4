import { z } from 'zod';

/** A template parameter: a list of strings (most) or a single string. */
const parameterSchema = z.strictObject({
  type: z.enum(['list', 'string']),
  description: z.string().min(1),
  default: z.union([z.string(), z.array(z.string())]).optional(),
  /** Every value (each item of a list) must match this regular expression. */
  itemPattern: z.string().optional(),
});

/** A parameterised SCP: templates/scps/*.json, or a file of the same shape given by path. */
export const templateSchema = z.strictObject({
  /** The policy name in AWS Organizations (letters and digits). */
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,127}$/, 'a name of letters and digits, starting with a letter'),
  /** Intent of the policy; uploaded as the policy's Description (at most 512 characters). */
  description: z.string().min(1).max(512),
  parameters: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), parameterSchema).default({}),
  /** The policy with {{parameter}} placeholders; a statement with "$forEach": "listParameter" repeats per item ({{item}}, {{index}}). */
  document: z.record(z.string(), z.unknown()),
});

export type ScpTemplate = z.infer<typeof templateSchema>;
export type TemplateParameter = z.infer<typeof parameterSchema>;
export type ParameterValue = string | string[];

/** A template and where it came from (a bundled name or a file path). */
export interface TemplateSource {
  template: ScpTemplate;
  /** 'bundled' or the file path. */
  origin: string;
  /** The template file's text, for positions of problems. */
  text: string;
}

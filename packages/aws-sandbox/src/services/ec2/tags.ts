import type { OperationInput } from '../../types.js';
import type { Tag } from './model.js';

interface WireTagSpecification {
  ResourceType?: string;
  Tag?: Array<{ Key?: string; Value?: string }>;
}

/** Tags from `TagSpecification.N` for one resource type (ec2Query input as decoded by the protocol). */
export function tagsFromSpecifications(input: OperationInput, resourceType: string): Tag[] {
  const specifications = (input.TagSpecification as WireTagSpecification[] | undefined) ?? [];
  return specifications
    .filter((specification) => specification.ResourceType === undefined || specification.ResourceType === resourceType)
    .flatMap((specification) => specification.Tag ?? [])
    .map((tag) => ({ key: String(tag.Key ?? ''), value: String(tag.Value ?? '') }));
}

/** The `tagSet` member every EC2 resource carries on the wire. */
export function tagSet(tags: readonly Tag[]): Array<{ key: string; value: string }> {
  return tags.map(({ key, value }) => ({ key, value }));
}

/** Sets tags in place, replacing values of existing keys (CreateTags semantics). */
export function mergeTags(tags: Tag[], added: readonly Tag[]): void {
  for (const tag of added) {
    const existing = tags.find((candidate) => candidate.key === tag.key);
    if (existing) existing.value = tag.value;
    else tags.push({ ...tag });
  }
}

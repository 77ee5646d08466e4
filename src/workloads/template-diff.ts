/** One resource a deployment would change. */
export interface ResourceChange {
  readonly logicalId: string;
  readonly type: string;
  readonly change: 'add' | 'remove' | 'update' | 'replace';
}

/** The part of @aws-cdk/cloudformation-diff's TemplateDiff that is read here. */
export interface TemplateDiffLike {
  readonly resources: {
    forEachDifference(
      callback: (
        logicalId: string,
        change: {
          isAddition: boolean;
          isRemoval: boolean;
          changeImpact?: string;
          resourceType?: string;
          newResourceType?: string;
          oldResourceType?: string;
        },
      ) => void,
    ): void;
  };
}

/** The resource changes of a stack diff, in logical-id order. Pure. */
export function summarizeTemplateDiff(diff: TemplateDiffLike): ResourceChange[] {
  const changes: ResourceChange[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    const type = change.newResourceType ?? change.oldResourceType ?? change.resourceType ?? '?';
    const kind = change.isAddition
      ? 'add'
      : change.isRemoval
        ? 'remove'
        : /REPLACE/.test(change.changeImpact ?? '')
          ? 'replace'
          : 'update';
    changes.push({ logicalId, type, change: kind });
  });
  return changes.sort((a, b) => a.logicalId.localeCompare(b.logicalId));
}

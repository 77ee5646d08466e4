import type { SandboxState } from '../../state.js';
import { regionStateOf } from '../ec2/model.js';
import { resolverRegionOf } from '../route53resolver/model.js';

/** A resource type RAM shares in the sandbox: how its ARNs look and whether one exists. */
interface ShareableType {
  /** RAM's name for the type (ListResources resourceType). */
  readonly type: string;
  readonly arn: RegExp;
  exists(state: SandboxState, parts: { region: string; accountId: string; id: string }): boolean;
}

/** RAM's "Shareable AWS resources" table, for the types the sandbox models. */
const SHAREABLE: readonly ShareableType[] = [
  {
    type: 'ec2:TransitGateway',
    arn: /^arn:aws:ec2:([a-z0-9-]+):(\d{12}):transit-gateway\/(tgw-[0-9a-f]+)$/,
    exists: (state, { region, accountId, id }) => {
      const gateway = regionStateOf(state, accountId, region).transitGateways[id];
      return gateway !== undefined && gateway.state !== 'deleted';
    },
  },
  {
    type: 'route53resolver:ResolverRule',
    arn: /^arn:aws:route53resolver:([a-z0-9-]+):(\d{12}):resolver-rule\/(rslvr-rr-[0-9a-z]+)$/,
    exists: (state, { region, accountId, id }) => resolverRegionOf(state, accountId, region).rules[id] !== undefined,
  },
];

/** The RAM type of a resource ARN and its parts, or undefined when RAM (in the sandbox) cannot share it. */
export function shareableResource(
  arn: string,
): { type: ShareableType; region: string; accountId: string; id: string } | undefined {
  for (const type of SHAREABLE) {
    const match = type.arn.exec(arn);
    if (match) return { type, region: match[1] as string, accountId: match[2] as string, id: match[3] as string };
  }
  return undefined;
}

export function isShareableType(name: string): boolean {
  return SHAREABLE.some((type) => type.type === name);
}

import { describe, expect, it } from 'vitest';
import { ensureSharedTransitGateway, networkAccountId } from '../src/seeds/shared-transit-gateway.js';
import { emptyState } from '../src/state.js';

describe('sandbox seeds: the shared transit gateway', () => {
  it('is created once in the network account and found on the next run', () => {
    const state = emptyState('123456789012');
    state.services.organizations = { accounts: { '555555555555': { Id: '555555555555', Name: 'Shared Services' } } };
    expect(networkAccountId(state)).toBe('555555555555');
    const first = ensureSharedTransitGateway(state, { region: 'us-east-1', now: 0 });
    const second = ensureSharedTransitGateway(state, { region: 'us-east-1', now: 1 });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.transitGateway.transitGatewayId).toBe(first.transitGateway.transitGatewayId);
    expect(first.transitGateway.ownerId).toBe('555555555555');
    expect(first.transitGateway.associationDefaultRouteTableId).toMatch(/^tgw-rtb-/);
  });

  it('falls back to the management account without a Shared Services account', () => {
    const state = emptyState('123456789012');
    expect(ensureSharedTransitGateway(state, { region: 'eu-west-1', now: 0 }).transitGateway.ownerId).toBe(
      '123456789012',
    );
  });
});

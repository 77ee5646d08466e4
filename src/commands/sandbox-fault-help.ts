/** The help of `sandbox fault`, here so `--help` loads no sandbox code; a test checks the names match HYBRID_FAULT_NAMES. */
export const HYBRID_FAULT_HELP: Readonly<Record<string, string>> = {
  'dx-down': 'Direct Connect connections go down (all, or the one named), taking their VIFs and BGP with them',
  'dx-restore': 'Direct Connect connections (all, or the one named) come back, with BGP up',
  'bgp-down': 'BGP goes down on one virtual interface (name or id); the connection stays up',
  'bgp-restore': 'BGP comes back up on the named virtual interface, or on all',
  'vpn-tunnel-down': 'tunnel 1 or 2 (default 1) of each VPN connection goes DOWN',
  'vpn-down': 'both tunnels of the VPN connections (all, or the one named) go DOWN',
  'vpn-restore': 'every tunnel of the VPN connections (all, or the one named) comes back UP',
  'resolver-az-down': 'Resolver endpoint IPs in one AZ fail (default the second zone, e.g. us-east-1b)',
  'resolver-restore': 'every Resolver endpoint IP is attached again',
  'storage-gateway-offline': 'Storage Gateways (all, or the one named) lose their connection to AWS (offline)',
  'storage-gateway-restore': 'Storage Gateways (all, or the one named) are connected again',
  'ad-connector-impaired': 'AD Connectors (all, or the one named) become Impaired (on-premises DNS unreachable)',
  'ad-connector-restore': 'AD Connectors (all, or the one named) are Active again',
  restore: 'all of the above back to healthy',
};

/** The function faults of `sandbox fault`; a test checks the names match FUNCTION_FAULT_NAMES. */
export const FUNCTION_FAULT_HELP: Readonly<Record<string, string>> = {
  'function-errors':
    'functions whose name contains TARGET (all without one) fail --error-rate of their invocations before running',
  'function-restore': 'those functions (all without a TARGET) run normally again',
};

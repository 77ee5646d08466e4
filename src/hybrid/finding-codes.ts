// The codes of `hybrid status` findings (`assessment.findings[].code` in its JSON). Pipelines and alerting
// match on them, so a code keeps its spelling and meaning; add new ones here.

/** Every finding code, with what it means. */
export const FINDING = {
  /** A Direct Connect connection is not available: its interfaces carry nothing. */
  DX_CONNECTION_DOWN: 'dx-connection-down',
  /** A BGP failover test holds BGP down on an interface. */
  DX_FAILOVER_TEST: 'dx-failover-test',
  /** BGP is down on a virtual interface. */
  DX_BGP_DOWN: 'dx-bgp-down',
  /** Every Direct Connect interface terminates at one location. */
  DX_SINGLE_LOCATION: 'dx-single-location',
  /** A Direct Connect gateway is not associated with the transit gateway. */
  DX_ASSOCIATION: 'dx-association',
  /** No Direct Connect gateway is attached: only the VPN. */
  NO_DIRECT_CONNECT: 'no-direct-connect',
  /** A VPN has no tunnel up. */
  VPN_DOWN: 'vpn-down',
  /** A VPN tunnel is down: the backup has no redundancy. */
  VPN_TUNNEL_DOWN: 'vpn-tunnel-down',
  /** A VPN is up but learned no routes. */
  VPN_NO_ROUTES: 'vpn-no-routes',
  /** A VPN does not propagate into a route table that needs it. */
  VPN_NOT_PROPAGATED: 'vpn-not-propagated',
  /** No VPN backs up Direct Connect. */
  NO_VPN: 'no-vpn',
  /** On-premises cannot reach an inbound Resolver endpoint over Direct Connect. */
  DNS_INBOUND_NOT_ADVERTISED: 'dns-inbound-not-advertised',
  /** On-premises cannot reach an inbound Resolver endpoint over the VPN. */
  DNS_INBOUND_NO_ROUTE_FROM_VPN: 'dns-inbound-no-route-from-vpn',
  /** A Resolver endpoint is not operational or lacks attached addresses. */
  DNS_ENDPOINT_STATUS: 'dns-endpoint-status',
  /** A Resolver endpoint has its addresses in one zone or subnet. */
  DNS_SINGLE_AZ: 'dns-single-az',
  /** A Resolver rule is not COMPLETE. */
  DNS_RULE_STATUS: 'dns-rule-status',
  /** A Resolver rule is associated with no VPC. */
  DNS_RULE_UNASSOCIATED: 'dns-rule-unassociated',
  /** A forwarding rule's outbound endpoint is down or missing. */
  DNS_RULE_ENDPOINT_DOWN: 'dns-rule-endpoint-down',
  /** A forwarding rule's target IPs have no route from the transit gateway. */
  DNS_TARGET_UNREACHABLE: 'dns-target-unreachable',
  /** No Resolver endpoints: hybrid DNS is not set up. */
  DNS_NONE: 'dns-none',
  /** An on-premises prefix has no route: traffic is dropped. */
  PATH_NONE: 'path-none',
  /** An on-premises prefix matches a blackhole route. */
  PATH_BLACKHOLE: 'path-blackhole',
  /** An on-premises prefix routes to a VPN whose tunnels are all down. */
  PATH_VPN_DOWN: 'path-vpn-down',
  /** An on-premises prefix routes somewhere other than on-premises. */
  PATH_OTHER: 'path-other',
  /** A static route sends a prefix over the VPN although Direct Connect is up. */
  STATIC_ROUTE_TO_VPN: 'static-route-to-vpn',
  /** A prefix routes over the backup path. */
  PATH_BACKUP: 'path-backup',
  /** The VPN announces a more specific route than Direct Connect. */
  MORE_SPECIFIC_VIA_VPN: 'more-specific-via-vpn',
  /** Direct Connect is up but does not announce a prefix. */
  DX_MISSING_PREFIX: 'dx-missing-prefix',
  /** No Direct Connect gateway or VPN is attached to a transit gateway. */
  NO_HYBRID: 'no-hybrid',
  /** The transit gateway has no route to on-premises. */
  NO_ROUTES: 'no-routes',
  /** Something could not be read; the assessment may be incomplete. */
  COLLECTION_WARNING: 'collection-warning',
  /** A hybrid service (Storage Gateway, Directory Service) is not offered in the Region. */
  SERVICE_UNAVAILABLE: 'service-unavailable',
  /** A Storage Gateway is offline or shut down: its file shares cannot be used. */
  SGW_OFFLINE: 'sgw-offline',
  /** Too much of a Storage Gateway's cache is not yet uploaded to AWS. */
  SGW_CACHE_DIRTY: 'sgw-cache-dirty',
  /** A Storage Gateway's upload buffer is filling up. */
  SGW_UPLOAD_BUFFER: 'sgw-upload-buffer',
  /** A Storage Gateway has a software update pending. */
  SGW_UPDATE_AVAILABLE: 'sgw-update-available',
  /** A Storage Gateway's software reaches (or passed) its end of support. */
  SGW_END_OF_SUPPORT: 'sgw-end-of-support',
  /** A file share is not AVAILABLE. */
  SGW_SHARE_STATUS: 'sgw-share-status',
  /** A directory is being created, updated or deleted (not Active). */
  DIR_STAGE: 'dir-stage',
  /** An AD Connector is Impaired or Failed: sign-in with on-premises accounts fails. */
  DIR_IMPAIRED: 'dir-impaired',
  /** An AD Connector's on-premises DNS servers are not routed over Direct Connect or the VPN. */
  DIR_DNS_UNREACHABLE: 'dir-dns-unreachable',
  /** DNS in a member account could not be read (the role could not be assumed, or a read was refused). */
  DNS_ACCOUNT_UNREADABLE: 'dns-account-unreadable',
  /** A baselined VPC would fail to resolve on-premises names (a rule not shared or not associated). */
  DNS_VPC_UNRESOLVED: 'dns-vpc-unresolved',
  /** Network lint: a VPC CIDR lies inside or overlaps an on-premises prefix. */
  LINT_VPC_OVERLAPS_ON_PREMISES: 'lint-vpc-overlaps-on-premises',
  /** Network lint: a static route shadows the path Direct Connect announces. */
  LINT_STATIC_ROUTE_SHADOWS_DX: 'lint-static-route-shadows-dx',
  /** Network lint: a VPN's tunnels learned different routes. */
  LINT_VPN_TUNNELS_DIFFER: 'lint-vpn-tunnels-differ',
  /** Network lint: several VPNs on a transit gateway without VPN ECMP. */
  LINT_TGW_VPN_ECMP_OFF: 'lint-tgw-vpn-ecmp-off',
} as const;

export type FindingCode = (typeof FINDING)[keyof typeof FINDING];

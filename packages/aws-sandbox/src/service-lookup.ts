import { readFormParameters } from './query-params.js';
import { matchRestRoute } from './protocols/rest-json.js';
import type { ProtocolRequest, ServiceDefinition } from './types.js';

export function serviceForSigningName(
  services: readonly ServiceDefinition[],
  signingName: string,
): ServiceDefinition | undefined {
  return services.find((service) => service.signingName === signingName);
}

/** For requests without a signature: which service the request is addressed to, judged by its shape. */
export function serviceForUnsignedRequest(
  services: readonly ServiceDefinition[],
  request: ProtocolRequest,
): ServiceDefinition | undefined {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const prefix = target.slice(0, target.lastIndexOf('.'));
    return services.find((service) => service.targetPrefix === prefix);
  }
  const version = readFormParameters(request).get('Version');
  if (version !== null) {
    return services.find(
      (service) => (service.protocol === 'awsQuery' || service.protocol === 'ec2Query') && service.version === version,
    );
  }
  return services.find(
    (service) =>
      service.protocol === 'restJson1' &&
      matchRestRoute(service.routes ?? [], request.method, request.path, request.query),
  );
}

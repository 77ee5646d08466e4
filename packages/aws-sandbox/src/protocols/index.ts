import type { Protocol, ProtocolName } from '../types.js';
import { createAwsJsonProtocol } from './aws-json.js';
import { awsQueryProtocol } from './aws-query.js';
import { ec2QueryProtocol } from './ec2-query.js';
import { restJsonProtocol } from './rest-json.js';
import { restXmlProtocol } from './rest-xml.js';

const PROTOCOLS: Readonly<Record<ProtocolName, Protocol>> = {
  awsJson1_0: createAwsJsonProtocol('1.0'),
  awsJson1_1: createAwsJsonProtocol('1.1'),
  awsQuery: awsQueryProtocol,
  ec2Query: ec2QueryProtocol,
  restJson1: restJsonProtocol,
  restXml: restXmlProtocol,
};

export function protocolFor(name: ProtocolName): Protocol {
  return PROTOCOLS[name];
}

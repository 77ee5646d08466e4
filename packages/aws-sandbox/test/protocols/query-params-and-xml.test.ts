import { describe, expect, test } from 'vitest';
import { parseQueryParameters } from '../../src/query-params.js';
import { escapeXml, renderXmlElement, renderXmlMembers, XmlMap } from '../../src/xml.js';

const parse = (query: string) => parseQueryParameters(new URLSearchParams(query));

describe('parseQueryParameters', () => {
  test('awsQuery lists (.member.N), nested structures and maps (.entry.N.key/value)', () => {
    expect(
      parse(
        'RoleArn=arn&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1' +
          '&PolicyArns.member.1.arn=p1&Attributes.entry.1.key=k1&Attributes.entry.1.value=v1&Attributes.entry.2.key=k2&Attributes.entry.2.value=v2' +
          '&Outer.Inner.Leaf=x',
      ),
    ).toEqual({
      RoleArn: 'arn',
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
      PolicyArns: [{ arn: 'p1' }],
      Attributes: { k1: 'v1', k2: 'v2' },
      Outer: { Inner: { Leaf: 'x' } },
    });
  });

  test('ec2Query lists (Name.N), lists inside list items, and index order by number not text', () => {
    const parsed = parse(
      'Filter.1.Name=tag:env&Filter.1.Value.1=prod&Filter.1.Value.2=dev&Filter.2.Name=cidr&Filter.2.Value.1=10.0.0.0/16' +
        '&VpcId.10=vpc-j&VpcId.2=vpc-b&VpcId.1=vpc-a',
    );
    expect(parsed).toEqual({
      Filter: [
        { Name: 'tag:env', Value: ['prod', 'dev'] },
        { Name: 'cidr', Value: ['10.0.0.0/16'] },
      ],
      VpcId: ['vpc-a', 'vpc-b', 'vpc-j'],
    });
  });

  test('an empty list arrives as an empty string; __proto__ keys are ignored', () => {
    const parsed = parse('Tags=&__proto__.polluted=yes&A.__proto__.b=c');
    expect(parsed).toEqual({ Tags: '' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('XML writer', () => {
  test('escapes markup and characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">&'\r\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#13;\uFFFD');
  });

  test('lists use <member> or <item>, timestamps are ISO-8601, null and undefined are left out', () => {
    const members = {
      Name: 'n&m',
      Created: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
      Count: 3,
      Enabled: false,
      Missing: undefined,
      Nothing: null,
      Tags: [{ Key: 'k', Value: 'v' }],
      Empty: [],
    };
    expect(renderXmlMembers(members, 'member')).toBe(
      '<Name>n&amp;m</Name><Created>2026-01-02T03:04:05.678Z</Created><Count>3</Count><Enabled>false</Enabled>' +
        '<Tags><member><Key>k</Key><Value>v</Value></member></Tags><Empty/>',
    );
    expect(renderXmlElement('ids', ['a', 'b'], 'item')).toBe('<ids><item>a</item><item>b</item></ids>');
  });

  test('XmlMap writes <entry><key/><value/></entry>', () => {
    expect(renderXmlElement('Attributes', new XmlMap({ a: '1', b: { Nested: 'x' } }), 'member')).toBe(
      '<Attributes><entry><key>a</key><value>1</value></entry><entry><key>b</key><value><Nested>x</Nested></value></entry></Attributes>',
    );
  });
});

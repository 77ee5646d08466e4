import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { COMMAND_ROUTES, QUERY_ROUTES } from '../application/http-api.js';

/** The HTTP API: command routes to the command handler, query routes to the query handler. */
export class OrdersApi extends Construct {
  readonly api: apigw.HttpApi;

  constructor(
    scope: Construct,
    id: string,
    props: { commandHandler: lambda.IFunction; queryHandler: lambda.IFunction },
  ) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Orders: commands (CQRS write side) and queries (read models)',
    });
    const commands = new HttpLambdaIntegration('Commands', props.commandHandler);
    const queries = new HttpLambdaIntegration('Queries', props.queryHandler);
    for (const route of COMMAND_ROUTES) this.addRoute(route, commands);
    for (const route of QUERY_ROUTES) this.addRoute(route, queries);
  }

  private addRoute(routeKey: string, integration: HttpLambdaIntegration): void {
    const [method, path] = routeKey.split(' ') as [string, string];
    this.api.addRoutes({ path, methods: [method as apigw.HttpMethod], integration });
  }
}

// `cdk synth` / `cdk deploy` entry point for the AWS CDK CLI (see cdk.json); awsarch builds the app in-process instead.
import { App } from 'aws-cdk-lib';
import { defineOrdersApp } from './app.js';

const app = new App();
defineOrdersApp(app);
app.synth();

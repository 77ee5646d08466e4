// `cdk synth` / `cdk deploy` entry point for the AWS CDK CLI (see cdk.json); awsarch builds the app in-process instead.
import { App } from 'aws-cdk-lib';
import { defineRideSharingApp } from './app.js';

const app = new App();
defineRideSharingApp(app);
app.synth();

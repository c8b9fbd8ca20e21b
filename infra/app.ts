import { cloudApp } from './cloud-app.js';

// `npx cdk synth` / `npx cdk deploy` run this (see cdk.json).
cloudApp();

/**
 * The program of one execution environment: a worker thread (run with `eval: true`, so it needs no file
 * of its own and works from the package's sources and its build alike) that loads the function's handler
 * module once, then runs one invocation at a time, as the Node.js runtime does. workerData: { codeDir,
 * handler ('file.export'), functionName, functionVersion, memoryMb, logGroup, logStream, invokedArn }.
 * The environment variables (function environment, credentials, AWS_ENDPOINT_URL) are the worker's env.
 * Messages in: { id, event, requestId, deadline }. Messages out: { id, ok, payload } or { id, ok: false,
 * error: { errorType, errorMessage, trace }, phase: 'init' | 'invoke' }. console output goes to stdout as
 * the runtime formats it (time, request id, level, message). HTTPS requests to *.amazonaws.com go to the
 * sandbox (AWS_ENDPOINT_URL) instead: the SDK sends some calls to hosts it takes from the input (an SQS
 * QueueUrl), and function code must never reach AWS itself.
 */
export const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { format } = require('node:util');

(() => {
  if (!process.env.AWS_ENDPOINT_URL) return;
  const sandbox = new URL(process.env.AWS_ENDPOINT_URL);
  const http = require('node:http');
  const https = require('node:https');
  const agent = new http.Agent({ keepAlive: true });
  const original = https.request;
  https.request = function (options, ...rest) {
    const host = options && typeof options === 'object' && !(options instanceof URL) ? String(options.hostname ?? options.host ?? '') : '';
    if (!/(^|\.)amazonaws\.com$/.test(host)) return original.call(this, options, ...rest);
    return http.request({ ...options, protocol: 'http:', host: sandbox.hostname, hostname: sandbox.hostname, port: sandbox.port, agent }, ...rest);
  };
})();

let currentRequestId;
for (const [method, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]) {
  console[method] = (...args) => {
    const text = format(...args).replace(/\\n/g, '\\r');
    process.stdout.write(new Date().toISOString() + '\\t' + (currentRequestId || 'undefined') + '\\t' + level + '\\t' + text + '\\n');
  };
}

function errorPayload(error) {
  if (error instanceof Error) {
    return { errorType: error.name || 'Error', errorMessage: error.message, trace: String(error.stack || '').split('\\n') };
  }
  return { errorType: 'string', errorMessage: String(error), trace: [] };
}

async function loadHandler() {
  const [moduleName, exportName] = (() => {
    const dot = workerData.handler.lastIndexOf('.');
    return dot > 0 ? [workerData.handler.slice(0, dot), workerData.handler.slice(dot + 1)] : [workerData.handler, ''];
  })();
  const file = ['.mjs', '.js', '.cjs'].map((extension) => join(workerData.codeDir, moduleName + extension)).find(existsSync);
  if (!file) {
    const error = new Error("Cannot find module '" + moduleName + "'");
    error.name = 'Runtime.ImportModuleError';
    throw error;
  }
  let loaded;
  try {
    loaded = await import(pathToFileURL(file).href);
  } catch (cause) {
    const error = new Error((cause && cause.message) || String(cause));
    error.name = 'Runtime.ImportModuleError';
    error.stack = cause && cause.stack;
    throw error;
  }
  const handler = loaded[exportName] ?? (loaded.default && loaded.default[exportName]);
  if (typeof handler !== 'function') {
    const error = new Error(moduleName + '.' + exportName + ' is undefined or not exported');
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  return handler;
}

const ready = loadHandler();
ready.catch(() => undefined);

function contextFor(message) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: workerData.functionName,
    functionVersion: workerData.functionVersion,
    invokedFunctionArn: workerData.invokedArn,
    memoryLimitInMB: String(workerData.memoryMb),
    awsRequestId: message.requestId,
    logGroupName: workerData.logGroup,
    logStreamName: workerData.logStream,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
    done: () => undefined,
    succeed: () => undefined,
    fail: () => undefined,
  };
}

function runHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    try {
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === 'function') {
        returned.then(
          (value) => callback(null, value),
          (error) => callback(error === undefined || error === null ? new Error('Promise rejected with ' + error) : error),
        );
      } else if (handler.length < 3) {
        callback(null, returned);
      }
    } catch (error) {
      callback(error);
    }
  });
}

parentPort.on('message', async (message) => {
  currentRequestId = message.requestId;
  let handler;
  try {
    handler = await ready;
  } catch (error) {
    parentPort.postMessage({ id: message.id, ok: false, phase: 'init', error: errorPayload(error) });
    return;
  }
  try {
    const result = await runHandler(handler, message.event, contextFor(message));
    const payload = result === undefined ? 'null' : JSON.stringify(result);
    parentPort.postMessage({ id: message.id, ok: true, payload: payload === undefined ? 'null' : payload });
  } catch (error) {
    parentPort.postMessage({ id: message.id, ok: false, phase: 'invoke', error: errorPayload(error) });
  } finally {
    currentRequestId = undefined;
  }
});
`;

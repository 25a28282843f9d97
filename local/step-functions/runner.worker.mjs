// The local Step Functions service: runs state machine definitions with aws-local-stepfunctions
// in a worker thread whose clock runs CASEFLOW_TIME_SCALE times faster. Only this thread's
// timers and Date.now are scaled, so waits and task timeouts shrink while the main thread (the
// "Lambda" side, DynamoDB client, HTTP) keeps real time. Task functions are invoked in the main
// thread by message; task tokens are emulated (the library has none) and parked here.
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const { scale } = workerData;
const realSetTimeout = globalThis.setTimeout;
const realDateNow = Date.now;
// The scaled clock's anchor: from workerData, or set by a `clock` request when the worker was
// started before the clock existed (npm start boots it while the database comes up); either way
// before any execution starts.
let { realStartMs = realDateNow(), virtualStartMs = realStartMs } = workerData;
const MAX_TIMER_MS = 2 ** 31 - 1;

// Node 20 lacks Promise.withResolvers, which the runner uses for every Task.
Promise.withResolvers ??= () => {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/**
 * Set by a plain Lambda task just before the runner arms that task's timeout. A Lambda's compute
 * does not run faster with the clock, so its TimeoutSeconds is a real-time guard: scaled, a 900 s
 * step limit became 3 s at 300× and a slow machine timed out (and retried) steps still running.
 * Waits and callback timeouts are domain time and stay scaled.
 */
let nextTimerInRealTime = false;

globalThis.setTimeout = (fn, ms = 0, ...args) => {
  const delay = nextTimerInRealTime ? ms : ms / scale;
  nextTimerInRealTime = false;
  return realSetTimeout(fn, Math.min(MAX_TIMER_MS, Math.max(0, delay)), ...args);
};
Date.now = () => virtualStartMs + (realDateNow() - realStartMs) * scale;

const { StateMachine } = await import('aws-local-stepfunctions');

const machines = new Map();
/** executionName -> { status, machine } ; names stay taken after the run ends, as on AWS. */
const executions = new Map();
/** token -> { resolve, reject, executionName } */
const parked = new Map();
/** callId -> { resolve, reject } */
const invocations = new Map();
/** State transitions per machine, as Standard workflows bill them (each state entered, each retry), and executions started. */
const transitions = {};
const started = {};

async function countTransitions(machine, eventLogs) {
  for await (const event of eventLogs)
    if (event.type === 'StateEntered' || event.type === 'StateRetried')
      transitions[machine] = (transitions[machine] ?? 0) + 1;
}

function invoke(functionName, payload) {
  const callId = randomUUID();
  return new Promise((resolve, reject) => {
    invocations.set(callId, { resolve, reject });
    parentPort.postMessage({ type: 'invoke', callId, functionName, payload });
  });
}

function findToken(value) {
  if (typeof value === 'string') return value.startsWith('localtok-') ? value : undefined;
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) {
      const token = findToken(inner);
      if (token) return token;
    }
  }
  return undefined;
}

/** Task states by name, through Parallel branches and Map processors (the runner keys overrides by state name). */
function taskStates(states, found = new Map()) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') found.set(name, state.Resource);
    for (const branch of state.Branches ?? []) taskStates(branch.States, found);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) taskStates(processor.States, found);
  }
  return found;
}

function handlersFor(executionName, definition) {
  const byResource = resourceHandlers(executionName);
  const handlers = {};
  for (const [stateName, resource] of taskStates(definition.States)) {
    const handler = byResource[resource];
    if (!handler) throw new Error(`state ${stateName}: resource ${resource} is not supported locally`);
    handlers[stateName] = handler;
  }
  return handlers;
}

function resourceHandlers(executionName) {
  return {
    'arn:aws:states:::lambda:invoke': async (input) => {
      // The runner calls this, then at once (synchronously) arms the task timeout: that timer
      // is the next one. The microtask clears the flag should a runner version arm none.
      nextTimerInRealTime = true;
      queueMicrotask(() => (nextTimerInRealTime = false));
      return { StatusCode: 200, Payload: await invoke(input.FunctionName, input.Payload) };
    },
    'arn:aws:states:::lambda:invoke.waitForTaskToken': async (input) => {
      const token = findToken(input.Payload);
      if (!token) throw new Error('waitForTaskToken task without $$.Task.Token in its payload');
      const { promise, resolve, reject } = Promise.withResolvers();
      parked.set(token, { resolve, reject, executionName });
      await invoke(input.FunctionName, input.Payload);
      return promise;
    },
  };
}

function start({ machine, name, input }) {
  if (executions.has(name)) return 'exists';
  const entry = machines.get(machine);
  if (!entry) throw new Error(`unknown state machine ${machine}`);
  const { stateMachine, definition } = entry;
  const context = {
    Execution: { Name: name, Id: `local:${machine}:${name}` },
    Task: {
      get Token() {
        return `localtok-${randomUUID()}`;
      },
    },
  };
  const run = stateMachine.run(input, {
    overrides: { taskResourceLocalHandlers: handlersFor(name, definition) },
    context,
    noThrowOnAbort: true,
  });
  const record = { status: 'RUNNING', machine, abort: run.abort };
  executions.set(name, record);
  started[machine] = (started[machine] ?? 0) + 1;
  // Reading the log also drains it: unread, the runner keeps every event of the execution.
  void countTransitions(machine, run.eventLogs);
  run.result.then(
    (output) => finish(name, record, 'SUCCEEDED', { output }),
    (error) =>
      finish(name, record, error?.name === 'StatesTimeout' ? 'TIMED_OUT' : 'FAILED', {
        error: String(error?.message ?? error),
      })
  );
  return 'started';
}

function finish(name, record, status, detail) {
  record.status = status;
  for (const [token, entry] of parked) if (entry.executionName === name) parked.delete(token);
  parentPort.postMessage({ type: 'executionEnded', name, machine: record.machine, status, ...detail });
}

function settle({ token, ok, output, error, cause }) {
  const entry = parked.get(token);
  if (!entry || executions.get(entry.executionName)?.status !== 'RUNNING') return 'gone';
  parked.delete(token);
  if (ok) entry.resolve(output);
  else entry.reject(Object.assign(new Error(cause ?? error), { name: error }));
  return 'resumed';
}

const requests = {
  define: ({ name, definition }) => {
    const parsed = JSON.parse(definition);
    machines.set(name, {
      definition: parsed,
      stateMachine: new StateMachine(parsed, { validationOptions: { checkArn: false } }),
    });
    return 'ok';
  },
  start,
  clock: (anchor) => {
    ({ realStartMs, virtualStartMs } = anchor);
    return 'ok';
  },
  status: ({ name }) => executions.get(name)?.status ?? 'NONE',
  stats: () => {
    const running = {};
    for (const { status, machine } of executions.values())
      if (status === 'RUNNING') running[machine] = (running[machine] ?? 0) + 1;
    return { transitions: { ...transitions }, started: { ...started }, running };
  },
  settle,
  abortAll: () => {
    for (const record of executions.values()) if (record.status === 'RUNNING') record.abort();
    return 'ok';
  },
};

parentPort.on('message', (message) => {
  if (message.type === 'invokeResult') {
    const pending = invocations.get(message.callId);
    if (!pending) return;
    invocations.delete(message.callId);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
    return;
  }
  const { requestId, type, args } = message;
  try {
    const result = requests[type](args);
    parentPort.postMessage({ type: 'reply', requestId, ok: true, result });
  } catch (error) {
    parentPort.postMessage({ type: 'reply', requestId, ok: false, error: String(error?.message ?? error) });
  }
});

parentPort.postMessage({ type: 'ready' });

import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';

export type LambdaFunction = (payload: unknown) => Promise<unknown>;
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'NONE';

export interface ExecutionEnded {
  name: string;
  machine: string;
  status: ExecutionStatus;
  output?: unknown;
  error?: string;
}

export type RunnerStats = Record<'transitions' | 'started' | 'running', Record<string, number>>;

export interface LocalStepFunctionsOptions {
  /** Waits and waits for a task token run this many times faster (a Lambda step's own limit stays real time). */
  timeScale: number;
  /**
   * The scaled clock's anchor, shared with the main thread: virtual = virtualStart + (real - realStart)
   * × scale. Left out, it is given later with setClock(), before any execution starts.
   */
  realStartMs?: number;
  virtualStartMs?: number;
  /** Task functions by the ARN the definitions name. */
  functions: Record<string, LambdaFunction>;
  onExecutionEnded?: (event: ExecutionEnded) => void;
  onError?: (message: string, error: unknown) => void;
}

/**
 * Main-thread side of the local Step Functions service (runner.worker.mjs): defines machines,
 * starts executions by name (a name is used once, as on AWS), resumes parked task tokens, and
 * runs the task functions the worker asks for.
 */
export class LocalStepFunctions {
  private readonly worker: Worker;
  private readonly pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly ready: Promise<void>;
  private readonly endedListeners = new Set<(e: ExecutionEnded) => void>();
  /** Task functions running now: closing waits for them, so nothing writes after stop. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: LocalStepFunctionsOptions) {
    this.worker = new Worker(new URL('./runner.worker.mjs', import.meta.url), {
      workerData: {
        scale: options.timeScale,
        realStartMs: options.realStartMs,
        virtualStartMs: options.virtualStartMs,
      },
    });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: { type: string }) => {
        if (m.type === 'ready') {
          this.worker.off('message', onMessage);
          resolve();
        }
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', reject);
    });
    this.worker.on('message', (message) => this.onMessage(message));
    this.worker.on('error', (error) => options.onError?.('local step functions worker failed', error));
  }

  onExecutionEnded(listener: (e: ExecutionEnded) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  /** Anchors the worker's scaled clock to the main thread's (when the constructor was not given it). */
  async setClock(realStartMs: number, virtualStartMs: number): Promise<void> {
    await this.request('clock', { realStartMs, virtualStartMs });
  }

  async define(name: string, definitionJson: string): Promise<void> {
    await this.request('define', { name, definition: definitionJson });
  }

  async start(machine: string, name: string, input: unknown): Promise<'started' | 'exists'> {
    return (await this.request('start', { machine, name, input })) as 'started' | 'exists';
  }

  async status(name: string): Promise<ExecutionStatus> {
    return (await this.request('status', { name })) as ExecutionStatus;
  }

  /** Per machine: state transitions and executions started so far, executions running now (the cost model reads them). */
  async stats(): Promise<RunnerStats> {
    return (await this.request('stats', {})) as RunnerStats;
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<'resumed' | 'gone'> {
    return (await this.request('settle', { token, ok: true, output })) as 'resumed' | 'gone';
  }

  async sendTaskFailure(token: string, error: string, cause?: string): Promise<'resumed' | 'gone'> {
    return (await this.request('settle', { token, ok: false, error, cause })) as 'resumed' | 'gone';
  }

  async close(): Promise<void> {
    await this.request('abortAll', {}).catch(() => undefined);
    await this.worker.terminate();
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, 5000))]);
  }

  private async request(type: string, args: unknown): Promise<unknown> {
    await this.ready;
    const requestId = randomUUID();
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.worker.postMessage({ type, requestId, args });
    });
  }

  private onMessage(message: Record<string, unknown>): void {
    switch (message.type) {
      case 'reply': {
        const pending = this.pending.get(message.requestId as string);
        if (!pending) return;
        this.pending.delete(message.requestId as string);
        if (message.ok) pending.resolve(message.result);
        else pending.reject(new Error(String(message.error)));
        return;
      }
      case 'invoke': {
        const running = this.invoke(
          message.callId as string,
          message.functionName as string,
          message.payload
        );
        this.inFlight.add(running);
        void running.finally(() => this.inFlight.delete(running));
        return;
      }
      case 'executionEnded': {
        const event = message as unknown as ExecutionEnded;
        this.options.onExecutionEnded?.(event);
        for (const listener of this.endedListeners) listener(event);
        return;
      }
    }
  }

  private async invoke(callId: string, functionName: string, payload: unknown): Promise<void> {
    const fn = this.options.functions[functionName];
    try {
      if (!fn) throw new Error(`no local function for ${functionName}`);
      const result = await fn(payload);
      this.worker.postMessage({ type: 'invokeResult', callId, ok: true, result: result ?? null });
    } catch (error) {
      const e = error as Error;
      this.options.onError?.(`task function ${functionName} failed`, error);
      this.worker.postMessage({
        type: 'invokeResult',
        callId,
        ok: false,
        error: { name: e.name || 'Error', message: e.message },
      });
    }
  }
}

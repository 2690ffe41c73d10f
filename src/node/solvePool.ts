/**
 * Solves off the event loop, for the Node entry: a kept pool of worker threads (piscina) runs POST
 * /v1/optimizations, so a long solve leaves the main thread free for /health and every other request.
 * - Small: one thread per core but one (the main thread keeps a core), at least one.
 * - Kept warm: the threads live as long as the server (each loads HiGHS once, on its first solve).
 * - Bounded queue: solves wait for a free thread up to `maxQueue`; one more is refused (SolversBusy → 503).
 * - Stopped when the client goes: the request's AbortSignal reaches piscina, which terminates the thread
 *   running that solve (a synchronous solve cannot be interrupted any other way) and starts a fresh one;
 *   a solve still waiting in the queue is just dropped.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { EngineError } from '../core/errors.js';
import { SolversBusy, type OptimizationRunner } from '../api/optimizations/route.js';
import type { SolveOutcome, SolveTask } from './solveTask.js';

export interface SolvePoolOptions {
  /** Solver threads (default: cores − 1, at least 1). */
  readonly threads?: number;
  /** Solves that may wait for a free thread (default: 4 per thread). */
  readonly maxQueue?: number;
  /** Retry-After of a refused solve, in seconds. */
  readonly retryAfterSeconds?: number;
}

export interface SolvePool {
  readonly run: OptimizationRunner;
  readonly threads: number;
  readonly maxQueue: number;
  /** Solves on a thread now, solves waiting, and solves stopped (or dropped from the queue) because their client went away. */
  stats(): { running: number; waiting: number; stopped: number };
  /** The live solver threads' ids: a stopped solve's thread is replaced by a new one. */
  threadIds(): number[];
  close(): Promise<void>;
}

/** Options from the environment: SOLVER_THREADS and SOLVER_QUEUE, when set to whole numbers. */
export function solvePoolOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SolvePoolOptions {
  const whole = (v: string | undefined, min: number) => (v && /^\d+$/.test(v) && Number(v) >= min ? Number(v) : undefined);
  return { threads: whole(env.SOLVER_THREADS, 1), maxQueue: whole(env.SOLVER_QUEUE, 0) };
}

export function createSolvePool(options: SolvePoolOptions = {}): SolvePool {
  const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
  const maxQueue = options.maxQueue ?? 4 * threads;
  const retryAfterSeconds = options.retryAfterSeconds ?? 5;
  const pool = new Piscina<SolveTask, SolveOutcome>({
    filename: new URL('./solveWorker.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Infinity,
    // the check in run() answers first; piscina's own limit on the same queue is the backstop
    maxQueue,
  });
  let running = 0;
  let stopped = 0;

  const run: OptimizationRunner = async (body, { signal, explain }) => {
    if (running >= threads && pool.queueSize >= maxQueue) throw new SolversBusy(running, pool.queueSize, retryAfterSeconds);
    running++;
    let outcome: SolveOutcome;
    try {
      outcome = await pool.run({ body, explain }, { signal });
    } catch (err) {
      if (signal.aborted) stopped++;
      if (err instanceof Error && /Task queue is at limit|No task queue available/.test(err.message)) {
        throw new SolversBusy(running - 1, pool.queueSize, retryAfterSeconds);
      }
      throw err;
    } finally {
      running--;
    }
    if ('issues' in outcome) throw new EngineError(outcome.issues);
    return outcome.result;
  };

  return {
    run,
    threads,
    maxQueue,
    stats: () => ({ running: Math.max(0, running - pool.queueSize), waiting: pool.queueSize, stopped }),
    threadIds: () => pool.threads.map((t) => t.threadId),
    close: () => pool.close({ force: true }),
  };
}

// The file piscina loads in each solver thread. It is plain JavaScript because a worker thread does not
// inherit a TypeScript loader reliably (vitest runs the tests without one; `tsx src/node.ts` does): tsx's
// tsImport loads the task from source either way, with its own scoped loader.
import { tsImport } from 'tsx/esm/api';

const task = await tsImport('./solveTask.ts', import.meta.url);

export default task.default;

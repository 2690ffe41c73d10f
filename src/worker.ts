/**
 * Cloudflare Workers entry: the app as the fetch handler. /docs/assets are served by Workers static assets.
 *
 * HiGHS (the optimizer's WebAssembly solver) cannot find its own .wasm file in workerd, so the Worker imports
 * it as a compiled module (wrangler's CompiledWasm rule needs a specifier ending in .wasm) and hands it to
 * the solver layer, which instantiates it on the first solve that needs it: once per isolate.
 */
import highsWasm from '../node_modules/highs/build/highs.wasm';
import { createApp } from './api/app.js';
import { provideHighsWasmModule } from './domain/optimization/solver/highs.js';

provideHighsWasmModule(highsWasm);

export default createApp();

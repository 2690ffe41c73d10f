/**
 * The widget's entry (bundled by scripts/build-widget.mjs): defines <fund-allocator> once, even when the script
 * is loaded twice, and re-exports the pure parts the bench and the tests call directly.
 */
import { FundAllocator } from './element.js';

export { allocateLocally } from './engine.js';
export { rebalance } from './weights.js';
export { waterfallSteps } from './waterfall.js';
export { FundAllocator } from './element.js';

if (typeof customElements !== 'undefined' && !customElements.get('fund-allocator')) customElements.define('fund-allocator', FundAllocator);

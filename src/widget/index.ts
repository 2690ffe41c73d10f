/**
 * The widget's entry: defines <fund-allocator> (once, even if the script is loaded twice) and re-exports the
 * pure parts the bench and tests call directly.
 */
import { FundAllocator } from './element.js';

export { allocateLocally } from './engine.js';
export { FundAllocator } from './element.js';

if (!customElements.get('fund-allocator')) customElements.define('fund-allocator', FundAllocator);

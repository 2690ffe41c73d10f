/** Cloudflare Workers entry: the app as the fetch handler. /docs/assets are served by Workers static assets. */
import { createApp } from './api/app.js';

export default createApp();

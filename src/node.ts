/** Node entry, for offices that host the service themselves: `npm run start:node` (PORT, default 8787). */
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createApp } from './api/app.js';

const root = new Hono();
root.use('/docs/assets/*', serveStatic({ root: './public' }));
root.route('/', createApp());

const port = Number(process.env.PORT ?? 8787);
serve({ fetch: root.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
  console.log(`bridging-fund allocator on http://${info.address}:${info.port} (docs at /docs)`);
});

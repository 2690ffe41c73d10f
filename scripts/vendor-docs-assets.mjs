// Copies Swagger UI's static files from node_modules into public/docs/assets so /docs works with no CDN
// (government intranets and these machines cannot reach one). Runs on every install; public/ is not committed.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let dist;
try {
  dist = dirname(require.resolve('swagger-ui-dist/package.json'));
} catch {
  // Production-only installs (npm ci --omit=dev) have no swagger-ui-dist: /docs then explains itself.
  console.warn('vendor-docs-assets: swagger-ui-dist not installed, /docs assets skipped');
  process.exit(0);
}
const target = join(import.meta.dirname ?? dirname(new URL(import.meta.url).pathname), '..', 'public', 'docs', 'assets');
mkdirSync(target, { recursive: true });
for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']) {
  const from = join(dist, file);
  if (existsSync(from)) cpSync(from, join(target, file));
}

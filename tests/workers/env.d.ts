// Types for the suite that runs inside workerd (vitest.workers.config.ts).
// `exports` from 'cloudflare:workers' is typed from the main module declared here; 'cloudflare:test' from
// the pool's own declarations.
/// <reference types="@cloudflare/vitest-pool-workers/types" />

declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../../src/worker.js');
  }
  // the bindings of wrangler.toml and vitest.workers.config.ts, as `env` from 'cloudflare:workers' sees them
  interface Env {
    DB: import('@cloudflare/workers-types').D1Database;
    TEST_MIGRATIONS: import('@cloudflare/vitest-pool-workers').D1Migration[];
    RATE_LIMITER: import('../../src/api/access/rateLimit.js').RateLimitBinding;
    RATE_LIMITER_TINY: import('../../src/api/access/rateLimit.js').RateLimitBinding;
    CORS_ORIGINS: string;
  }
}

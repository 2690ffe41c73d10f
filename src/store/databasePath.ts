/** Where the Node service keeps its SQLite file: DATABASE_PATH, else ./data/allocator.sqlite (relative to where it is started). Shared by src/node.ts and npm run keys (src/keys.ts), which must agree. */
export const databasePathFromEnv = (env: NodeJS.ProcessEnv): string => env.DATABASE_PATH || './data/allocator.sqlite';

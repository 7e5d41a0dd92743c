// Kept in step with package.json by test/package.test.ts; a constant, so nothing reads files at start-up.
export const NAME = 'realtimekit-mcp';
export const VERSION = '0.1.0';

// `cloudflare:workers` for tests that run Workers code in Node (vitest.config.ts aliases it here): the one name
// the sign-in's provider imports from it, for its Service Binding entrypoint, which this project never uses.
export class WorkerEntrypoint {}

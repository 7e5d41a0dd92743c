// hls.js's light build has the full build's API, but its package exports no types for it.
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}

// The live view's HTML, which the Worker's build (scripts/build.mjs) bundles as a string.
declare module '*.html' {
  const html: string;
  export default html;
}

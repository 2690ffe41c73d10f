// wrangler (and the workers pool) turn a .wasm import into a compiled WebAssembly.Module (CompiledWasm rule).
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

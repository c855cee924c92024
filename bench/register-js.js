// Loads the bench's TypeScript as plain compiled JavaScript would run: each file transpiled to
// CommonJS once, without source maps and without ts-node's source-map-support (which formats every
// `new Error().stack` through the source maps). What `node dist/...` or a `tsc`-built program does.
const fs = require("fs");
const ts = require("typescript");
require.extensions[".ts"] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: false,
    },
  });
  module._compile(outputText, filename);
};

"use strict";
/**
 * `node --require` hook for the Node.js processes the engine starts (the program, the stand-in
 * azure-native plugin): loads `.ts` files by transpiling them (no type check, as
 * PULUMI_NODEJS_TRANSPILE_ONLY), through a content-addressed cache in $ENGINE_TRANSPILE_CACHE that
 * the whole suite shares. A warm run never loads TypeScript or ts-node: the stand-in plugin starts
 * on 0.9 s of CPU instead of 1.1-1.25 s (measured on the CI machine), in each of the ~130 program
 * and plugin processes of a suite run. Plain JavaScript, so that it loads as is.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const cacheDir = process.env.ENGINE_TRANSPILE_CACHE;
if (cacheDir && !require.extensions[".ts"]) {
  const compilerOptions = {
    module: "commonjs",
    target: "es2022",
    esModuleInterop: true,
    inlineSourceMap: true,
  };
  let ts;
  require.extensions[".ts"] = (module, filename) => {
    const source = fs.readFileSync(filename, "utf8");
    const key = crypto
      .createHash("sha256")
      .update(`${filename}\0${JSON.stringify(compilerOptions)}\0${source}`)
      .digest("hex");
    const cached = path.join(cacheDir, `${key}.js`);
    let output;
    try {
      output = fs.readFileSync(cached, "utf8");
    } catch {
      ts ??= require(require.resolve("typescript", { paths: [path.dirname(filename)] }));
      const options = ts.convertCompilerOptionsFromJson(compilerOptions, "").options;
      output = ts.transpileModule(source, {
        fileName: filename,
        compilerOptions: options,
      }).outputText;
      // Concurrent processes may transpile the same file: write aside, then rename (atomic).
      const tmp = `${cached}.${process.pid}`;
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(tmp, output);
      fs.renameSync(tmp, cached);
    }
    module._compile(output, filename);
  };
}

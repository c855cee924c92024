"use strict";
/**
 * `node --require` hook for the TypeScript processes the tests start (the plan CLI of
 * test/support/cli.ts; the engine's program and stand-in plugin): loads `.ts` files by
 * transpiling them (no type check, as ts-node --transpile-only), through a content-addressed cache
 * in $MLOPS_TRANSPILE_CACHE shared by every process. A warm process never loads TypeScript or
 * ts-node: measured on the CI machine, a plan of examples/daily-ingest takes 1.3 s of CPU instead
 * of 5.5 s, and the stand-in plugin starts on 0.9 s instead of 1.1-1.25 s. Plain JavaScript, so
 * that it loads as is.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const cacheDir = process.env.MLOPS_TRANSPILE_CACHE;
if (cacheDir && !require.extensions[".ts"]) {
  const compilerOptions = {
    module: "commonjs",
    target: "es2022",
    esModuleInterop: true,
    inlineSourceMap: true,
  };
  let ts;
  // The project's compiler, else ours (a program written to a temporary directory).
  const typescriptFor = (filename) => {
    try {
      return require.resolve("typescript", { paths: [path.dirname(filename)] });
    } catch {
      return require.resolve("typescript");
    }
  };
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
      ts ??= require(typescriptFor(filename));
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

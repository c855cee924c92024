"use strict";
/**
 * `node --require` hook for the engine's Node.js processes (the program, dynamic providers): sends
 * HTTPS requests for the hosts in `$MLOPS_REDIRECT_HOSTS` (JSON `{ "<host or *.suffix>":
 * "127.0.0.1:<port>" }`) to the loopback fake instead, keeping the original `Host` header, as an
 * /etc/hosts entry would. It is how a library component that builds its own endpoint
 * (`https://<service>.search.windows.net`) and uses `DefaultAzureCredential` (Microsoft Entra's
 * `login.microsoftonline.com` for instance discovery) reaches the fake ARM without any test hook
 * in the library. The fake's certificate is trusted through NODE_EXTRA_CA_CERTS (CN 127.0.0.1: the
 * TLS name checked is the loopback address). Plain JavaScript, so that it loads as is.
 */
const https = require("https");

const map = (() => {
  try {
    return JSON.parse(process.env.MLOPS_REDIRECT_HOSTS || "{}");
  } catch {
    return {};
  }
})();

const target = (host) => {
  for (const [pattern, to] of Object.entries(map)) {
    if (pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) : host === pattern) return to;
  }
  return undefined;
};

if (Object.keys(map).length && !https.request.__mlopsRedirect) {
  const original = https.request;
  const redirected = function (a, b, c) {
    let options;
    let callback;
    if (typeof a === "string" || a instanceof URL) {
      const u = new URL(a);
      options = {
        protocol: u.protocol,
        hostname: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        ...(b && typeof b === "object" ? b : {}),
      };
      callback = typeof b === "function" ? b : c;
    } else {
      options = { ...a };
      callback = b;
    }
    const host = options.hostname || String(options.host || "").split(":")[0];
    const to = host ? target(host) : undefined;
    if (to) {
      const [h, p] = to.split(":");
      const headers = { ...(options.headers || {}) };
      for (const k of Object.keys(headers)) if (k.toLowerCase() === "host") delete headers[k];
      headers.host = host;
      // servername: the agent would otherwise take the TLS name from the Host header.
      options = {
        ...options,
        hostname: h,
        host: undefined,
        port: Number(p),
        servername: h,
        headers,
      };
    }
    return callback ? original.call(https, options, callback) : original.call(https, options);
  };
  redirected.__mlopsRedirect = true;
  https.request = redirected;
  https.get = function (a, b, c) {
    const req = redirected(a, b, c);
    req.end();
    return req;
  };
}

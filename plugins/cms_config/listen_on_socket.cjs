// Preloaded into decap-server (node --require): it listens on the Unix socket that
// LGNETEA_BACKEND_SOCKET names instead of a TCP port, so that no web page can reach it;
// only the guard in front of it (backend_guard.py) can, through a folder private to its user.
"use strict";
const net = require("net");
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const callback = args.find((arg) => typeof arg === "function");
  return listen.call(this, process.env.LGNETEA_BACKEND_SOCKET, callback);
};

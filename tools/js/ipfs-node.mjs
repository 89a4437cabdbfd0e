// A real IPFS node for the Java tests of IpfsPinner: js-ipfs (ipfs-core) with its Kubo RPC API
// server (ipfs-http-server, /api/v0/...) and its read-only gateway (ipfs-http-gateway, /ipfs/CID),
// the same parts `jsipfs daemon` (npm `ipfs` 0.66.1) runs, less its WebRTC and gRPC transports.
//
//   node ipfs-node.mjs <repo-folder>
//
// The repository is created in <repo-folder> when it is new. The node is offline: no swarm
// addresses, no bootstrap peers, no MDNS, no preload, no delegates. Its API and gateway listen on
// 127.0.0.1 at ports the system picks. Once both answer, it prints one JSON line:
//   {"api":"http://127.0.0.1:PORT","gateway":"http://127.0.0.1:PORT"}
// It stops (servers, then the repository, so its lock is released) on SIGTERM, SIGINT, SIGHUP, or
// when its standard input closes, which is how it follows a test JVM that ended without stopping it.
import { create } from "ipfs-core";
import { HttpApi } from "ipfs-http-server";
import { HttpGateway } from "ipfs-http-gateway";

const repo = process.argv[2];
if (!repo) {
  console.error("usage: node ipfs-node.mjs <repo-folder>");
  process.exit(2);
}

const loopback = "/ip4/127.0.0.1/tcp/0";
const ipfs = await create({
  repo,
  offline: true,
  silent: true,
  start: true,
  preload: { enabled: false },
  init: { emptyRepo: true },
  config: {
    Addresses: {
      Swarm: [],
      Announce: [],
      NoAnnounce: [],
      API: loopback,
      Gateway: loopback,
      RPC: loopback,
      Delegates: [],
    },
    Bootstrap: [],
    Discovery: { MDNS: { Enabled: false }, webRTCStar: { Enabled: false } },
  },
});
const api = new HttpApi(ipfs);
await api.start();
const gateway = new HttpGateway(ipfs);
await gateway.start();

let stopping = null;
function stop() {
  stopping ??= Promise.all([api.stop(), gateway.stop()])
    .then(() => ipfs.stop())
    .then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  return stopping;
}
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(signal, stop);
}
process.stdin.on("end", stop);
process.stdin.resume();

const url = (server) => `http://127.0.0.1:${server.info.port}`;
console.log(
  JSON.stringify({ api: url(api._apiServers[0]), gateway: url(gateway._gatewayServers[0]) }),
);

// Starts fauxqs on 127.0.0.1 only (its CLI binds 0.0.0.0) and prints the port it got.
// Usage: node start-fauxqs.mjs [port]   (0 or nothing = any free port)
import { buildApp } from "fauxqs";

const app = buildApp({ logger: false, host: "127.0.0.1", defaultRegion: "us-east-1" });
await app.listen({ host: "127.0.0.1", port: Number(process.argv[2] ?? 0) });
console.log(`fauxqs listening on port ${app.server.address().port}`);

// The test host stops us by closing stdin, so no fauxqs outlives a crashed test run.
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));

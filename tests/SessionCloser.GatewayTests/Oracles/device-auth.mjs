// Oracle for session-closer's device proof: OpenClaw's own code (dist/ of a published version) builds the v3
// payload, verifies our signature, signs with our private key and reads our PEM files.
// Usage: node device-auth.mjs <openclaw dist dir>   (JSON request on stdin, JSON answer on stdout)
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dist = process.argv[2];
const byFunction = (name) => {
  const file = fs.readdirSync(dist).filter((f) => f.endsWith(".js"))
    .find((f) => fs.readFileSync(path.join(dist, f), "utf8").includes(`\nfunction ${name}(`));
  if (!file) throw new Error(`no ${name} in ${dist}`);
  return file;
};
const fns = {};
for (const file of new Set([byFunction("buildDeviceAuthPayloadV3"), byFunction("verifyDeviceSignature")])) {
  for (const value of Object.values(await import(pathToFileURL(path.join(dist, file)).href))) {
    if (typeof value === "function") fns[value.name] = value;
  }
}

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const answer = {
  deviceIdFromPem: fns.deriveDeviceIdFromPublicKey(request.publicKeyPem),
  publicKeyFromPem: fns.publicKeyRawBase64UrlFromPem(request.publicKeyPem),
  cases: request.cases.map((c) => {
    const payload = fns.buildDeviceAuthPayloadV3(c);
    return {
      payload,
      verified: fns.verifyDeviceSignature(c.publicKey, payload, c.signature),
      signature: fns.signDevicePayload(request.privateKeyPem, payload),
    };
  }),
};
process.stdout.write(JSON.stringify(answer));

// Independent checks of Atelier's license hashes, JSON canonicalisation (RFC 8785) and provenance
// signatures, with spdx-license-list, canonicalize (erdtman) and ethers v6. The Java tests run this
// script with `node provenance-check.mjs <command> <args...>`; each command prints one JSON object.
//
//   license-sha256 <spdx-id>          SHA-256 of the SPDX list's text, line endings normalised
//   jcs <json-file>                   canonical form and its SHA-256
//   numbers <json-file>               the file holds an array of 16-hex-digit IEEE-754 bit patterns;
//                                     answers each double as canonicalize writes it
//   sign-record <private-key> <record-file> <chain-id>
//                                     EIP-712 signature of a provenance record (JSON-LD as Atelier
//                                     writes it), the typed data built here from the record alone
//   verify-record <record-file> <chain-id> <signature>
//                                     recovered signer, digest and record hash
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import canonicalize from "canonicalize";
import { TypedDataEncoder, Wallet, verifyTypedData } from "ethers";

const require = createRequire(import.meta.url);

function sha256Hex(text) {
  return createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");
}

/** The EIP-712 domain, types and message of a record, as the provenance spec describes them. */
function provenanceTypedData(recordFile, chainId) {
  const text = readFileSync(recordFile, "utf8");
  const record = JSON.parse(text);
  const recordSha256 = sha256Hex(canonicalize(record));
  const domain = { name: "Atelier", version: "1", chainId: BigInt(chainId) };
  const types = {
    Provenance: [
      { name: "recordHash", type: "bytes32" },
      { name: "pixelsHash", type: "bytes32" },
      { name: "weightsHash", type: "bytes32" },
      { name: "creator", type: "address" },
      { name: "licenseId", type: "string" },
      { name: "termsHash", type: "bytes32" },
      { name: "timestamp", type: "uint64" },
    ],
  };
  const seconds = Date.parse(record.dateCreated) / 1000;
  if (!Number.isInteger(seconds)) {
    throw new Error(`dateCreated ${record.dateCreated} is not a whole-second time`);
  }
  const message = {
    recordHash: "0x" + recordSha256,
    pixelsHash: "0x" + record.pixelsSha256,
    weightsHash: "0x" + record.model.weightsSha256,
    creator: record.creator,
    licenseId: record.license.identifier,
    termsHash: "0x" + record.license.termsSha256,
    timestamp: BigInt(seconds),
  };
  return { domain, types, message, recordSha256 };
}

const commands = {
  "license-sha256"(id) {
    const { licenseText } = require(`spdx-license-list/licenses/${id}.json`);
    const text = licenseText.replace(/\r\n/g, "\n").replace(/\r/g, "\n");
    return { sha256: sha256Hex(text), length: text.length };
  },
  jcs(file) {
    const canonical = canonicalize(JSON.parse(readFileSync(file, "utf8")));
    return { canonical, sha256: sha256Hex(canonical) };
  },
  numbers(file) {
    const view = new DataView(new ArrayBuffer(8));
    const out = JSON.parse(readFileSync(file, "utf8")).map((bits) => {
      view.setBigUint64(0, BigInt("0x" + bits));
      return canonicalize(view.getFloat64(0));
    });
    return { numbers: out };
  },
  async "sign-record"(privateKey, file, chainId) {
    const { domain, types, message, recordSha256 } = provenanceTypedData(file, chainId);
    return {
      signature: await new Wallet(privateKey).signTypedData(domain, types, message),
      digest: TypedDataEncoder.hash(domain, types, message),
      recordSha256,
    };
  },
  "verify-record"(file, chainId, signature) {
    const { domain, types, message, recordSha256 } = provenanceTypedData(file, chainId);
    return {
      address: verifyTypedData(domain, types, message, signature),
      digest: TypedDataEncoder.hash(domain, types, message),
      recordSha256,
    };
  },
};

const [command, ...args] = process.argv.slice(2);
if (!(command in commands)) {
  console.error(`unknown command ${command}; one of ${Object.keys(commands).join(", ")}`);
  process.exit(2);
}
try {
  console.log(JSON.stringify(await commands[command](...args)));
} catch (e) {
  console.error(e.shortMessage ?? e.message);
  process.exit(1);
}

// Independent checks of the Merkle proofs of Atelier's version 2 collection batches
// (dev.atelier.chain.BatchTree) with OpenZeppelin's @openzeppelin/merkle-tree and ethers. The Java
// tests run this script with `node merkle-check.mjs <command> <args...>`; each command prints one
// JSON object on stdout.
//
//   proofs <file>    the file holds {"root": "0x…", "tokens": [{"digest", "aigcData",
//                    "signature", "proof": ["0x…", …]}, …]} (hex strings). For each token:
//                    provenanceHash = keccak256(abi.encode(keccak256(aigcData),
//                    keccak256(signature))) with ethers, the leaf with merkle-tree's
//                    standardLeafHash(["bytes32", "bytes32"], [digest, provenanceHash]), folded
//                    with its processProof (sorted pairs). Prints {"leaves": […], "roots": […],
//                    "valid": [true|false, …]}, valid meaning the fold gives the file's root.
import { readFileSync } from "node:fs";
import { AbiCoder, keccak256 } from "ethers";
import core from "@openzeppelin/merkle-tree/dist/core.js";
import hashes from "@openzeppelin/merkle-tree/dist/hashes.js";

const commands = {
  proofs(file) {
    const { root, tokens } = JSON.parse(readFileSync(file, "utf8"));
    const leaves = [];
    const roots = [];
    for (const t of tokens) {
      const provenanceHash = keccak256(
        AbiCoder.defaultAbiCoder().encode(
          ["bytes32", "bytes32"],
          [keccak256(t.aigcData), keccak256(t.signature)],
        ),
      );
      const leaf = hashes.standardLeafHash(["bytes32", "bytes32"], [t.digest, provenanceHash]);
      leaves.push(leaf);
      roots.push(core.processProof(leaf, t.proof));
    }
    return { leaves, roots, valid: roots.map((r) => r.toLowerCase() === root.toLowerCase()) };
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

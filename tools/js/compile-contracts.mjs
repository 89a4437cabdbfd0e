// Compiles Atelier's Solidity contracts with solc-js (the exact compiler in package-lock.json) and
// writes one JSON artifact per contract: ABI, creation bytecode, runtime bytecode, the compiler
// version, the settings and the SHA-256 of the source. The output is deterministic, so the Java
// tests recompile into a temporary folder and compare it byte for byte with the committed files.
//
//   node compile-contracts.mjs [OUT_DIR]
//
// OUT_DIR is a class-path root; each artifact goes to the resource folder of the Java code that
// loads it (CONTRACTS below). Without OUT_DIR, the product's contracts go to
// app/core/src/main/resources and the test contracts (sources under src-test/core/solidity) to
// src-test/core/resources. Imports of npm packages
// (@openzeppelin/contracts/..., erc721a/..., solady/...) resolve from this folder's node_modules,
// as written or through REMAPPINGS. Prints {"written": [...]} on stdout:
// the artifact paths, relative to their class-path root, in the order of CONTRACTS.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const TREES = {
  main: {
    sources: join(root, "app", "core", "src", "main", "solidity"),
    sourcePath: "app/core/src/main/solidity",
    out: resolve(process.argv[2] ?? join(root, "app", "core", "src", "main", "resources")),
  },
  test: {
    sources: join(root, "src-test", "core", "solidity"),
    sourcePath: "src-test/core/solidity",
    out: resolve(process.argv[2] ?? join(root, "src-test", "core", "resources")),
  },
};

// Every contract: its source under its tree's sources (main unless named) and its artifact's
// folder under the tree's output. The plain OpenZeppelin, ERC721A and Solady tokens are the gas benchmark's reference
// points (GasBench); the test contracts drive the collection in tests only.
const CONTRACTS = [
  { name: "AtelierCollection", source: "AtelierCollection.sol", artifactDir: "dev/atelier/chain" },
  {
    name: "AtelierCollectionV2",
    source: "AtelierCollectionV2.sol",
    artifactDir: "dev/atelier/chain",
  },
  { name: "PlainERC721", source: "bench/PlainERC721.sol", artifactDir: "dev/atelier/bench" },
  {
    name: "PlainERC721URIStorage",
    source: "bench/PlainERC721URIStorage.sol",
    artifactDir: "dev/atelier/bench",
  },
  { name: "PlainERC721A", source: "bench/PlainERC721A.sol", artifactDir: "dev/atelier/bench" },
  {
    name: "PlainSoladyERC721",
    source: "bench/PlainSoladyERC721.sol",
    artifactDir: "dev/atelier/bench",
  },
  {
    name: "ReenteringReceiver",
    source: "test/ReenteringReceiver.sol",
    artifactDir: "dev/atelier/chain",
    tree: "test",
  },
];

// Pinned: changing any of these changes the bytecode, and the artifact test notices.
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
  metadata: { bytecodeHash: "none", appendCBOR: false },
  outputSelection: {
    "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] },
  },
};

// Import prefixes for packages whose sources sit in a subfolder, as Foundry's remappings write
// them: "solady/tokens/ERC721.sol" is node_modules/solady/src/tokens/ERC721.sol. An import that
// names the file as it lies in node_modules ("solady/src/...", "erc721a/contracts/...") is read
// as written.
const REMAPPINGS = [
  ["solady/", "solady/src/"],
  ["erc721a/", "erc721a/contracts/"],
];

function findImport(path) {
  const candidates = [path];
  for (const [prefix, target] of REMAPPINGS) {
    if (path.startsWith(prefix) && !path.startsWith(target)) {
      candidates.push(target + path.slice(prefix.length));
    }
  }
  const modules = join(here, "node_modules");
  for (const candidate of candidates) {
    try {
      return { contents: readFileSync(join(modules, candidate), "utf8") };
    } catch {
      // try the next one
    }
  }
  return { error: `cannot read ${candidates.join(" or ")} from ${modules}` };
}

const input = { language: "Solidity", sources: {}, settings: SETTINGS };
const texts = {};
for (const { source, tree } of CONTRACTS) {
  texts[source] = readFileSync(join(TREES[tree ?? "main"].sources, source), "utf8");
  input.sources[source] = { content: texts[source] };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
const errors = (output.errors ?? []).filter((e) => e.severity === "error");
// Errors from anywhere; warnings only on Atelier's own sources, not on the npm packages' (Solady's
// deprecated assembly comments would fill the screen).
for (const e of output.errors ?? []) {
  if (e.severity === "error" || e.sourceLocation?.file in texts) {
    process.stderr.write(e.formattedMessage + "\n");
  }
}
if (errors.length > 0) {
  process.exit(1);
}

const written = [];
for (const { name, source, artifactDir, tree } of CONTRACTS) {
  const { sourcePath, out } = TREES[tree ?? "main"];
  const c = output.contracts[source][name];
  const artifact = {
    contractName: name,
    sourceFile: `${sourcePath}/${source}`,
    sourceSha256: createHash("sha256").update(texts[source], "utf8").digest("hex"),
    compiler: { name: "solc-js", version: solc.version() },
    settings: {
      optimizer: SETTINGS.optimizer,
      evmVersion: SETTINGS.evmVersion,
      metadata: SETTINGS.metadata,
    },
    abi: c.abi,
    bytecode: "0x" + c.evm.bytecode.object,
    deployedBytecode: "0x" + c.evm.deployedBytecode.object,
  };
  const relative = `${artifactDir}/${name}.json`;
  mkdirSync(join(out, artifactDir), { recursive: true });
  writeFileSync(join(out, relative), JSON.stringify(artifact, null, 2) + "\n");
  written.push(relative);
}
process.stdout.write(JSON.stringify({ written }) + "\n");

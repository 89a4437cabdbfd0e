// solc's `--standard-json` mode on top of solc-js (the compiler pinned in package-lock.json), for
// tools that want a native solc executable, such as Foundry's forge (see forge-fuzz.sh). Reads the
// standard JSON input on stdin and writes the output on stdout. Imports that the input does not
// carry resolve against the working folder and each --base-path / --include-path argument.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import solc from "solc";

const args = process.argv.slice(2);
if (args.includes("--version")) {
  // The form forge parses: a second line "Version: X.Y.Z+commit.HASH.PLATFORM".
  console.log("solc, the solidity compiler commandline interface");
  console.log("Version: " + solc.version().replace("Emscripten.clang", "Linux.g++"));
  process.exit(0);
}
const roots = [process.cwd()];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--base-path" || args[i] === "--include-path") roots.push(args[++i]);
}

function findImport(path) {
  for (const root of [...roots, ""]) {
    try {
      return { contents: readFileSync(root ? join(root, path) : path, "utf8") };
    } catch {
      // try the next root
    }
  }
  return { error: `cannot read ${path} from ${roots.join(", ")}` };
}

process.stdout.write(solc.compile(readFileSync(0, "utf8"), { import: findImport }));
